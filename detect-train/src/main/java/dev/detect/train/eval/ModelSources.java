package dev.detect.train.eval;

import dev.detect.core.config.InputReader;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.internal.CheckpointModel;
import dev.detect.train.ssd.SsdSpecs;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The models a {@link ModelEvaluator} evaluates, each opened anew for every evaluation. */
final class ModelSources {
  private ModelSources() {}

  /** A model to open for one evaluation. */
  interface Source {
    /**
     * Opens the model.
     *
     * @param labelMap the caller's label map, overriding the model's
     */
    DetectionSource open(Optional<LabelMap> labelMap, EvaluationListener listener)
        throws IOException;
  }

  /** A Detector the caller owns (not closed). */
  static Source of(Detector detector) {
    return (labelMap, listener) ->
        new DetectorSource(
            detector, labelMap.orElse(detector.labelMap()), detector.modelSource().file(), false);
  }

  /**
   * The model at {@code model}, loaded as {@code detect eval --model} does: min score 0, every
   * detection the model returns.
   */
  static Source load(Path model) {
    return (labelMap, listener) -> {
      DetectorOptions.Builder options =
          DetectorOptions.builder().minScore(0f).maxResults(Integer.MAX_VALUE);
      labelMap.ifPresent(options::labelMap);
      Detector detector = Detector.load(model, options.build());
      return new DetectorSource(detector, detector.labelMap(), model, true);
    };
  }

  /**
   * The checkpoint {@code checkpoint} (a prefix, or a model folder: its latest checkpoint) of a
   * model of {@code config}, named by the config's eval label map (else the train one).
   */
  static Source checkpoint(PipelineConfig config, Path checkpoint) {
    return (labelMap, listener) -> {
      LabelMap map = labelMap.isPresent() ? labelMap.get() : configLabelMap(config);
      CheckpointManager.Checkpoint found = resolve(checkpoint);
      listener.onCheckpoint(found.prefix(), found.step());
      CheckpointModel model = new CheckpointModel(SsdSpecs.from(config));
      try {
        model.restore(found.prefix());
      } catch (RuntimeException | Error e) {
        model.close();
        throw e;
      }
      return new FunctionSource(model::detect, map, found.prefix().toString(), model::close);
    };
  }

  /** A function the caller owns, named by {@code labelMap} (empty: matched by id). */
  static Source of(DetectionModel model) {
    return (labelMap, listener) ->
        new FunctionSource(model, labelMap.orElse(LabelMap.of(List.of())), "the model", () -> {});
  }

  /** The label map of the config's first eval input, else of its train input. */
  private static LabelMap configLabelMap(PipelineConfig config) throws IOException {
    String path = config.evalInputs().isEmpty() ? "" : config.evalInputs().get(0).labelMapPath();
    if (path.isBlank() && config.hasTrainInput()) {
      path = config.trainInput().labelMapPath();
    }
    return LabelMapFormat.read(Path.of(path));
  }

  /**
   * The checkpoint a folder's {@code checkpoint} file names last, or the prefix given.
   *
   * @throws NoSuchFileException when there is none: an empty or missing folder, or a prefix without
   *     its {@code .index}
   */
  private static CheckpointManager.Checkpoint resolve(Path checkpoint) throws IOException {
    if (Files.isDirectory(checkpoint)) {
      return new CheckpointManager(checkpoint, 1)
          .latest()
          .orElseThrow(
              () ->
                  new NoSuchFileException(
                      checkpoint.toString(), null, "no checkpoint (train first)"));
    }
    if (!Files.exists(checkpoint.resolveSibling(checkpoint.getFileName() + ".index"))) {
      throw new NoSuchFileException(checkpoint.toString(), null, "no checkpoint (train first)");
    }
    String name = checkpoint.getFileName().toString();
    long step;
    try {
      step = Long.parseLong(name.substring(name.lastIndexOf('-') + 1));
    } catch (NumberFormatException e) {
      step = -1;
    }
    return new CheckpointManager.Checkpoint(checkpoint, step);
  }

  /** The first eval input of {@code config}. */
  static InputReader evalInput(PipelineConfig config, List<String> warnings) {
    if (config.evalInputs().isEmpty()) {
      throw new IllegalArgumentException(
          "the pipeline config has no eval_input_reader: add one (detect config --eval-input)");
    }
    if (config.evalInputs().size() > 1) {
      warnings.add(
          "the config has "
              + config.evalInputs().size()
              + " eval_input_readers: only the first is evaluated");
    }
    return config.evalInputs().get(0);
  }

  /** A function as a source; {@code closer} runs when the evaluation ends. */
  private record FunctionSource(
      DetectionModel model, LabelMap labelMap, String origin, Runnable closer)
      implements DetectionSource {
    @Override
    public List<Detection> detect(byte[] encoded) throws IOException {
      return model.detect(encoded);
    }

    @Override
    public void close() {
      closer.run();
    }
  }

  /** A Detector as a source; closed with the evaluation when {@code owned}. */
  private record DetectorSource(Detector detector, LabelMap labelMap, Path where, boolean owned)
      implements DetectionSource {
    @Override
    public String origin() {
      return where.toString();
    }

    @Override
    public List<Detection> detect(byte[] encoded) throws IOException {
      return detector.detect(encoded);
    }

    @Override
    public void close() {
      if (owned) {
        detector.close();
      }
    }
  }
}
