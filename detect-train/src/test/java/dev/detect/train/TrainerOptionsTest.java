package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TrainerOptionsTest {
  private final PipelineConfig config = PipelineConfig.preset(Preset.TINY);

  private TrainerOptions.Builder builder() {
    return TrainerOptions.builder(Path.of("model"));
  }

  @Test
  void lowPriorityInput_isOffByDefault_soTheLibraryLeavesTheHostsPrioritiesAlone() {
    assertFalse(builder().build().lowPriorityInput());
    assertTrue(builder().lowPriorityInput(true).build().lowPriorityInput());
  }

  @Test
  void batchSize_takesTheRangeAConfigMayGive() {
    assertEquals(4096, builder().batchSize(4096).build().batchSize());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder().batchSize(4097));
    assertTrue(e.getMessage().contains("batchSize must be 1 to 4096"), e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> builder().batchSize(0));
  }

  @Test
  void earlyStopping_refusesANonFiniteOrNegativeMinDelta() {
    for (double bad : new double[] {Double.NaN, Double.POSITIVE_INFINITY, -0.1}) {
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> builder().earlyStopping(3, bad));
      assertTrue(e.getMessage().contains("finite minDelta"), e.getMessage());
    }
    assertEquals(0.0, builder().earlyStopping(3, 0).build().earlyStoppingMinDelta());
  }

  @Test
  void evaluateEvery_mustFallOnCheckpoints() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> builder().evaluateEvery(500).build());
    assertTrue(
        e.getMessage().contains("evaluateEvery (500) must be a multiple of checkpointEvery (1000)"),
        e.getMessage());
    assertEquals(2000, builder().evaluateEvery(2000).build().evaluateEvery());
    assertEquals(500, builder().checkpointEvery(250).evaluateEvery(500).build().evaluateEvery());
    assertEquals(300, builder().checkpointEvery(300).build().evaluateEvery()); // the default
    assertEquals(0, builder().evaluateEvery(0).build().evaluateEvery());
  }

  @Test
  void earlyStopping_withoutEvaluationsDuringTraining_isRefused() {
    for (int never : new int[] {-1, 0}) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () -> builder().earlyStopping(2, 0.01).evaluateEvery(never).build());
      assertTrue(e.getMessage().contains("earlyStopping needs evaluations"), e.getMessage());
    }
  }

  @Test
  void decodedCacheBytes_defaultsToAQuarterOfTheHeap() {
    assertEquals(Runtime.getRuntime().maxMemory() / 4, builder().build().decodedCacheBytes());
    assertEquals(0, builder().decodedCacheBytes(0).build().decodedCacheBytes());
    assertThrows(IllegalArgumentException.class, () -> builder().decodedCacheBytes(-1));
  }
}
