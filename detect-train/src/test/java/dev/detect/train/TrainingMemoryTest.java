package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link TrainingMemory}: the static estimate from the training graph. */
@Tag("slow")
class TrainingMemoryTest {
  @Test
  void perImageMemoryGrowsWithTheInputAreaAndTheEstimateIsLinearInTheBatch() {
    PipelineConfig tiny = PipelineConfig.preset(Preset.TINY);
    PipelineConfig full = PipelineConfig.preset(Preset.SSD_MOBILENET_V2_320X320);
    TrainingMemory small = TrainingMemory.estimate(tiny);
    TrainingMemory large = TrainingMemory.estimate(full);
    assertTrue(small.bytesPerImage() > 0, small.toString());
    // 320×320 against the tiny preset's smaller input and thinner network.
    assertTrue(large.bytesPerImage() > 4 * small.bytesPerImage(), small + " vs " + large);
    // Measured for this config on the project's machine: 174-197 MiB per image (class doc).
    long mib = large.bytesPerImage() >> 20;
    assertTrue(mib > 100 && mib < 300, mib + " MiB per image");
    assertEquals(
        large.bytes(128) - large.bytes(8), 120 * large.bytesPerImage(), "linear in the batch");
    int fits = large.largestBatch(large.bytes(16));
    assertEquals(16, fits);
    assertEquals(0, large.largestBatch(large.fixedBytes() - 1));
  }

  @Test
  void aModelDetectCannotTrainIsRefused() throws Exception {
    PipelineConfig rcnn =
        PipelineConfig.parse("model { faster_rcnn { num_classes: 3 } }\n", "rcnn.config");
    assertThrows(IllegalArgumentException.class, () -> TrainingMemory.estimate(rcnn));
  }

  @Test
  void formatUsesMibBelowOneGib() {
    assertEquals("512 MiB", TrainingMemory.format(512L << 20));
    assertEquals("1.5 GiB", TrainingMemory.format(3L << 29));
  }
}
