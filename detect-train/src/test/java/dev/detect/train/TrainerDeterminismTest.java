package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Regression test: optimizer updates used to run as soon as their own gradient was ready while
 * backpropagation still read the variable, so losses depended on op scheduling and training
 * diverged under load. Now every update waits for every gradient: same seed, same losses.
 */
@Tag("slow")
class TrainerDeterminismTest {
  @Test
  void sameSeed_sameLossesWhateverTheThreadAndCacheSettings(@TempDir Path dir) throws Exception {
    PipelineConfig config = TinyModels.config(dir, 24, 10);
    long cache = Runtime.getRuntime().maxMemory() / 4; // the default
    List<Double> first = losses(config, dir.resolve("a"), 0, cache);
    List<Double> second = losses(config, dir.resolve("b"), 0, cache);
    List<Double> sequential = losses(config, dir.resolve("c"), 1, cache);
    // no decoded cache: every epoch reads and decodes the records again
    List<Double> uncached = losses(config, dir.resolve("d"), 0, 0);
    assertEquals(first, second);
    assertEquals(first, sequential);
    assertEquals(first, uncached);
    assertTrue(first.get(9) < first.get(0), first.toString());
  }

  static List<Double> losses(
      PipelineConfig config, Path modelDir, int interOpThreads, long cacheBytes) throws Exception {
    List<Double> losses = new ArrayList<>();
    try (Trainer t =
        Trainer.create(
            config,
            TrainerOptions.builder(modelDir)
                .threads(0, interOpThreads)
                .decodedCacheBytes(cacheBytes)
                .evaluateEvery(-1)
                .listener(
                    new TrainingListener() {
                      @Override
                      public void onStep(StepInfo s) {
                        losses.add(s.totalLoss());
                      }
                    })
                .build())) {
      t.train();
    }
    return losses;
  }
}
