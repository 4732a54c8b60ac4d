package dev.detect.examples;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.EvaluationInfo;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.TrainingListener;
import dev.detect.train.TrainingResult;
import dev.detect.train.export.Exporter;
import java.nio.file.Path;

/**
 * Trains from a pipeline.config (resuming from the model folder's latest checkpoint), evaluating on
 * the eval input, then exports a SavedModel. Run: {@code TrainAndExport <pipeline.config>
 * <model-dir> <export-dir>}.
 */
public final class TrainAndExport {
  private TrainAndExport() {}

  /** Trains {@code args[0]} into {@code args[1]} and exports to {@code args[2]}. */
  public static void main(String[] args) throws Exception {
    PipelineConfig config = PipelineConfig.read(Path.of(args[0]));
    Path modelDir = Path.of(args[1]);
    TrainingListener printEvaluations =
        new TrainingListener() {
          @Override
          public void onEvaluation(EvaluationInfo e) {
            System.out.println(e.report().toText());
          }
        };
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(modelDir)
                .checkpointEvery(500)
                .earlyStopping(5, 0.002)
                .listener(TrainingListener.progressBar())
                .listener(printEvaluations)
                .build())) {
      TrainingResult result = trainer.train();
      System.out.println(result.outcome() + " at step " + result.step());
    }
    // The best checkpoint by mAP is kept in model-dir/best; the latest in model-dir.
    Path best = modelDir.resolve("best");
    Path exported =
        Exporter.builder(config)
            .checkpoint(java.nio.file.Files.exists(best.resolve("checkpoint")) ? best : modelDir)
            .outputDirectory(Path.of(args[2]))
            .build()
            .export();
    System.out.println("exported to " + exported);
  }
}
