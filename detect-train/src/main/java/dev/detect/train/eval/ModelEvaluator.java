package dev.detect.train.eval;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.detector.Detector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Evaluates a detection model on ground truth with the OD API's PASCAL VOC and COCO metrics: every
 * image through the model (min score 0, every detection it returns), scored by the {@link
 * Evaluator} as the OD API's evaluation does. The model is a {@link Detector}, a model file or
 * folder ({@link Detector#load(Path, dev.detect.train.detector.DetectorOptions)}), a training
 * checkpoint (the exported inference graph in memory, with the checkpoint restored), or any {@link
 * DetectionModel}. The ground truth is OD API TFRecords or an {@link AnnotationSet} with its image
 * folder.
 *
 * <pre>{@code
 * EvaluationResult r = ModelEvaluator.builder(Path.of("exported")).build().evaluate(List.of(record));
 * EvaluationResult c = ModelEvaluator.forCheckpoint(config, modelDir).build().evaluate();
 * }</pre>
 *
 * <p>Detections are named through the label map (the override, else the model's); without one,
 * objects and detections are matched by class id, with a warning. Records whose objects have class
 * ids but no {@code class/text} are named through the label map, as the OD API's decoder does. A
 * file name that repeats is evaluated under a new name, with a warning. Immutable and thread-safe;
 * derive variants with {@link #toBuilder()}.
 */
public final class ModelEvaluator {
  private final ModelSources.Source source;
  private final Optional<PipelineConfig> config;
  private final Optional<LabelMap> labelMap;
  private final EvaluationListener listener;
  private final int maxImages;
  private final Evaluator evaluator;

  private ModelEvaluator(Builder b) {
    this.source = b.source;
    this.config = b.config;
    this.labelMap = b.labelMap;
    this.listener = b.listener;
    this.maxImages = b.maxImages;
    this.evaluator = b.evaluator;
  }

  /**
   * Evaluates {@code detector}, which stays open: its options apply (load it with {@code
   * minScore(0f)} and {@code maxResults(Integer.MAX_VALUE)} for the OD API's numbers).
   */
  public static Builder builder(Detector detector) {
    Objects.requireNonNull(detector, "detector");
    return new Builder(ModelSources.of(detector), Optional.empty());
  }

  /**
   * Evaluates the model at {@code model} (an export folder, a SavedModel or a frozen graph, see
   * {@link Detector#load(Path, dev.detect.train.detector.DetectorOptions)}), loaded for each
   * evaluation with min score 0 and every detection; its label map is the one beside it unless
   * {@link Builder#labelMap(LabelMap)} is set.
   */
  public static Builder builder(Path model) {
    Objects.requireNonNull(model, "model");
    return new Builder(ModelSources.load(model), Optional.empty());
  }

  /**
   * Evaluates any model: {@code model} gives the detections of each image (it stays the caller's).
   * Detections and id-only records are named through {@link Builder#labelMap(LabelMap)}; without
   * it, objects and detections are matched by class id, with a warning.
   */
  public static Builder builder(DetectionModel model) {
    Objects.requireNonNull(model, "model");
    return new Builder(ModelSources.of(model), Optional.empty());
  }

  /**
   * Evaluates a checkpoint of a model of {@code config} without exporting it: the inference graph
   * that {@link dev.detect.train.export.Exporter} exports, built in memory with the checkpoint
   * restored, so the detections are those of its export. The label map is the config's eval label
   * map (else the train one) unless {@link Builder#labelMap(LabelMap)} is set.
   *
   * @param checkpoint a checkpoint prefix ({@code model/ckpt-12}) or a model folder (its latest
   *     checkpoint, looked up at each evaluation)
   */
  public static Builder forCheckpoint(PipelineConfig config, Path checkpoint) {
    Objects.requireNonNull(config, "config");
    Objects.requireNonNull(checkpoint, "checkpoint");
    return new Builder(ModelSources.checkpoint(config, checkpoint), Optional.of(config));
  }

  /** A builder holding this evaluator's model and settings. */
  public Builder toBuilder() {
    Builder b = new Builder(source, config);
    b.labelMap = labelMap;
    b.listener = listener;
    b.maxImages = maxImages;
    b.evaluator = evaluator;
    return b;
  }

  /**
   * Evaluates the checkpoint on the first {@code eval_input_reader} of its config (with a warning
   * when the config has more).
   *
   * @throws IllegalStateException when this evaluator was not made by {@link #forCheckpoint}
   * @throws IllegalArgumentException when the config has no eval input
   */
  public EvaluationResult evaluate() throws IOException {
    PipelineConfig c =
        config.orElseThrow(
            () ->
                new IllegalStateException(
                    "evaluate() reads a pipeline config's eval input: make the evaluator with"
                        + " forCheckpoint(config, checkpoint), or pass the records"));
    List<String> warnings = new ArrayList<>();
    List<Path> records =
        ModelSources.evalInput(c, warnings).inputPaths().stream().map(Path::of).toList();
    return evaluate(records, warnings);
  }

  /**
   * Evaluates on OD API TFRecords.
   *
   * @param records files, shard base names or globs ({@link TfRecordReader#expand(Path)})
   * @throws java.nio.file.NoSuchFileException when a record, the model or the checkpoint is missing
   * @throws DatasetFormatException naming the record whose image cannot be decoded
   */
  public EvaluationResult evaluate(List<Path> records) throws IOException {
    return evaluate(List.copyOf(records), new ArrayList<>());
  }

  private EvaluationResult evaluate(List<Path> records, List<String> warnings) throws IOException {
    List<ImageAnnotation> truth = new ArrayList<>();
    List<ImageDetections> detections = new ArrayList<>();
    LabelMap classes;
    try (DetectionSource model = source.open(labelMap, listener)) {
      classes = classes(model, warnings);
      TfRecordReader reader =
          classes.items().isEmpty()
              ? TfRecordReader.defaults()
              : TfRecordReader.withLabelMap(classes);
      Set<String> names = new HashSet<>();
      for (Path input : records) {
        for (Path file : TfRecordReader.expand(input)) {
          if (truth.size() >= maxImages) {
            break;
          }
          reader.forEach(
              file,
              (f, index, example) -> {
                if (truth.size() >= maxImages) {
                  return;
                }
                ImageAnnotation a = unique(example.annotation(), f, index, names, warnings);
                List<Detection> found;
                try {
                  found = named(model.detect(example.encodedImage()), classes);
                } catch (DatasetFormatException e) {
                  throw new DatasetFormatException(f + "#" + index, 0, 0, e.reason(), e);
                }
                add(a, found, truth, detections);
              });
        }
      }
    }
    return score(AnnotationSet.of(truth), detections, classes, warnings);
  }

  /**
   * Evaluates on annotations whose images are in {@code imageDirectory} (each image read from
   * {@code imageDirectory.resolve(fileName)}).
   *
   * @throws DatasetFormatException naming the image that cannot be decoded
   */
  public EvaluationResult evaluate(AnnotationSet groundTruth, Path imageDirectory)
      throws IOException {
    Objects.requireNonNull(groundTruth, "groundTruth");
    Objects.requireNonNull(imageDirectory, "imageDirectory");
    List<String> warnings = new ArrayList<>();
    List<ImageAnnotation> truth = new ArrayList<>();
    List<ImageDetections> detections = new ArrayList<>();
    LabelMap classes;
    try (DetectionSource model = source.open(labelMap, listener)) {
      classes = classes(model, warnings);
      for (ImageAnnotation a : groundTruth) {
        if (truth.size() >= maxImages) {
          break;
        }
        Path image = imageDirectory.resolve(a.fileName());
        List<Detection> found;
        try {
          found = named(model.detect(Files.readAllBytes(image)), classes);
        } catch (DatasetFormatException e) {
          throw new DatasetFormatException(image.toString(), 0, 0, e.reason(), e);
        }
        add(a, found, truth, detections);
      }
    }
    return score(AnnotationSet.of(truth), detections, classes, warnings);
  }

  /** The classes, with a warning when there are none and objects are matched by id. */
  private static LabelMap classes(DetectionSource model, List<String> warnings) {
    LabelMap classes = model.labelMap();
    if (classes.items().isEmpty()) {
      warnings.add(
          "no label map given or found beside "
              + model.origin()
              + "; detections are matched to the records' classes by id (pass --label-map)");
    }
    return classes;
  }

  /** {@code a}, renamed with a warning when its file name was seen before. */
  private static ImageAnnotation unique(
      ImageAnnotation a, Path file, long index, Set<String> names, List<String> warnings) {
    if (names.add(a.fileName())) {
      return a;
    }
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
    names.add(renamed);
    return a.toBuilder().fileName(renamed).build();
  }

  private void add(
      ImageAnnotation a,
      List<Detection> found,
      List<ImageAnnotation> truth,
      List<ImageDetections> detections) {
    truth.add(a);
    detections.add(new ImageDetections(a.fileName(), found));
    listener.onImage(truth.size());
  }

  /**
   * Detections named through {@code classes} as {@link Detector} names them (display name, else
   * name, else {@code "class N"}); without classes by their id, as {@link TfRecordReader#create()}
   * names objects without {@code class/text}, so that they are scored by id.
   */
  private static List<Detection> named(List<Detection> found, LabelMap classes) {
    boolean byId = classes.items().isEmpty();
    return found.stream()
        .map(
            d ->
                new Detection(
                    d.labelId(),
                    byId
                        ? Integer.toString(d.labelId())
                        : classes
                            .item(d.labelId())
                            .map(LabelMap.Item::displayNameOrName)
                            .orElse("class " + d.labelId()),
                    d.score(),
                    d.box(),
                    d.imageWidth(),
                    d.imageHeight()))
        .toList();
  }

  private EvaluationResult score(
      AnnotationSet truth,
      List<ImageDetections> detections,
      LabelMap classes,
      List<String> warnings) {
    Evaluator e =
        classes.items().isEmpty() ? evaluator : evaluator.toBuilder().labelMap(classes).build();
    EvaluationReport report = e.evaluate(truth, detections);
    warnings.addAll(report.warnings());
    return new EvaluationResult(report, warnings);
  }

  /** Builds {@link ModelEvaluator}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private final ModelSources.Source source;
    private final Optional<PipelineConfig> config;
    private Optional<LabelMap> labelMap = Optional.empty();
    private EvaluationListener listener = EvaluationListener.NONE;
    private int maxImages = Integer.MAX_VALUE;
    private Evaluator evaluator = Evaluator.builder().build();

    private Builder(ModelSources.Source source, Optional<PipelineConfig> config) {
      this.source = source;
      this.config = config;
    }

    /**
     * Sets the classes, instead of the model's label map (the one beside a model, or the config's
     * for a checkpoint): they name the records' id-only objects and the detections.
     */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Optional.of(Objects.requireNonNull(labelMap, "labelMap"));
      return this;
    }

    /** Sets the listener told of the checkpoint and of each image done; default none. */
    public Builder listener(EvaluationListener listener) {
      this.listener = Objects.requireNonNull(listener, "listener");
      return this;
    }

    /**
     * Evaluates at most the first {@code maxImages} images (records in file order), at least 1;
     * default all.
     */
    public Builder maxImages(int maxImages) {
      if (maxImages < 1) {
        throw new IllegalArgumentException("maxImages must be at least 1, got " + maxImages);
      }
      this.maxImages = maxImages;
      return this;
    }

    /**
     * Sets the metrics: the IoU threshold, VOC AP integration, whether COCO is computed ({@link
     * Evaluator.Builder}); its label map is replaced by the evaluation's classes when there are
     * any. Default {@code Evaluator.builder().build()}, the OD API's PASCAL VOC and COCO metrics.
     */
    public Builder evaluator(Evaluator evaluator) {
      this.evaluator = Objects.requireNonNull(evaluator, "evaluator");
      return this;
    }

    /** The evaluator. */
    public ModelEvaluator build() {
      return new ModelEvaluator(this);
    }
  }
}
