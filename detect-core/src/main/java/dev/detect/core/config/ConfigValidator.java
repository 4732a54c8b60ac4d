package dev.detect.core.config;

import dev.detect.core.config.ConfigIssue.Severity;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** The checks behind {@link PipelineConfig#validate(ValidationContext)}. */
final class ConfigValidator {
  static final String PLACEHOLDER = "PATH_TO_BE_CONFIGURED";
  static final int LARGE_CPU_BATCH = 32;

  private final PipelineConfig config;
  private final ValidationContext context;
  private final List<ConfigIssue> issues = new ArrayList<>();
  private final Set<String> labelMapsChecked = new HashSet<>();

  private ConfigValidator(PipelineConfig config, ValidationContext context) {
    this.config = config;
    this.context = context;
  }

  static List<ConfigIssue> validate(PipelineConfig config, ValidationContext context) {
    ConfigValidator v = new ConfigValidator(config, context);
    KnownFields.addIssues(config, v.issues);
    SingularFields.addIssues(config, v.issues);
    ConfigLimits.addIssues(config, v.issues);
    v.model();
    v.inputs();
    v.training();
    return List.copyOf(v.issues);
  }

  private void error(String path, String message) {
    issues.add(new ConfigIssue(Severity.ERROR, path, message));
  }

  private void warning(String path, String message) {
    issues.add(new ConfigIssue(Severity.WARNING, path, message));
  }

  private String modelPath() {
    ModelType t = config.modelType();
    return "model." + (t == ModelType.NONE ? "ssd" : t.protoName());
  }

  private void model() {
    ModelType type = config.modelType();
    if (type == ModelType.NONE) {
      error(
          "model", "no model { ssd { ... } } block: start from a preset (detect config --preset)");
      return;
    }
    Architecture arch = Architecture.of(config);
    if (!arch.trainable()) {
      error(
          type == ModelType.SSD ? "model.ssd.feature_extractor.type" : "model." + type.protoName(),
          "detect cannot train "
              + arch.describe()
              + ": "
              + Architecture.SUPPORTED
              + ". The config can still be edited here and trained with the Python OD API");
    }
    config
        .anchorGenerator()
        .filter(a -> a.aspectRatios().isEmpty())
        .ifPresent(
            a ->
                warning(
                    modelPath() + ".anchor_generator.ssd_anchor_generator.aspect_ratios",
                    "no aspect_ratios: layers above the first get a single anchor per location;"
                        + " the usual list is 1.0, 2.0, 0.5, 3.0, 0.3333"));
  }

  private void inputs() {
    if (!config.hasTrainInput()) {
      error(
          "train_input_reader",
          "no train_input_reader: add label_map_path and tf_record_input_reader { input_path }");
    } else {
      reader("train_input_reader", config.trainInput(), true);
    }
    List<InputReader> evals = config.evalInputs();
    if (evals.isEmpty()) {
      warning(
          "eval_input_reader",
          "no eval_input_reader: evaluation (mAP) cannot run; add one with shuffle: false");
    }
    for (int i = 0; i < evals.size(); i++) {
      String path = "eval_input_reader[" + i + "]";
      reader(path, evals.get(i), false);
      if (evals.get(i).shuffle()) {
        warning(
            path + ".shuffle",
            "the eval input is shuffled (shuffle defaults to true): set shuffle: false so"
                + " evaluation sees every example once in a stable order");
      }
    }
  }

  private void reader(String path, InputReader reader, boolean train) {
    String lm = reader.labelMapPath();
    if (lm.contains(PLACEHOLDER)) {
      error(path + ".label_map_path", placeholder(lm, "your label_map.pbtxt", "--label-map"));
    } else if (lm.isEmpty()) {
      warning(
          path + ".label_map_path",
          "no label_map_path: class names cannot be checked or shown; set it to your"
              + " label_map.pbtxt");
    } else if (context.checksFiles()) {
      labelMap(path + ".label_map_path", lm);
    }
    String flag = train ? "--train-input" : "--eval-input";
    if (reader.inputPaths().isEmpty()) {
      error(
          path + ".tf_record_input_reader.input_path",
          "no input_path: set it to your TFRecord file(s) (" + flag + ")");
    }
    for (String input : reader.inputPaths()) {
      if (input.contains(PLACEHOLDER)) {
        error(
            path + ".tf_record_input_reader.input_path",
            placeholder(input, "your .record file(s)", flag));
      } else if (context.checksFiles()) {
        inputFiles(path + ".tf_record_input_reader.input_path", input);
      }
    }
  }

  private static String placeholder(String value, String what, String flag) {
    return "'"
        + value
        + "' still has the placeholder "
        + PLACEHOLDER
        + ": set it to "
        + what
        + " ("
        + flag
        + ")";
  }

  private void labelMap(String path, String file) {
    Path p = context.baseDirectory().orElseThrow().resolve(file);
    if (!Files.isRegularFile(p)) {
      error(
          path,
          "label map " + p + " does not exist: write it with detect labelmap or fix the path");
      return;
    }
    if (!labelMapsChecked.add(p.toString())) {
      return;
    }
    LabelMap map;
    try {
      map = LabelMapFormat.read(p);
    } catch (IOException e) {
      error(path, "cannot read the label map: " + e.getMessage());
      return;
    }
    int n = config.numClasses();
    int max = map.maxId();
    String field = modelPath() + ".num_classes";
    if (max > n) {
      error(
          field,
          "num_classes is "
              + n
              + " but label map "
              + p.getFileName()
              + " has ids up to "
              + max
              + ": classes above "
              + n
              + " would be dropped; set num_classes: "
              + max);
    } else if (max < n) {
      warning(
          field,
          "num_classes is "
              + n
              + " but label map "
              + p.getFileName()
              + " has ids only up to "
              + max
              + ": the model would predict classes that never occur; set num_classes: "
              + max);
    }
  }

  private void inputFiles(String path, String input) {
    Path base = context.baseDirectory().orElseThrow();
    try {
      if (InputFiles.expand(base, input).isEmpty()) {
        error(
            path,
            (InputFiles.isGlob(input) ? "no file matches '" : "input file does not exist: '")
                + input
                + "' (resolved against "
                + base.toAbsolutePath()
                + "): write it with detect tfrecord or fix the path");
      }
    } catch (IOException e) {
      error(path, "cannot list the files of '" + input + "': " + e.getMessage());
    }
  }

  private void training() {
    if (!config.hasTrainConfig()) {
      error("train_config", "no train_config: add batch_size, num_steps and an optimizer");
      return;
    }
    TrainConfig t = config.trainConfig();
    TrainingChecks.check(t, context, issues);
    if (t.fineTuneCheckpoint().isEmpty() && config.modelType() == ModelType.SSD) {
      config
          .batchNormLagWarning(t.numSteps())
          .ifPresent(
              w -> warning("model.ssd.feature_extractor.conv_hyperparams.batch_norm.decay", w));
    }
  }
}
