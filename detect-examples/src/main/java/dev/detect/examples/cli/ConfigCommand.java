package dev.detect.examples.cli;

import dev.detect.core.config.ConfigIssue;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.config.ValidationContext;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.TrainingMemory;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect config}: write, edit and validate an Object Detection API pipeline.config. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    description = {
      "Write a pipeline.config from a preset or edit an existing one, keeping every comment and"
          + " untouched line; validate it.",
      "With --preset and --label-map but no --num-classes, num_classes is set to the label map's"
          + " highest id (an --input config is never changed beyond what you ask; --validate"
          + " reports a mismatch).",
      "--validate prints one issue per line (ERROR|WARNING path: message), checking the files the"
          + " config names relative to the working directory; exit code 3 when there are errors."
    })
final class ConfigCommand implements Callable<Integer> {

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  static final class Source {
    @Option(
        names = "--preset",
        paramLabel = "ssd_mobilenet_v2_320x320|tiny",
        description = "Start from a preset.")
    String preset;

    @Option(
        names = {"-i", "--input"},
        paramLabel = "FILE",
        description = "Start from an existing pipeline.config.")
    Path input;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = {"-o", "--output"},
      paramLabel = "FILE",
      description = "pipeline.config to write (written atomically).")
  Path output;

  @Option(names = "--validate", description = "Check the (edited) config; exit 3 on errors.")
  boolean validate;

  @Option(names = "--num-classes", paramLabel = "N", description = "model num_classes.")
  Integer numClasses;

  @Option(
      names = "--label-map",
      paramLabel = "FILE",
      description = "label_map_path of the train and every eval input.")
  String labelMap;

  @Option(
      names = "--train-input",
      paramLabel = "PATH",
      description = "Train TFRecord path or glob (repeatable).")
  List<String> trainInputs = new ArrayList<>();

  @Option(
      names = "--eval-input",
      paramLabel = "PATH",
      description = "Eval TFRecord path or glob (repeatable).")
  List<String> evalInputs = new ArrayList<>();

  @Option(names = "--batch-size", paramLabel = "N", description = "train_config batch_size.")
  Integer batchSize;

  @Option(names = "--num-steps", paramLabel = "N", description = "train_config num_steps.")
  Long numSteps;

  @Option(
      names = "--fine-tune-checkpoint",
      paramLabel = "PREFIX",
      description = "Checkpoint to start from, e.g. .../checkpoint/ckpt-0.")
  String fineTuneCheckpoint;

  @Option(
      names = "--fine-tune-checkpoint-type",
      paramLabel = "detection|classification|full|fine_tune",
      description =
          "What the checkpoint restores: detection (also full, fine_tune) or classification"
              + " (default with --fine-tune-checkpoint: detection).")
  String fineTuneCheckpointType;

  @Option(
      names = "--set",
      paramLabel = "PATH=VALUE",
      description =
          "Set any field, e.g. --set model.ssd.box_predictor.convolutional_box_predictor"
              + ".kernel_size=3 (quote VALUE to write a string into a new field). Repeatable.")
  List<String> sets = new ArrayList<>();

