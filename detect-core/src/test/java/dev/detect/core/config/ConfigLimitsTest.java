package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Absurd numbers in a config are refused with file, line, field, value and range. */
class ConfigLimitsTest {
  private static final String ZOO = "ssd_mobilenet_v2_320x320_coco17_tpu-8.config";

  private static String zoo() throws IOException {
    return Files.readString(ZooConfigs.file(ZOO));
  }

  /** Parses the zoo config with {@code from} replaced by {@code to} (which must occur). */
  private static PipelineConfig edited(String from, String to) throws IOException {
    String text = zoo();
    assertTrue(text.contains(from), from);
    return PipelineConfig.parse(
        text.replaceFirst(java.util.regex.Pattern.quote(from), to), "p.config");
  }

  private static DatasetFormatException refused(PipelineConfig c, String path, int line) {
    DatasetFormatException e = assertThrows(DatasetFormatException.class, c::checkLimits);
    assertTrue(e.getMessage().startsWith("p.config:" + line + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(path + ": "), e.getMessage());
    assertEquals(Optional.of(line), e.line());
    List<ConfigIssue> issues = c.validate();
    assertTrue(
        issues.stream().anyMatch(i -> i.isError() && i.path().equals(path)), issues.toString());
    return e;
  }

  @Test
  void zooAndPresetConfigs_areWithinLimits() throws IOException {
    for (String name :
        List.of(
            ZOO,
            "ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config",
            "ssd_efficientdet_d0_512x512_coco17_tpu-8.config",
            "faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config",
            "centernet_hourglass104_512x512_coco17_tpu-8.config",
            "ssd_mobilenet_v1_pets.config")) {
      assertDoesNotThrow(ZooConfigs.read(name)::checkLimits, name);
    }
    for (Preset p : Preset.values()) {
      assertDoesNotThrow(PipelineConfig.preset(p)::checkLimits, p.toString());
    }
  }

  @Test
  void numClasses_zeroAndABillion_areRefused() throws IOException {
    DatasetFormatException zero =
        refused(edited("num_classes: 90", "num_classes: 0"), "model.ssd.num_classes", 11);
    assertTrue(zero.getMessage().contains("num_classes is 0"), zero.getMessage());
    assertTrue(zero.getMessage().contains("allowed range 1 to 100000"), zero.getMessage());
    DatasetFormatException billion =
        refused(edited("num_classes: 90", "num_classes: 1000000000"), "model.ssd.num_classes", 11);
    assertTrue(billion.getMessage().contains("num_classes is 1000000000"), billion.getMessage());
  }

  @Test
  void batchSize_negativeOrHuge_isRefused() throws IOException {
    DatasetFormatException e =
        refused(edited("batch_size: 512", "batch_size: -8"), "train_config.batch_size", 147);
    assertTrue(e.getMessage().contains("batch_size is -8"), e.getMessage());
    refused(edited("batch_size: 512", "batch_size: 1000000"), "train_config.batch_size", 147);
  }

  @Test
  void numSteps_negative_isRefused() throws IOException {
    DatasetFormatException e =
        refused(edited("num_steps: 50000", "num_steps: -5"), "train_config.num_steps", 151);
    assertTrue(e.getMessage().contains("train_config.num_steps: num_steps is -5"), e.getMessage());
  }

  @Test
  void imageSize_zeroNegativeAndAMillion_areRefused() throws IOException {
    String path = "model.ssd.image_resizer.fixed_shape_resizer.height";
    refused(edited("height: 300", "height: 0"), path, 49);
    refused(edited("height: 300", "height: -300"), path, 49);
    DatasetFormatException e = refused(edited("height: 300", "height: 1000000"), path, 49);
    assertTrue(e.getMessage().contains("allowed range 1 to 8192"), e.getMessage());
    PipelineConfig both =
        edited("height: 300", "height: 1000000").toBuilder()
            .set("model.ssd.image_resizer.fixed_shape_resizer.width", "1000000")
            .build();
    DatasetFormatException two = assertThrows(DatasetFormatException.class, both::checkLimits);
    assertTrue(two.getMessage().contains("(and 1 more out-of-range values)"), two.getMessage());
  }

  @Test
  void anchors_absurdSettings_areRefused() throws IOException {
    String p = "model.ssd.anchor_generator.ssd_anchor_generator.";
    refused(edited("num_layers: 6", "num_layers: 100000"), p + "num_layers", 37);
    refused(edited("aspect_ratios: 2.0", "aspect_ratios: -2.0"), p + "aspect_ratios", 40);
    // 1e300 overflows float32: reported at its own line (41), before the range check (40).
    refused(edited("aspect_ratios: 2.0", "aspect_ratios: 1e300"), p + "aspect_ratios", 41);
    String many = "aspect_ratios: 1.0\n".repeat(40);
    PipelineConfig c = edited("aspect_ratios: 1.0\n", many);
    DatasetFormatException e = assertThrows(DatasetFormatException.class, c::checkLimits);
    assertTrue(e.getMessage().contains("number of aspect_ratios is 44"), e.getMessage());
  }

  @Test
  void missingField_namesTheSourceWithoutALine() throws IOException {
    PipelineConfig c = PipelineConfig.parse("model { ssd { } }\n", "x.config");
    DatasetFormatException e = assertThrows(DatasetFormatException.class, c::checkLimits);
    assertTrue(e.getMessage().startsWith("x.config"), e.getMessage());
    assertEquals(Optional.empty(), e.line());
    assertTrue(e.getMessage().contains("model.ssd.num_classes: num_classes is 0"), e.getMessage());
  }

  private static PipelineConfig fpnLiteEdited(String from, String to) throws IOException {
    String text =
        Files.readString(
            ZooConfigs.DATA.resolve(
                "models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config"));
    assertTrue(text.contains(from), from);
    return PipelineConfig.parse(
        text.replaceFirst(java.util.regex.Pattern.quote(from), to), "p.config");
  }

  @Test
  void fpnLite_zooConfigIsWithinLimits_absurdPyramidAnchorAndTowerSizesAreNot() throws IOException {
    assertDoesNotThrow(() -> fpnLiteEdited("max_level: 7", "max_level: 7").checkLimits());
    DatasetFormatException levels =
        refused(
            fpnLiteEdited("max_level: 7", "max_level: 70"),
            "model.ssd.feature_extractor.fpn.max_level",
            37);
    assertTrue(levels.getMessage().contains("max_level is 70"), levels.getMessage());
    refused(
        fpnLiteEdited("additional_layer_depth: 128", "additional_layer_depth: 100000"),
        "model.ssd.feature_extractor.fpn.additional_layer_depth",
        38);
    refused(
        fpnLiteEdited("scales_per_octave: 2", "scales_per_octave: 0"),
        "model.ssd.anchor_generator.multiscale_anchor_generator.scales_per_octave",
        100);
    refused(
        fpnLiteEdited("num_layers_before_predictor: 4", "num_layers_before_predictor: 1000"),
        "model.ssd.box_predictor.weight_shared_convolutional_box_predictor"
            + ".num_layers_before_predictor",
        85);
  }
}
