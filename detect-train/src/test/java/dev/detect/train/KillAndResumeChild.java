package dev.detect.train;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.export.Exporter;
import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The process {@link KillAndResumeTest} starts and kills: trains (resuming from the model folder),
 * then exports. It announces on stdout, one line each, what it is about to do, so the test can time
 * its kills: {@code START <firstStep>}, {@code STEP <n>}, {@code CKPT-BEGIN <n>} (the checkpoint of
 * step n is written right after), {@code CKPT-DONE <n>}, {@code EXPORT-BEGIN}, {@code EXPORT-DONE}.
 *
 * <p>Arguments: pipeline.config, model folder, export folder, number of steps, steps between
 * checkpoints, steps between evaluations (-1: none).
 */
public final class KillAndResumeChild {
  private KillAndResumeChild() {}

  /** Runs training then export; see the class comment for the arguments. */
  public static void main(String[] args) throws Exception {
    PipelineConfig config = PipelineConfig.read(Path.of(args[0]));
    Path modelDir = Path.of(args[1]);
    Path exportDir = Path.of(args[2]);
    long numSteps = Long.parseLong(args[3]);
    int every = Integer.parseInt(args[4]);
    int evaluateEvery = Integer.parseInt(args[5]);
    PrintStream out = System.out;
    TrainingListener announcer =
        new TrainingListener() {
          @Override
          public void onStart(TrainingStart start) {
            say(out, "START " + start.firstStep());
          }

          @Override
          public void onStep(StepInfo s) {
            say(out, "STEP " + s.step());
            if (s.step() % every == 0 && s.step() != numSteps) {
              say(out, "CKPT-BEGIN " + s.step());
            }
          }

          @Override
          public void onCheckpoint(CheckpointInfo c) {
            say(out, "CKPT-DONE " + c.step());
          }
        };
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(modelDir)
                .numSteps(numSteps)
                .checkpointEvery(every)
                .keepCheckpoints(3)
                .summaryEvery(1)
                .evaluateEvery(evaluateEvery)
                .threads(1, 1)
                .inputThreads(1)
                .listener(announcer)
                .build())) {
      say(out, "RESULT " + trainer.train().outcome());
    }
    say(out, "EXPORT-BEGIN");
    Exporter.builder(config).checkpoint(modelDir).outputDirectory(exportDir).build().export();
    say(out, "EXPORT-DONE");
  }

  private static void say(PrintStream out, String line) {
    out.println(line);
    out.flush();
  }
}
