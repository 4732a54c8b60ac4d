package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.io.internal.ProcessStatus;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Building, training (2 steps, a checkpoint and an evaluation) and closing a Trainer 10 times
 * releases what each cycle took: no input-pipeline thread outlives its Trainer, and resident memory
 * and the process's thread count after the last cycle are those after the first, within a bound.
 */
@Tag("slow")
class TrainerOpenCloseTest {
  private static final int CYCLES = 6;

  /** Generous bound on resident-memory growth from the first cycle to the last. */
  private static final long MAX_GROWTH_KB = 64 * 1024;

  @TempDir Path dir;

  @Test
  void trainAndClose_tenTimes_releasesMemoryAndThreads() throws Exception {
    PipelineConfig config = TinyModels.config(dir, 2);
    long[] rss = new long[CYCLES];
    long[] threads = new long[CYCLES];
    for (int c = 0; c < CYCLES; c++) {
      try (Trainer t = Trainer.builder(config).modelDir(dir.resolve("model-" + c)).build()) {
        TrainingResult r = t.train();
        assertEquals(TrainingResult.Outcome.COMPLETED, r.outcome(), "cycle " + c);
        assertEquals(2, r.step(), "cycle " + c);
      }
      assertEquals(List.of(), pipelineThreads(), "cycle " + c);
      System.gc();
      rss[c] = ProcessStatus.residentKb().orElse(-1);
      threads[c] = ProcessStatus.threads().orElse(-1);
    }
    long growth = rss[CYCLES - 1] - rss[0];
    System.out.printf(
        Locale.ROOT,
        "%d Trainer build/train/close cycles: RSS after the first %d MB, max %d MB, after the last"
            + " %d MB (%+d MB); threads %d → %d%n",
        CYCLES,
        rss[0] / 1024,
        Arrays.stream(rss).max().orElse(-1) / 1024,
        rss[CYCLES - 1] / 1024,
        growth / 1024,
        threads[0],
        threads[CYCLES - 1]);
    if (rss[0] > 0) {
      assertTrue(growth < MAX_GROWTH_KB, "resident memory grew by " + growth / 1024 + " MB");
      assertTrue(
          threads[CYCLES - 1] <= threads[0],
          "threads "
              + threads[0]
              + " after the first cycle, "
              + threads[CYCLES - 1]
              + " after the last");
    }
  }

  /** The live threads of input pipelines ({@code detect-input-*}). */
  private static List<String> pipelineThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(Thread::isAlive)
        .map(Thread::getName)
        .filter(n -> n.startsWith("detect-input"))
        .sorted()
        .toList();
  }
}
