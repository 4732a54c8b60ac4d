package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.textproto.TextProtoDocument;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * An Object Detection API {@code pipeline.config}: an immutable typed view over the text, kept
 * losslessly. {@link #print()} of an unedited config is the input byte for byte; edits ({@link
 * #toBuilder()}, {@link #set(String, String)}) change only the lines they touch.
 *
 * <p>Typed getters return the proto defaults (train.proto, ssd.proto, … as listed in the record
 * Javadoc) for fields that are absent. Like the OD API's {@code text_format.Merge}, a non-repeated
 * field written twice takes its last value. Values of the wrong kind in the fields read here
 * ({@code num_classes: "3"}) are rejected when the config is parsed.
 *
 * <pre>{@code
 * PipelineConfig config = PipelineConfig.preset(Preset.TINY).toBuilder()
 *     .numClasses(3)
 *     .labelMapPath("data/label_map.pbtxt")
 *     .trainInputPaths(List.of("data/train.record-?????-of-00004"))
 *     .evalInputPaths(List.of("data/eval.record"))
 *     .build();
 * config.validate(ValidationContext.checkingFiles(Path.of("."))).forEach(System.out::println);
 * config.write(Path.of("pipeline.config"));
 * }</pre>
 */
public final class PipelineConfig {
  /** Batch-norm averaging windows a training from scratch should span. */
  public static final int BATCH_NORM_WINDOWS = 10;

  /** Fewer training steps are a smoke test, not a model: no batch-norm warning. */
  public static final int SMOKE_TEST_STEPS = 100;

  /**
   * The fields detect's SSD trainer honours, for {@link #unsupportedFields(Set)}: paths like {@code
   * model.ssd.num_classes}, {@code prefix.*} for a whole subtree, {@code path=value} for a field
   * supported only with that value ({@code train_config.use_bfloat16=false}).
   */
  public static final Set<String> TRAINER_SUPPORTED = TrainerContract.SUPPORTED;

  private final TextProtoDocument document;
  private final TypedView view;

  private PipelineConfig(TextProtoDocument document) throws DatasetFormatException {
    this.document = document;
    this.view = TypedView.of(document);
  }

  /**
   * Reads a config file (UTF-8).
   *
   * @throws DatasetFormatException on a syntax error or a wrongly typed value, with
   *     file:line:column
   * @throws IOException if the file cannot be read
   */
  public static PipelineConfig read(Path file) throws IOException {
    return new PipelineConfig(TextProtoDocument.read(Objects.requireNonNull(file, "file")));
  }

  /**
   * Parses config text.
   *
   * @param sourceName the name used in error messages
   * @throws DatasetFormatException on a syntax error or a wrongly typed value
   */
  public static PipelineConfig parse(String text, String sourceName) throws DatasetFormatException {
    return new PipelineConfig(TextProtoDocument.parse(text, sourceName));
  }

  /** A preset, with {@code num_classes: 1} and {@code PATH_TO_BE_CONFIGURED} paths to fill in. */
  public static PipelineConfig preset(Preset preset) {
    Objects.requireNonNull(preset, "preset");
    String name = "presets/" + preset.id() + ".config";
    try (InputStream in = PipelineConfig.class.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("preset resource missing: " + name);
      }
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), preset.id() + ".config");
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read preset " + name, e);
    }
  }

  /** The text: the parsed input byte for byte where nothing was edited. */
  public String print() {
    return document.print();
  }

  /** Writes {@link #print()} to a file atomically (temporary file in the same folder, renamed). */
  public void write(Path file) throws IOException {
    AtomicFiles.writeString(Objects.requireNonNull(file, "file"), print());
  }

  /** The file or source name the config was read from. */
  public String sourceName() {
    return document.sourceName();
  }

  /**
   * The value at a dotted path ({@code model.ssd.box_predictor.convolutional_box_predictor.depth},
   * {@code eval_input_reader[0].shuffle}) as text, as written; empty when absent (no defaults).
   *
   * @throws IllegalArgumentException if the path is malformed or names a message
   */
  public Optional<String> get(String path) {
    return document.get(path);
  }

  /**
   * Every value at a path, e.g. all {@code train_input_reader.tf_record_input_reader.input_path}.
   */
  public List<String> getAll(String path) {
    return document.getAll(path);
  }

  /**
   * A copy with the value at {@code path} set, like the exporter's {@code --config_override}. The
   * literal form follows {@link TextProtoDocument#set}: quote the value ({@code '"detection"'}) to
   * write a string into a new field.
   *
   * @throws IllegalArgumentException if the path is malformed or the result is not a valid config
   */
  public PipelineConfig set(String path, String value) {
    return toBuilder().set(path, value).build();
  }

  /** A builder starting from a copy of this config; this config is not changed. */
  public Builder toBuilder() {
    return new Builder(copy(document), view.modelType());
  }

  private static TextProtoDocument copy(TextProtoDocument doc) {
    try {
      return TextProtoDocument.parse(doc.print(), doc.sourceName());
    } catch (DatasetFormatException e) {
      throw new IllegalArgumentException(
          "the edited config no longer parses: " + e.getMessage(), e);
    }
  }

  /** {@code model { ssd | faster_rcnn | center_net | experimental_model }}. */
  public ModelType modelType() {
    return view.modelType();
  }

  /** {@code model.<type>.num_classes}: foreground classes, normally the label map's highest id. */
  public int numClasses() {
    return view.numClasses();
  }

  /** {@code model.<type>.image_resizer}. */
  public ImageResizer imageResizer() {
    return view.imageResizer();
  }

  /** {@code model.<type>.feature_extractor}. */
  public FeatureExtractor featureExtractor() {
    return view.featureExtractor();
  }

  /** {@code model.ssd.anchor_generator.ssd_anchor_generator}; empty for other generators. */
  public Optional<SsdAnchorGenerator> anchorGenerator() {
    return view.anchorGenerator();
  }

  /** {@code model.ssd.box_coder.faster_rcnn_box_coder}; empty for other coders. */
  public Optional<FasterRcnnBoxCoder> boxCoder() {
    return view.boxCoder();
  }

  /** {@code model.ssd.matcher.argmax_matcher}; empty for other matchers. */
  public Optional<ArgmaxMatcher> matcher() {
    return view.matcher();
  }

  /** {@code model.ssd.box_predictor.convolutional_box_predictor}; empty for other predictors. */
  public Optional<ConvolutionalBoxPredictor> boxPredictor() {
    return view.boxPredictor();
  }

  /** {@code model.ssd.anchor_generator.multiscale_anchor_generator}; empty for other generators. */
  public Optional<MultiscaleAnchorGenerator> multiscaleAnchorGenerator() {
    return view.multiscaleAnchorGenerator();
  }

  /**
   * {@code model.ssd.box_predictor.weight_shared_convolutional_box_predictor}; empty for other
   * predictors.
   */
  public Optional<WeightSharedBoxPredictor> weightSharedBoxPredictor() {
    return view.weightSharedBoxPredictor();
  }

  /**
   * Batch norm's moving averages (what evaluation and export use instead of each batch's
   * statistics) average over about {@code 1 / (1 - decay)} steps. Trained from scratch for fewer
   * than {@value #BATCH_NORM_WINDOWS} such windows, they lag behind the weights, and the exported
   * model detects far worse than the training loss suggests: measured on the demo's shapes,
   * FPN-Lite with the zoo's decay 0.997 reached VOC mAP 0.001 after 600 steps, with 0.97 it reached
   * 0.91.
   *
   * @param numSteps the steps to train (0 = until stopped, and fewer than {@value
   *     #SMOKE_TEST_STEPS}, a smoke test: no warning)
   * @return the warning for training this model from scratch for {@code numSteps} steps, or empty
   *     when its decay suits them (or it has no batch norm)
   */
  public Optional<String> batchNormLagWarning(long numSteps) {
    Optional<ConvHyperparams.BatchNorm> bn =
        modelType() == ModelType.NONE
            ? Optional.empty()
            : featureExtractor().convHyperparams().batchNorm();
    if (bn.isEmpty() || numSteps < SMOKE_TEST_STEPS || !bn.get().train()) {
      return Optional.empty();
    }
    double decay = bn.get().decay();
    double window = 1 / (1 - decay);
    if (decay <= 0 || numSteps >= BATCH_NORM_WINDOWS * window) {
      return Optional.empty();
    }
    String suggested =
        decimal(
            Math.floor(Math.min(0.97, 1 - BATCH_NORM_WINDOWS / (double) numSteps) * 1000) / 1000);
    return Optional.of(
        String.format(
            Locale.ROOT,
            "batch_norm decay %s averages the statistics that evaluation and export use over about"
                + " %.0f steps, too slow for %d steps from scratch: the averages lag behind the"
                + " weights and the exported model detects far worse than the training loss"
                + " suggests. Lower the decay of the feature extractor's and the box predictor's"
                + " batch_norm to %s or less (--set model.ssd.feature_extractor.conv_hyperparams"
                + ".batch_norm.decay=%s), train at least %d steps, or start from a checkpoint",
            decimal(decay),
            window,
            numSteps,
            suggested,
            suggested,
            (long) Math.ceil(BATCH_NORM_WINDOWS * window)));
  }

  private static String decimal(double v) {
    return new BigDecimal(v).round(new MathContext(6)).stripTrailingZeros().toPlainString();
  }

  /** {@code model.ssd.loss}. */
  public Loss loss() {
    return view.loss();
  }

  /** {@code model.ssd.normalize_loss_by_num_matches} (default true). */
  public boolean normalizeLossByNumMatches() {
    return view.normalizeLossByNumMatches();
  }

  /** {@code model.ssd.normalize_loc_loss_by_codesize} (default false). */
  public boolean normalizeLocLossByCodesize() {
    return view.normalizeLocLossByCodesize();
  }

  /** {@code model.ssd.encode_background_as_zeros} (default false). */
  public boolean encodeBackgroundAsZeros() {
    return view.encodeBackgroundAsZeros();
  }

  /** {@code model.ssd.post_processing} (Faster R-CNN: second_stage_post_processing). */
  public PostProcessing postProcessing() {
    return view.postProcessing();
  }

  /** {@code train_config} (all defaults when absent; see {@link #hasTrainConfig()}). */
  public TrainConfig trainConfig() {
    return view.trainConfig();
  }

  /** Whether the config has a {@code train_config} block. */
  public boolean hasTrainConfig() {
    return view.hasTrainConfig();
  }

  /** {@code train_input_reader} (all defaults when absent; see {@link #hasTrainInput()}). */
  public InputReader trainInput() {
    return view.trainInput();
  }

  /** Whether the config has a {@code train_input_reader} block. */
  public boolean hasTrainInput() {
    return view.hasTrainInput();
  }

  /** The {@code eval_input_reader} blocks (repeated in TF2 configs), in order. */
  public List<InputReader> evalInputs() {
    return view.evalInputs();
  }

  /** {@code eval_config}. */
  public EvalConfig evalConfig() {
    return view.evalConfig();
  }

  /**
   * Refuses numbers far outside what can be built or trained, before anything is allocated:
   * num_classes outside 1 to 100000, a batch_size outside 1 to 4096, a negative num_steps, an input
   * side (fixed_shape_resizer, keep_aspect_ratio_resizer) outside 1 to 8192 pixels, and anchor
   * settings out of range (num_layers 1 to 16, scales in (0, 10], at most 32 aspect ratios each in
   * (0, 1000]), a random_pad_image size outside the int32 range, and any number that is not finite
   * as the OD API's float32 ({@code nan}, {@code inf}, {@code 1e999}, {@code 1e39}) in any field.
   * {@link #validate()} reports the same problems as errors.
   *
   * @throws DatasetFormatException naming the config file, the field's line:column when the field
   *     is in the file, the field path, the bad value and the allowed range
   */
  public void checkLimits() throws DatasetFormatException {
    ConfigLimits.require(this, document);
  }

  /**
   * Refuses fields the Object Detection API does not know (a misspelt {@code batch_sise}), as its
   * {@code text_format.Merge} does; {@link #validate()} reports each of them as an error. The known
   * fields are those of the OD API's {@code .proto} messages reachable from {@code
   * TrainEvalPipelineConfig}.
   *
   * @throws DatasetFormatException naming the config file and the first unknown field's
   *     line:column, with the closest known name when one is near ({@code unknown field batch_sise
   *     in train_config (line 12:3); did you mean batch_size?})
   */
  public void checkKnownFields() throws DatasetFormatException {
    KnownFields.require(document);
  }

  /** The parsed text, for the checks in this package. */
  TextProtoDocument document() {
    return document;
  }

  /** The checks of {@link #validate(ValidationContext)} that need no files. */
  public List<ConfigIssue> validate() {
    return validate(ValidationContext.textOnly());
  }

  /**
   * Finds the common mistakes: fields the OD API does not know ({@link #checkKnownFields()}),
   * placeholders left in paths, num_classes ≠ the label map's highest id, missing files and globs
   * that match nothing (when the context checks files), a checkpoint without a type or with version
   * V1, a shuffled eval input, a cosine schedule whose total_steps ≠ num_steps, a batch too large
   * for a CPU, a model detect cannot train.
   *
   * @return the issues, errors and warnings, in config order; empty when all is well
   */
  public List<ConfigIssue> validate(ValidationContext context) {
    return ConfigValidator.validate(this, Objects.requireNonNull(context, "context"));
  }

  /**
   * Every field present in the file that {@code supported} does not cover, as a path without
   * indices ({@code model.ssd.feature_extractor.fpn.min_level}, {@code
   * train_config.data_augmentation_options.random_jpeg_quality}), in document order, each once.
   * Leaves are scalars and empty messages. Entries: an exact path, {@code prefix.*} for a subtree,
   * {@code path=value} for a scalar supported only with that value.
   */
  public List<String> unsupportedFields(Set<String> supported) {
    return FieldPaths.unsupported(document.root(), Set.copyOf(supported));
  }

  /**
   * What detect's trainer does with {@code path}, a field that {@link #unsupportedFields(Set)}
   * reports against {@link #TRAINER_SUPPORTED}: for example {@code
   * train_config.load_all_detection_checkpoint_vars} gives "ignored: detect restores every model
   * variable whose name and shape match, …". Fields without a specific note give "ignored: not
   * implemented by detect's trainer".
   */
  public static String trainerEffect(String path) {
    return UnsupportedEffects.of(Objects.requireNonNull(path, "path"));
  }

  /** Equal when the texts are equal. */
  @Override
  public boolean equals(Object o) {
    return o instanceof PipelineConfig other && other.print().equals(print());
  }

  @Override
  public int hashCode() {
    return print().hashCode();
  }

  @Override
  public String toString() {
    return "PipelineConfig["
        + sourceName()
        + ", "
        + modelType()
        + ", "
        + numClasses()
        + " classes]";
  }

  /**
   * Edits a copy of a config. Typed setters write strings quoted, enums as identifiers and numbers
   * as numbers, change existing fields in place and add missing ones at the end of their message.
   * {@link #build()} snapshots, so a builder can be reused. Never changes what was not asked (e.g.
   * {@link #numSteps} leaves a cosine {@code total_steps} alone; validation reports a mismatch).
   */
  public static final class Builder {
    private final TextProtoDocument doc;
    private final ModelType modelType;

    /** The label map path set on this builder, for eval readers created after it. */
    private String labelMapPath;

    private Builder(TextProtoDocument doc, ModelType modelType) {
      this.doc = doc;
      this.modelType = modelType == ModelType.NONE ? ModelType.SSD : modelType;
    }

    private String model() {
      return "model." + modelType.protoName();
    }

    /** Sets {@code model.<type>.num_classes}. */
    public Builder numClasses(int numClasses) {
      if (numClasses <= 0) {
        throw new IllegalArgumentException("numClasses must be positive, got " + numClasses);
      }
      ConfigEdits.setLiteral(doc, model() + ".num_classes", Literal.of(numClasses));
      return this;
    }

    /**
     * Sets label_map_path of the train input and of every eval input, including one that {@link
     * #evalInputPaths} creates later.
     */
    public Builder labelMapPath(String path) {
      Objects.requireNonNull(path, "path");
      this.labelMapPath = path;
      ConfigEdits.setString(doc, "train_input_reader.label_map_path", path);
      int evals = doc.root().fields("eval_input_reader").size();
      for (int i = 0; i < evals; i++) {
        ConfigEdits.setString(doc, "eval_input_reader[" + i + "].label_map_path", path);
      }
      return this;
    }

    /** Sets the train {@code tf_record_input_reader.input_path} values (globs allowed). */
    public Builder trainInputPaths(List<String> paths) {
      ConfigEdits.setStrings(
          ConfigEdits.message(doc, "train_input_reader.tf_record_input_reader"),
          "input_path",
          List.copyOf(paths));
      return this;
    }

    /**
     * Sets the input paths of the first eval_input_reader (created if absent, with the label map
     * path given to {@link #labelMapPath} on this builder).
     */
    public Builder evalInputPaths(List<String> paths) {
      ConfigEdits.setStrings(
          ConfigEdits.message(doc, "eval_input_reader.tf_record_input_reader"),
          "input_path",
          List.copyOf(paths));
      if (labelMapPath != null) {
        ConfigEdits.setString(doc, "eval_input_reader.label_map_path", labelMapPath);
      }
      return this;
    }

    /** Sets the train reader's {@code input_path} to the files a writer reports. */
    public Builder trainInput(RecordInput records) {
      return trainInputPaths(List.of(Objects.requireNonNull(records, "records").inputPath()));
    }

    /** Sets the (first) eval reader's {@code input_path} to the files a writer reports. */
    public Builder evalInput(RecordInput records) {
      return evalInputPaths(List.of(Objects.requireNonNull(records, "records").inputPath()));
    }

    /**
     * Sets {@code label_map_path} of the input readers to {@code file} and {@code num_classes} to
     * the label map's largest id (the OD API's rule: ids are 1-based and may have gaps).
     */
    public Builder labelMap(Path file, LabelMap labelMap) {
      Objects.requireNonNull(labelMap, "labelMap");
      return labelMapPath(Objects.requireNonNull(file, "file").toString())
          .numClasses(labelMap.maxId());
    }

    /** Sets {@code train_config.batch_size}. */
    public Builder batchSize(int batchSize) {
      if (batchSize <= 0) {
        throw new IllegalArgumentException("batchSize must be positive, got " + batchSize);
      }
      ConfigEdits.setLiteral(doc, "train_config.batch_size", Literal.of(batchSize));
      return this;
    }

    /** Sets {@code train_config.num_steps} (0 = forever). */
    public Builder numSteps(long numSteps) {
      if (numSteps < 0) {
        throw new IllegalArgumentException("numSteps must not be negative, got " + numSteps);
      }
      ConfigEdits.setLiteral(doc, "train_config.num_steps", Literal.of(numSteps));
      return this;
    }

    /**
     * Sets {@code fine_tune_checkpoint} and {@code fine_tune_checkpoint_type}.
     *
     * @param path the checkpoint prefix, e.g. {@code .../checkpoint/ckpt-0}
     * @param type {@code detection}, {@code classification}, {@code full} or {@code fine_tune}
     */
    public Builder fineTuneCheckpoint(String path, String type) {
      Objects.requireNonNull(path, "path");
      Objects.requireNonNull(type, "type");
      if (!Set.of("detection", "classification", "full", "fine_tune").contains(type)) {
        throw new IllegalArgumentException(
            "fine_tune_checkpoint_type must be detection, classification, full or fine_tune, got "
                + type);
      }
      ConfigEdits.setString(doc, "train_config.fine_tune_checkpoint", path);
      ConfigEdits.setString(doc, "train_config.fine_tune_checkpoint_type", type);
      return this;
    }

    /** Sets {@code train_config.fine_tune_checkpoint_version} (write V2 for TF2 checkpoints). */
    public Builder fineTuneCheckpointVersion(CheckpointVersion version) {
      ConfigEdits.setLiteral(
          doc,
          "train_config.fine_tune_checkpoint_version",
          Objects.requireNonNull(version, "version").name());
      return this;
    }

    /**
     * Sets the fixed_shape_resizer size in pixels.
     *
     * @throws IllegalStateException if the config uses another resizer
     */
    public Builder imageSize(int height, int width) {
      if (height <= 0 || width <= 0) {
        throw new IllegalArgumentException("image size must be positive: " + height + "x" + width);
      }
      String r = model() + ".image_resizer";
      if (ConfigEdits.find(doc, r).isPresent()
          && ConfigEdits.find(doc, r + ".fixed_shape_resizer").isEmpty()) {
        throw new IllegalStateException(
            "imageSize sets fixed_shape_resizer, but this config uses another image_resizer;"
                + " edit it with set()");
      }
      ConfigEdits.setLiteral(doc, r + ".fixed_shape_resizer.height", Literal.of(height));
      ConfigEdits.setLiteral(doc, r + ".fixed_shape_resizer.width", Literal.of(width));
      return this;
    }

    /** Sets {@code model.<type>.feature_extractor.depth_multiplier}. */
    public Builder depthMultiplier(double depthMultiplier) {
      if (!(depthMultiplier > 0)) {
        throw new IllegalArgumentException("depthMultiplier must be positive: " + depthMultiplier);
      }
      ConfigEdits.setDouble(doc, model() + ".feature_extractor.depth_multiplier", depthMultiplier);
      return this;
    }

    /**
     * Sets the optimizer's learning-rate schedule: in place when the kind is unchanged, else the
     * {@code learning_rate} block is rewritten.
     *
     * @throws IllegalStateException if the config has no momentum, Adam or RMSProp optimizer
     */
    public Builder learningRate(LearningRateSchedule schedule) {
      ScheduleEdits.set(doc, Objects.requireNonNull(schedule, "schedule"));
      return this;
    }

    /**
     * Replaces the data_augmentation_options blocks (new blocks go at the end of train_config;
     * steps are written with only their non-default parameters; an {@link AugmentationStep.Unknown}
     * step keeps the parameters of the same-named block it came from). Nothing changes when the
     * list equals the current one.
     */
    public Builder dataAugmentationOptions(List<AugmentationStep> steps) {
      AugmentationEdits.set(doc, List.copyOf(steps));
      return this;
    }

    /** Sets {@code eval_config.metrics_set}, e.g. {@code coco_detection_metrics}. */
    public Builder evalMetrics(List<String> metrics) {
      ConfigEdits.setStrings(ConfigEdits.message(doc, "eval_config"), "metrics_set", metrics);
      return this;
    }

    /**
     * Sets any scalar by path (see {@link PipelineConfig#set(String, String)}).
     *
     * @throws IllegalArgumentException if the path is malformed or does not fit the value, or
     *     crosses a non-repeated field that the config holds more than once
     */
    public Builder set(String path, String value) {
      SingularFields.requireUnambiguous(doc, path);
      doc.set(path, value);
      return this;
    }

    /**
     * Removes the fields at a path (see {@link TextProtoDocument#remove(String)}).
     *
     * @return this builder
     */
    public Builder remove(String path) {
      doc.remove(path);
      return this;
    }

    /**
     * A config holding a snapshot of the edited text.
     *
     * @throws IllegalArgumentException if a generic edit gave a field a value of the wrong kind
     */
    public PipelineConfig build() {
      try {
        return new PipelineConfig(copy(doc));
      } catch (DatasetFormatException e) {
        throw new IllegalArgumentException("invalid edit: " + e.getMessage(), e);
      }
    }
  }
}
