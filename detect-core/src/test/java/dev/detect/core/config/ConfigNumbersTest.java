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
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Non-finite numbers ({@code nan}, {@code inf}, {@code 1e999}, and {@code 1e39}, which float32
 * rounds to infinity) in any config field are errors of {@code validate()} and refused by {@code
 * checkLimits()} (so by the trainer) with the file, the value's line and the field path; integers
 * that do not fit their type are refused too.
 */
class ConfigNumbersTest {
  private static final String ZOO = "ssd_mobilenet_v2_320x320_coco17_tpu-8.config";

  private static PipelineConfig edited(String from, String to) throws IOException {
    String text = Files.readString(ZooConfigs.file(ZOO));
    assertTrue(text.contains(from), from);
    return PipelineConfig.parse(text.replaceFirst(Pattern.quote(from), to), "p.config");
  }

  private static void refused(PipelineConfig c, String path, int line, String value) {
    DatasetFormatException e = assertThrows(DatasetFormatException.class, c::checkLimits);
    assertTrue(e.getMessage().startsWith("p.config:" + line + ":"), e.getMessage());
    assertTrue(e.getMessage().contains(path + ": "), e.getMessage());
    assertTrue(e.getMessage().contains(value), e.getMessage());
    assertTrue(e.getMessage().contains("finite"), e.getMessage());
    assertEquals(Optional.of(line), e.line());
    List<ConfigIssue> issues = c.validate();
    assertTrue(
        issues.stream()
            .anyMatch(i -> i.isError() && i.path().equals(path) && i.message().contains(value)),
        issues.toString());
  }

  @Test
  void nonFiniteLearningRateMomentumAndWarmup_areRefused() throws IOException {
    String lr =
        "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate.";
    for (String bad : List.of("nan", "inf", "-inf", "Infinity", "1e999", "1e39", "-1e39")) {
      refused(
          edited("learning_rate_base: .8", "learning_rate_base: " + bad),
          lr + "learning_rate_base",
          164,
          bad);
    }
    refused(
        edited("warmup_learning_rate: 0.13333", "warmup_learning_rate: nan"),
        lr + "warmup_learning_rate",
        166,
        "nan");
    refused(
        edited("momentum_optimizer_value: 0.9", "momentum_optimizer_value: inf"),
        "train_config.optimizer.momentum_optimizer.momentum_optimizer_value",
        170,
        "inf");
  }

  @Test
  void nonFiniteThresholdsAndAspectRatios_areRefused() throws IOException {
    String nms = "model.ssd.post_processing.batch_non_max_suppression.";
    refused(edited("iou_threshold: 0.6", "iou_threshold: nan"), nms + "iou_threshold", 134, "nan");
    refused(
        edited("score_threshold: 1e-8", "score_threshold: -inf"),
        nms + "score_threshold",
        133,
        "-inf");
    refused(
        edited("matched_threshold: 0.5", "matched_threshold: nan"),
        "model.ssd.matcher.argmax_matcher.matched_threshold",
        22,
        "nan");
    refused(
        edited("aspect_ratios: 2.0", "aspect_ratios: inf"),
        "model.ssd.anchor_generator.ssd_anchor_generator.aspect_ratios",
        41,
        "inf");
    refused(
        edited("y_scale: 10.0", "y_scale: 1e999"),
        "model.ssd.box_coder.faster_rcnn_box_coder.y_scale",
        14,
        "1e999");
  }

  @Test
  void nonFiniteAugmentationParameters_areRefused() throws IOException {
    PipelineConfig c =
        edited(
            "  data_augmentation_options {\n    random_horizontal_flip {\n    }",
            "  data_augmentation_options {\n    random_horizontal_flip {\n    }\n  }\n"
                + "  data_augmentation_options {\n    random_adjust_brightness {\n"
                + "      max_delta: nan\n    }");
    refused(
        c, "train_config.data_augmentation_options.random_adjust_brightness.max_delta", 158, "nan");
  }

  @Test
  void padImageSizeBeyondInt32_isRefusedNotSaturated() throws IOException {
    // The trainer casts it to int: 1e12 silently became 2147483647 pixels.
    PipelineConfig c =
        edited(
            "    random_horizontal_flip {\n    }",
            "    random_horizontal_flip {\n    }\n  }\n  data_augmentation_options {\n"
                + "    random_pad_image {\n      min_image_height: 1e12\n"
                + "      min_image_width: 300\n    }");
    String path = "train_config.data_augmentation_options.random_pad_image.min_image_height";
    DatasetFormatException e = assertThrows(DatasetFormatException.class, c::checkLimits);
    assertTrue(e.getMessage().contains(path + ": min_image_height is 1.0E12"), e.getMessage());
    assertTrue(e.getMessage().contains("int32"), e.getMessage());
    assertTrue(
        c.validate().stream().anyMatch(i -> i.isError() && i.path().equals(path)),
        c.validate().toString());
  }

  @Test
  void finiteExtremes_andZooConfigs_areAccepted() throws IOException {
    assertDoesNotThrow(edited("score_threshold: 1e-8", "score_threshold: 1e-50")::checkLimits);
    assertDoesNotThrow(edited("score_threshold: 1e-8", "score_threshold: -3.4e38")::checkLimits);
    for (Preset p : Preset.values()) {
      assertDoesNotThrow(PipelineConfig.preset(p)::checkLimits, p.toString());
    }
  }

  @Test
  void int64Fields_outOfTheirRange_areRefusedWhenRead() {
    DatasetFormatException labelMap =
        assertThrows(
            DatasetFormatException.class,
            () ->
                PipelineConfig.parse("model { ssd { num_classes: 4294967297 } }\n", "big.config"));
    assertTrue(labelMap.getMessage().contains("32-bit"), labelMap.getMessage());
    assertTrue(labelMap.getMessage().startsWith("big.config:1:"), labelMap.getMessage());
    DatasetFormatException steps =
        assertThrows(
            DatasetFormatException.class,
            () ->
                PipelineConfig.parse(
                    "train_config { num_steps: 18446744073709551617 }\n", "big.config"));
    assertTrue(steps.getMessage().contains("64-bit"), steps.getMessage());
  }

  @Test
  void setPathIndexBeyondInt_isAClearErrorNotANumberFormatException() {
    PipelineConfig c = PipelineConfig.preset(Preset.TINY);
    for (String index : List.of("99999999999", "4294967297", "-1", "x")) {
      String path =
          "train_config.data_augmentation_options["
              + index
              + "].random_horizontal_flip.probability";
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.toBuilder().set(path, "0.5"));
      assertEquals(IllegalArgumentException.class, e.getClass(), e.toString());
      assertTrue(e.getMessage().contains("expected an index like [0]"), e.getMessage());
    }
  }
}
