package dev.detect.core.config;

import dev.detect.core.config.ConfigIssue.Severity;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Validation of {@code train_config}: checkpoint, batch, steps, optimizer and schedule. */
final class TrainingChecks {
  private static final Set<String> CHECKPOINT_TYPES =
      Set.of("detection", "classification", "full", "fine_tune");

  private TrainingChecks() {}

  static void check(TrainConfig t, ValidationContext context, List<ConfigIssue> issues) {
    checkpoint(t, context, issues);
    // Out-of-range values (batch_size < 1, num_steps < 0) are ConfigLimits errors.
    if (t.batchSize() > ConfigValidator.LARGE_CPU_BATCH) {
      add(
          issues,
          Severity.WARNING,
          "train_config.batch_size",
          "batch_size "
              + t.batchSize()
              + " is unusually large for training on a CPU or one GPU (zoo configs assume TPU"
              + " batches of 64-512) and may run out of memory: try 8-16 (--batch-size)");
    }
    if (t.numSteps() == 0) {
      add(
          issues,
          Severity.WARNING,
          "train_config.num_steps",
          "num_steps is 0 (or missing): training runs until stopped; set --num-steps");
    }
    optimizer(t, issues);
  }

  private static void checkpoint(TrainConfig t, ValidationContext context, List<ConfigIssue> in) {
    String ckpt = t.fineTuneCheckpoint();
    if (ckpt.isEmpty()) {
      return;
    }
    String p = "train_config.fine_tune_checkpoint";
    if (ckpt.contains(ConfigValidator.PLACEHOLDER)) {
      add(
          in,
          Severity.ERROR,
          p,
          "'"
              + ckpt
              + "' still has the placeholder "
              + ConfigValidator.PLACEHOLDER
              + ": set it to a checkpoint such as .../checkpoint/ckpt-0 (--fine-tune-checkpoint),"
              + " or remove it to train from scratch");
    } else if (context.checksFiles()) {
      Path base = context.baseDirectory().orElseThrow();
      Path prefix = base.resolve(ckpt);
      if (!Files.exists(prefix) && !Files.exists(base.resolve(ckpt + ".index"))) {
        add(
            in,
            Severity.ERROR,
            p,
            "checkpoint "
                + prefix
                + " not found (neither the file nor "
                + prefix.getFileName()
                + ".index exists): give the prefix, e.g. .../checkpoint/ckpt-0");
      }
    }
    String type = t.fineTuneCheckpointType();
    if (type.isEmpty()) {
      add(
          in,
          Severity.WARNING,
          "train_config.fine_tune_checkpoint_type",
          "fine_tune_checkpoint is set but fine_tune_checkpoint_type is not: the OD API then"
              + " assumes \"classification\" (backbone only); set \"detection\" to fine-tune a"
              + " model-zoo detection checkpoint (--fine-tune-checkpoint-type)");
    } else if (!CHECKPOINT_TYPES.contains(type)) {
      add(
          in,
          Severity.ERROR,
          "train_config.fine_tune_checkpoint_type",
          "unknown fine_tune_checkpoint_type '"
              + type
              + "': use \"detection\", \"classification\" or \"full\"");
    }
    if (t.fineTuneCheckpointVersion() != CheckpointVersion.V2) {
      // model_main_tf2.py refuses V1. detect restores by variable name and ignores the field, so a
      // TF1 zoo checkpoint (model.ckpt) with V1 is the README's recipe: only a warning then.
      String name = ckpt.substring(ckpt.lastIndexOf('/') + 1);
      boolean tf1 = name.startsWith("model.ckpt");
      add(
          in,
          tf1 ? Severity.WARNING : Severity.ERROR,
          "train_config.fine_tune_checkpoint_version",
          "fine_tune_checkpoint_version is "
              + t.fineTuneCheckpointVersion()
              + " (V1 when missing): model_main_tf2.py refuses it (\"Checkpoint version should be"
              + " V2\") and reads only TF2 object-based checkpoints"
              + (tf1
                  ? "; detect reads this TF1 checkpoint by variable name all the same. For a"
                      + " config that model_main_tf2.py should also run, use a TF2 checkpoint"
                      + " (checkpoint/ckpt-0) and set fine_tune_checkpoint_version: V2"
                  : "; set fine_tune_checkpoint_version: V2"));
    }
  }

  private static void optimizer(TrainConfig t, List<ConfigIssue> in) {
    Optimizer o = t.optimizer();
    String p = "train_config.optimizer";
    if (o.kind() == Optimizer.Kind.NONE) {
      add(
          in,
          Severity.ERROR,
          p,
          "no optimizer: add momentum_optimizer, adam_optimizer or"
              + " rms_prop_optimizer with a learning_rate");
      return;
    }
    if (o.kind() == Optimizer.Kind.OTHER) {
      add(
          in,
          Severity.WARNING,
          p,
          "detect supports momentum_optimizer, adam_optimizer and" + " rms_prop_optimizer only");
      return;
    }
    String lr = p + "." + o.kind().protoName() + ".learning_rate";
    if (o.learningRate() instanceof LearningRateSchedule.CosineDecay c) {
      cosine(c, t.numSteps(), lr + ".cosine_decay_learning_rate", in);
    } else if (o.learningRate() instanceof LearningRateSchedule.ExponentialDecay e
        && e.decaySteps() <= 0) {
      add(
          in,
          Severity.ERROR,
          lr + ".exponential_decay_learning_rate.decay_steps",
          "decay_steps must be positive, got " + e.decaySteps());
    } else if (o.learningRate() instanceof LearningRateSchedule.ManualStep m) {
      long previous = 0;
      for (LearningRateSchedule.ManualStep.Step s : m.schedule()) {
        if (s.step() <= previous) {
          add(
              in,
              Severity.ERROR,
              lr + ".manual_step_learning_rate.schedule",
              "schedule steps must be positive and strictly increasing, got "
                  + s.step()
                  + " after "
                  + previous);
          break;
        }
        previous = s.step();
      }
    }
  }

  private static void cosine(
      LearningRateSchedule.CosineDecay c, long numSteps, String p, List<ConfigIssue> in) {
    if (c.warmupSteps() > c.totalSteps()) {
      add(
          in,
          Severity.ERROR,
          p + ".warmup_steps",
          "warmup_steps "
              + c.warmupSteps()
              + " exceeds total_steps "
              + c.totalSteps()
              + " (the OD API refuses this):"
              + " lower warmup_steps");
    }
    if (c.warmupSteps() > 0 && c.learningRateBase() < c.warmupLearningRate()) {
      add(
          in,
          Severity.ERROR,
          p + ".warmup_learning_rate",
          "warmup_learning_rate "
              + c.warmupLearningRate()
              + " exceeds learning_rate_base "
              + c.learningRateBase()
              + " (the OD API refuses this)");
    }
    if (numSteps > 0 && c.totalSteps() != numSteps) {
      add(
          in,
          Severity.WARNING,
          p + ".total_steps",
          "total_steps "
              + c.totalSteps()
              + " differs from num_steps "
              + numSteps
              + ": the learning rate "
              + (c.totalSteps() < numSteps
                  ? "is 0 after step " + c.totalSteps()
                  : "never decays fully")
              + "; set total_steps: "
              + numSteps);
    }
  }

  private static void add(List<ConfigIssue> in, Severity s, String path, String message) {
    in.add(new ConfigIssue(s, path, message));
  }
}
