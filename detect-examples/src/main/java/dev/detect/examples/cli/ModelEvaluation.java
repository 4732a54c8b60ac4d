package dev.detect.examples.cli;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.config.InputReader;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.export.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * Evaluates an exported model on OD API TFRecords: every record's image through the {@link
 * Detector} (min score 0, as many detections as the model returns), scored against the record's
 * boxes with the {@link Evaluator} as the OD API's evaluation does; and the latest checkpoint of a
 * training run, through a temporary export, on its config's eval input.
 */
final class ModelEvaluation {
  private ModelEvaluation() {}

  /**
   * The report of the model in {@code exportDir} on the records {@code inputs} name (files, shard
   * base names or globs).
   *
   * @param exportDir the model: an export folder, a SavedModel or a frozen graph ({@link
   *     Detector#load(Path, DetectorOptions)})
   * @param labelMap the classes; default the label map beside the model
   * @param warnings receives what was renamed or ignored
   * @param progress receives the number of images done after each one
   */
  static EvaluationReport evaluate(
      Path exportDir,
      List<Path> inputs,
      Optional<LabelMap> labelMap,
      List<String> warnings,
      IntConsumer progress)
      throws IOException {
    DetectorOptions.Builder options =
        DetectorOptions.builder().minScore(0f).maxResults(Integer.MAX_VALUE);
    labelMap.ifPresent(options::labelMap);
    List<ImageAnnotation> truth = new ArrayList<>();
    List<ImageDetections> detections = new ArrayList<>();
    LabelMap classes;
    try (Detector detector = Detector.load(exportDir, options.build())) {
      classes = detector.labelMap();
      boolean byId = classes.items().isEmpty();
      if (byId) {
        warnings.add(
            "no label map given or found beside "
                + exportDir
                + "; detections are matched to the records' classes by id (pass --label-map)");
      }
      TfRecordReader reader =
          classes.items().isEmpty()
              ? TfRecordReader.defaults()
              : TfRecordReader.withLabelMap(classes);
      Set<String> names = new HashSet<>();
      for (Path input : inputs) {
        reader.forEach(
            input,
            (file, index, example) -> {
              ImageAnnotation a = example.annotation();
              if (!names.add(a.fileName())) {
                String renamed = a.fileName() + "#" + file.getFileName() + ":" + index;
                warnings.add(
                    file
                        + "#"
                        + index
                        + ": file name '"
                        + a.fileName()
                        + "' repeats; evaluated as '"
                        + renamed
                        + "'");
                a = a.toBuilder().fileName(renamed).build();
                names.add(renamed);
              }
              List<Detection> found;
              try {
                found = detector.detect(example.encodedImage());
                if (byId) {
                  found = namedById(found);
                }
              } catch (DatasetFormatException e) {
                throw new DatasetFormatException(file + "#" + index, 0, 0, e.reason(), e);
              }
              truth.add(a);
              detections.add(new ImageDetections(a.fileName(), found));
              progress.accept(truth.size());
            });
      }
    }
    Evaluator.Builder evaluator = Evaluator.builder();
    if (!classes.items().isEmpty()) {
      evaluator.labelMap(classes);
    }
    EvaluationReport report = evaluator.build().evaluate(AnnotationSet.of(truth), detections);
    warnings.addAll(report.warnings());
    return report;
  }

  /**
   * Detections named by their class id, as {@link TfRecordReader#defaults()} names objects without
   * {@code class/text}, so that a model without a label map is scored by id.
   */
  private static List<Detection> namedById(List<Detection> found) {
    return found.stream()
        .map(
            d ->
                new Detection(
                    d.labelId(),
                    Integer.toString(d.labelId()),
                    d.score(),
                    d.box(),
                    d.imageWidth(),
                    d.imageHeight()))
        .toList();
  }

  /**
   * The report of the latest checkpoint in {@code modelDir}: exported to a temporary folder with
   * the {@link Exporter} and evaluated on the config's first {@code eval_input_reader} with its
   * label map (or {@code labelMap}).
   *
   * @param note receives which checkpoint is evaluated
   * @throws NoSuchFileException when {@code modelDir} has no checkpoint
   */
  static EvaluationReport evaluateLatestCheckpoint(
      Path pipelineConfig,
      Path modelDir,
      Optional<LabelMap> labelMap,
      List<String> warnings,
      Consumer<String> note,
      IntConsumer progress)
      throws IOException {
    PipelineConfig config = PipelineConfig.read(pipelineConfig);
    if (config.evalInputs().isEmpty()) {
      throw new IllegalArgumentException(
          pipelineConfig + " has no eval_input_reader: add one (detect config --eval-input)");
    }
    InputReader eval = config.evalInputs().get(0);
    if (config.evalInputs().size() > 1) {
      warnings.add(
          "the config has "
              + config.evalInputs().size()
              + " eval_input_readers: only the first is evaluated");
    }
    String mapPath =
        eval.labelMapPath().isBlank() && config.hasTrainInput()
            ? config.trainInput().labelMapPath()
            : eval.labelMapPath();
    LabelMap map = labelMap.isPresent() ? labelMap.get() : LabelMapFormat.read(Path.of(mapPath));
    CheckpointManager.Checkpoint latest =
        new CheckpointManager(modelDir, 1)
            .latest()
            .orElseThrow(
                () ->
                    new NoSuchFileException(
                        modelDir.toString(), null, "no checkpoint (train first)"));
    note.accept("evaluating " + latest.prefix() + " (step " + latest.step() + ")");
    Path tmp = Files.createTempDirectory("detect-eval-");
    try {
      Path export =
          Exporter.builder(config)
              .checkpoint(latest.prefix())
              .outputDirectory(tmp.resolve("export"))
              .labelMap(map)
              .build()
              .export();
      List<Path> inputs = eval.inputPaths().stream().map(Path::of).toList();
      return evaluate(export, inputs, Optional.of(map), warnings, progress);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }
}