  /** Batches above this get the memory estimate (as the validator's large-batch warning). */
  private static final int LARGE_BATCH = 32;

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(
        spec, 1, new String[] {"--output", "--input"}, output, source.input);
    if (output == null && !validate) {
      throw new ParameterException(
          spec.commandLine(), "nothing to do: give --output FILE and/or --validate");
    }
    if (fineTuneCheckpointType != null
        && !java.util.Set.of("detection", "classification", "full", "fine_tune")
            .contains(fineTuneCheckpointType)) {
      throw new ParameterException(
          spec.commandLine(),
          "--fine-tune-checkpoint-type must be detection, classification, full or fine_tune, got '"
              + fineTuneCheckpointType
              + "'");
    }
    PipelineConfig config =
        source.preset != null ? PipelineConfig.preset(preset()) : PipelineConfig.read(source.input);
    Console console = new Console(spec);
    int originalBatch = config.trainConfig().batchSize();
    if (hasEdits()) {
      config = edit(config);
    }
    memoryWarning(originalBatch, config, console);
    if (source.preset != null
        && numClasses == null
        && labelMap != null
        && !Files.isRegularFile(Path.of(labelMap))) {
      console.err(
          spec.qualifiedName()
              + ": warning: num_classes stays "
              + config.numClasses()
              + " (the preset's): --label-map "
              + labelMap
              + " cannot be read from here to count its classes; give --num-classes N");
    }
    List<ConfigIssue> issues = config.validate(ValidationContext.checkingFiles(Path.of("")));
    if (output != null) {
      config.write(output);
      console.out("wrote " + output + ": " + describe(config) + issueSummary(issues, validate));
    }
    if (!validate) {
      return 0;
    }
    for (ConfigIssue issue : issues) {
      console.out(issue.toString());
    }
    long errors = issues.stream().filter(ConfigIssue::isError).count();
    console.out(
        (output == null ? describe(config) + ": " : "")
            + errors
            + " error(s), "
            + (issues.size() - errors)
            + " warning(s)");
    return errors > 0 ? DetectCli.EXIT_INVALID_DATA : 0;
  }

  /**
   * Warns when the batch is larger than a CPU or one GPU usually holds (zoo configs are written for
   * TPU pods), stating the memory that batch would need, or, when --batch-size brought it down,
   * what the config's own batch would have needed.
   */
  private void memoryWarning(int originalBatch, PipelineConfig config, Console console) {
    int batch = config.trainConfig().batchSize();
    boolean reduced = batchSize != null && batch < originalBatch;
    int large = reduced ? originalBatch : batch;
    if (large <= LARGE_BATCH) {
      return;
    }
    TrainingMemory memory;
    try {
      memory = TrainingMemory.estimate(config);
    } catch (RuntimeException e) {
      return; // not a model detect trains: validation says so
    }
    long total =
        ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
            .getTotalMemorySize();
    String machine =
        "this machine has "
            + TrainingMemory.format(total)
            + "; about "
            + memory.largestBatch(total)
            + " images per step fit";
    String cost =
        " ("
            + TrainingMemory.format(memory.fixedBytes())
            + " + "
            + TrainingMemory.format(memory.bytesPerImage())
            + " per image, estimated from the training graph)";
    if (reduced) {
      console.err(
          spec.qualifiedName()
              + ": warning: the config's batch_size "
              + originalBatch
              + " would need about "
              + TrainingMemory.format(memory.bytes(originalBatch))
              + " to train"
              + cost
              + "; "
              + machine
              + ". --batch-size "
              + batch
              + " needs about "
              + TrainingMemory.format(memory.bytes(batch))
              + " (lower learning_rate_base and warmup_learning_rate with it, the zoo's are"
              + " tuned for batch "
              + originalBatch
              + ")");
    } else {
      console.err(
          spec.qualifiedName()
              + ": warning: batch_size "
              + batch
              + " would need about "
              + TrainingMemory.format(memory.bytes(batch))
              + " to train"
              + cost
              + "; "
              + machine
              + ": bring it down with --batch-size (8-16 on a CPU)");
    }
  }

  private boolean hasEdits() {
    return numClasses != null
        || labelMap != null
        || !trainInputs.isEmpty()
        || !evalInputs.isEmpty()
        || batchSize != null
        || numSteps != null
        || fineTuneCheckpoint != null
        || fineTuneCheckpointType != null
        || !sets.isEmpty();
  }

  private Preset preset() {
    try {
      return Preset.of(source.preset);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), "--preset: " + e.getMessage());
    }
  }

  private PipelineConfig edit(PipelineConfig config) throws java.io.IOException {
    // the values' ranges here, so that the setters' errors are about the config (e.g. a field
    // given twice in it), which stay failures (exit 1)
    if (numClasses != null && numClasses < 1) {
      throw new ParameterException(
          spec.commandLine(), "--num-classes must be positive, got " + numClasses);
    }
    if (batchSize != null && batchSize < 1) {
      throw new ParameterException(
          spec.commandLine(), "--batch-size must be positive, got " + batchSize);
    }
    if (numSteps != null && numSteps < 0) {
      throw new ParameterException(
          spec.commandLine(), "--num-steps must not be negative, got " + numSteps);
    }
    PipelineConfig.Builder b = config.toBuilder();
    if (numClasses != null) {
      b.numClasses(numClasses);
    } else if (source.preset != null
        && labelMap != null
        && Files.isRegularFile(Path.of(labelMap))) {
      b.numClasses(LabelMapFormat.read(Path.of(labelMap)).maxId());
    }
    if (labelMap != null) {
      b.labelMapPath(labelMap);
    }
    if (!trainInputs.isEmpty()) {
      b.trainInputPaths(trainInputs);
    }
    if (!evalInputs.isEmpty()) {
      b.evalInputPaths(evalInputs);
    }
    if (batchSize != null) {
      b.batchSize(batchSize);
    }
    if (numSteps != null) {
      b.numSteps(numSteps);
    }
    if (fineTuneCheckpoint != null) {
      b.fineTuneCheckpoint(
          fineTuneCheckpoint,
          fineTuneCheckpointType == null ? "detection" : fineTuneCheckpointType);
    } else if (fineTuneCheckpointType != null) {
      b.set(
          "train_config.fine_tune_checkpoint_type",
          dev.detect.core.textproto.TextProtoScalar.quote(fineTuneCheckpointType, '"'));
    }
    for (String s : sets) {
      int eq = s.indexOf('=');
      if (eq <= 0) {
        throw new ParameterException(
            spec.commandLine(), "--set expects PATH=VALUE, got '" + s + "'");
      }
      InputChecks.option(spec, "--set", s, () -> b.set(s.substring(0, eq), s.substring(eq + 1)));
    }
    return b.build();
  }

  private static String describe(PipelineConfig c) {
    String model = c.modelType().protoName().isEmpty() ? "no model" : c.modelType().protoName();
    return model
        + ", "
        + c.numClasses()
        + " classes, batch "
        + c.trainConfig().batchSize()
        + ", "
        + c.trainConfig().numSteps()
        + " steps";
  }

  private static String issueSummary(List<ConfigIssue> issues, boolean validating) {
    long errors = issues.stream().filter(ConfigIssue::isError).count();
    if (validating || issues.isEmpty()) {
      return "";
    }
    return " ("
        + errors
        + " error(s), "
        + (issues.size() - errors)
        + " warning(s): check with --validate)";
  }
}
