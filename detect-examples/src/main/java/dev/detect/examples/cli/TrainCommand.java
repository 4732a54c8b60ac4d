package dev.detect.examples.cli;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.TrainingListener;
import dev.detect.train.TrainingResult;
import java.nio.file.Path;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect train}: train from a pipeline.config, like the OD API's model_main_tf2.py. */
@Command(
    name = "train",
    mixinStandardHelpOptions = true,
    description = {
      "Train a model from a pipeline.config, like the OD API's model_main_tf2.py.",
      "Trains the model of a pipeline.config on its train_input_reader TFRecords, like the OD API's"
          + " model_main_tf2.py (whose snake_case flag names are accepted too).",
      "Resumes from the latest checkpoint in --model-dir, else starts from"
          + " fine_tune_checkpoint (or from scratch). Writes model_dir/ckpt-N.* with a"
          + " 'checkpoint' state file, and TensorBoard events in model_dir/train/.",
      "Ctrl-C stops after the current step, saves a checkpoint and exits; run the same command"
          + " again to resume. A training failure (e.g. a non-finite loss) is one line on stderr,"
          + " exit code 1, the last checkpoint intact."
    })
final class TrainCommand implements Callable<Integer> {
  /** How long Ctrl-C waits for the final checkpoint before the JVM exits anyway. */
  private static final long STOP_TIMEOUT_SECONDS = 120;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"--pipeline-config", "--pipeline_config_path"},
      required = true,
      paramLabel = "FILE",
      description = "pipeline.config to train.")
  Path pipelineConfig;

  @Option(
      names = {"--model-dir", "--model_dir"},
      required = true,
      paramLabel = "DIR",
      description = "Folder for checkpoints and TensorBoard events (resumed if it has some).")
  Path modelDir;

  @Option(
      names = {"--num-train-steps", "--num_train_steps"},
      paramLabel = "N",
      description = "Train until global step N (default: train_config.num_steps).")
  Long numTrainSteps;

  @Option(
      names = {"--checkpoint-every", "--checkpoint_every_n"},
      defaultValue = "1000",
      paramLabel = "N",
      description =
          "Steps between checkpoints; one is also written at the end (default: ${DEFAULT-VALUE}).")
  int checkpointEvery;

  @Option(
      names = "--batch-size",
      paramLabel = "N",
      description = "Images per step (default: train_config.batch_size).")
  Integer batchSize;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description =
          "Seed of the initial weights, shuffling and augmentation (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(
      names = "--threads",
      paramLabel = "N",
      description =
          "TensorFlow intra-op threads, and min(2, N) inter-op threads (default: every core).")
  Integer threads;

  @Option(
      names = "--input-threads",
      paramLabel = "N",
      description = "Threads decoding and augmenting images (default: half the cores).")
  Integer inputThreads;

  @Option(
      names = "--cache-mb",
      paramLabel = "MB",
      description =
          "Memory for decoded training images kept after their first use, so that later epochs"
              + " skip reading and decoding them (default: a quarter of the Java heap; 0 = none).")
  Long cacheMb;

  @Option(
      names = "--json",
      description =
          "Print the result as JSON on stdout (outcome, step, loss, last checkpoint, and what"
              + " fine_tune_checkpoint restored: counts and names) instead of the summary line.")
  boolean json;

  @Override
  public Integer call() throws Exception {
    PipelineConfig config = PipelineConfig.read(pipelineConfig);
    Console console = new Console(spec);
    try (Trainer trainer = Trainer.create(config, trainerOptions(config).build())) {
      trainStoppingOnCtrlC(trainer, console, json);
    }
    return 0;
  }

  /**
   * The trainer's settings from the parsed options. The command owns its process, so the input
   * threads run at low OS priority (the library's default leaves the host's priorities alone).
   */
  TrainerOptions.Builder trainerOptions(PipelineConfig config) {
    TrainerOptions.Builder b =
        TrainerOptions.builder(modelDir)
            .seed(seed)
            .lowPriorityInput(true)
            .listener(TrainingListener.progressBar());
    InputChecks.option(
        spec, "--checkpoint-every", checkpointEvery, () -> b.checkpointEvery(checkpointEvery));
    if (numTrainSteps != null) {
      InputChecks.option(spec, "--num-train-steps", numTrainSteps, () -> b.numSteps(numTrainSteps));
    }
    if (batchSize != null) {
      InputChecks.option(spec, "--batch-size", batchSize, () -> b.batchSize(batchSize));
    }
    if (threads != null) {
      if (threads < 1) {
        throw new ParameterException(spec.commandLine(), "--threads must be >= 1, got " + threads);
      }
      b.threads(threads, Math.min(2, threads));
    }
    if (inputThreads != null) {
      InputChecks.option(spec, "--input-threads", inputThreads, () -> b.inputThreads(inputThreads));
    }
    if (cacheMb != null) {
      if (cacheMb < 0 || cacheMb > Long.MAX_VALUE >> 20) {
        throw new ParameterException(
            spec.commandLine(), "--cache-mb must be between 0 and " + (Long.MAX_VALUE >> 20));
      }
      b.decodedCacheBytes(cacheMb << 20);
    }
    return b;
  }

  /**
   * Runs {@code trainer.train()} with a shutdown hook that, on Ctrl-C (SIGINT/SIGTERM), asks the
   * trainer to stop after the current step and waits for it to save its checkpoint and return.
   * Prints the result.
   */
  private static TrainingResult trainStoppingOnCtrlC(Trainer trainer, Console console, boolean json)
      throws java.io.IOException {
    CountDownLatch finished = new CountDownLatch(1);
    Thread hook =
        new Thread(
            () -> {
              console.err("detect train: stopping after this step and saving a checkpoint ...");
              trainer.stop();
              try {
                finished.await(STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "detect-train-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try {
      TrainingResult result = trainer.train();
      // Printed before the hook is released: after a Ctrl-C the JVM halts once it returns.
      console.out(json ? TrainingResultJson.of(result) : describe(result));
      return result;
    } finally {
      finished.countDown();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException shuttingDown) {
        // The JVM is exiting (Ctrl-C): the hook is running and returns now.
      }
    }
  }

  static String describe(TrainingResult r) {
    String outcome =
        switch (r.outcome()) {
          case COMPLETED -> "training completed";
          case STOPPED -> "training stopped";
          case EARLY_STOPPED -> "training stopped early (no improvement)";
          case ALREADY_COMPLETE -> "nothing to train: the model is already at";
        };
    StringBuilder sb = new StringBuilder(outcome);
    sb.append(r.outcome() == TrainingResult.Outcome.ALREADY_COMPLETE ? " step " : " at step ");
    sb.append(r.step());
    if (!Double.isNaN(r.finalLoss())) {
      sb.append(String.format(Locale.ROOT, ", final loss %.4f", r.finalLoss()));
    }
    sb.append(String.format(Locale.ROOT, " in %.1f s", r.elapsedSeconds()));
    sb.append(r.lastCheckpoint().map(p -> "; last checkpoint " + p).orElse("; no checkpoint"));
    r.fineTune().ifPresent(f -> sb.append("\nfine-tune: ").append(f.summary()));
    return sb.toString();
  }
}
