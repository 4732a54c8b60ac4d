package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Architectures detect does not train are refused before any graph is built. */
class UnsupportedModelTest {
  static final Path CONFIGS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"), "pipeline_configs");

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config, FASTER-RCNN",
    "centernet_hourglass104_512x512_coco17_tpu-8.config, CENTER-NET",
    "ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config, 'ssd_resnet50_v1_fpn_keras'",
    "ssd_efficientdet_d0_512x512_coco17_tpu-8.config, 'ssd_efficientnet-b0_bifpn_keras'"
  })
  void unsupportedArchitecture_isRefusedNamingWhatIsSupported(String file, String named)
      throws Exception {
    PipelineConfig config = PipelineConfig.read(CONFIGS.resolve(file));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trainer.create(config, TrainerOptions.builder(dir).batchSize(1).build()));
    String m = e.getMessage();
    assertTrue(m.contains(named), m);
    assertSupportedListed(m);
  }

  /**
   * The TF2 Keras MobileNetV1 extractor names its variables differently from the TF1 one detect
   * builds, so it is refused rather than built under the wrong names.
   */
  @Test
  void kerasMobilenetV1_isRefusedNamingTheTf1Type() throws Exception {
    String text =
        Files.readString(CONFIGS.resolve("tf1_ssd_mobilenet_v1_coco.config"))
            .replace("type: 'ssd_mobilenet_v1'", "type: 'ssd_mobilenet_v1_keras'");
    PipelineConfig config = PipelineConfig.parse(text, "v1_keras.config");
    assertEquals("ssd_mobilenet_v1_keras", config.featureExtractor().type());
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Trainer.create(config, TrainerOptions.builder(dir).batchSize(1).build()));
    assertTrue(
        e.getMessage().contains("SSD (model.ssd) with feature extractor 'ssd_mobilenet_v1_keras'"),
        e.getMessage());
    assertSupportedListed(e.getMessage());
  }

  private static void assertSupportedListed(String m) {
    assertTrue(m.contains("unsupported model"), m);
    for (String s : new String[] {"ssd_mobilenet_v1,", "ssd_mobilenet_v2 ", "SSDLite"}) {
      assertTrue(m.contains(s), "names what is supported (" + s + "): " + m);
    }
  }
}
