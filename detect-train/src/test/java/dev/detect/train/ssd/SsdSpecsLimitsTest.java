package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.train.Trainer;
import dev.detect.train.export.Exporter;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trainer and Exporter refuse absurd configs before building any graph. */
class SsdSpecsLimitsTest {
  @TempDir Path dir;

  private static PipelineConfig tinyWith(String regex, String replacement) throws Exception {
    String text = PipelineConfig.preset(Preset.TINY).print();
    String edited = text.replaceFirst(regex, replacement);
    assertTrue(!edited.equals(text), regex);
    return PipelineConfig.parse(edited, "hostile.config");
  }

  @Test
  void trainerAndExporter_refuseABillionClassesAtOnce() throws Exception {
    PipelineConfig c = tinyWith("num_classes: \\d+", "num_classes: 1000000000");
    IllegalArgumentException spec =
        assertThrows(IllegalArgumentException.class, () -> SsdSpecs.from(c));
    assertTrue(spec.getMessage().startsWith("hostile.config:"), spec.getMessage());
    assertTrue(spec.getMessage().contains("model.ssd.num_classes"), spec.getMessage());
    assertTrue(spec.getMessage().contains("1000000000"), spec.getMessage());
    assertTimeoutPreemptively(
        Duration.ofSeconds(10),
        () -> {
          assertThrows(IllegalArgumentException.class, () -> Trainer.create(c, dir.resolve("m")));
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Exporter.builder(c)
                      .checkpoint(dir.resolve("m"))
                      .outputDirectory(dir.resolve("e"))
                      .build()
                      .export());
        });
  }

  @Test
  void trainer_refusesAMillionPixelSideInput() throws Exception {
    PipelineConfig c = tinyWith("height: \\d+", "height: 1000000");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trainer.create(c, dir.resolve("m")));
    assertTrue(e.getMessage().contains("fixed_shape_resizer.height"), e.getMessage());
    assertTrue(e.getMessage().contains("allowed range 1 to 8192"), e.getMessage());
  }

  @Test
  void trainer_refusesNonFiniteLearningRateAspectRatioAndThreshold() throws Exception {
    String[][] cases = {
      {"learning_rate_base: [0-9.]+", "learning_rate_base: nan", "learning_rate_base is nan"},
      {"momentum_optimizer_value: [0-9.]+", "momentum_optimizer_value: inf", "is inf"},
      {"aspect_ratios: 2.0", "aspect_ratios: 1e999", "aspect_ratios is 1e999"},
      {"iou_threshold: [0-9.]+", "iou_threshold: -inf", "iou_threshold is -inf"},
      {"learning_rate_base: [0-9.]+", "learning_rate_base: 1e39", "float32"},
    };
    for (String[] c : cases) {
      PipelineConfig config = tinyWith(c[0], c[1]);
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> Trainer.create(config, dir.resolve("m")), c[1]);
      assertTrue(e.getMessage().startsWith("hostile.config:"), e.getMessage());
      assertTrue(e.getMessage().contains(c[2]), e.getMessage());
      assertTrue(e.getMessage().contains("finite"), e.getMessage());
    }
  }
}
