package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/** unsupportedFields against the trainer contract. */
class UnsupportedFieldsTest {
  private static List<String> unsupported(String name) throws IOException {
    return ZooConfigs.read(name).unsupportedFields(PipelineConfig.TRAINER_SUPPORTED);
  }

  @ParameterizedTest
  @EnumSource(Preset.class)
  void presets_areFullySupported(Preset preset) {
    assertEquals(
        List.of(),
        PipelineConfig.preset(preset).unsupportedFields(PipelineConfig.TRAINER_SUPPORTED));
  }

  @Test
  void ssdMobilenetV2_onlyTpuTrainingFields() throws IOException {
    assertEquals(
        List.of(
            "train_config.sync_replicas",
            "train_config.startup_delay_steps",
            "train_config.replicas_to_aggregate"),
        unsupported("ssd_mobilenet_v2_320x320_coco17_tpu-8.config"));
  }

  @Test
  void resnetFpnConfig_fpnFieldsAreReadButBfloat16IsNot() throws IOException {
    // The FPN, multiscale-anchor and weight-shared-predictor fields are honoured (for FPN-Lite);
    // the ResNet extractor itself is refused by Architecture, not here.
    List<String> u = unsupported("ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config");
    assertFalse(u.contains("model.ssd.feature_extractor.fpn.min_level"), u.toString());
    assertFalse(u.contains("model.ssd.anchor_generator.multiscale_anchor_generator.min_level"));
    assertFalse(
        u.contains("model.ssd.box_predictor.weight_shared_convolutional_box_predictor.depth"));
    assertTrue(u.contains("train_config.use_bfloat16"), "true is not supported");
    assertFalse(u.contains("model.ssd.num_classes"));
  }

  @Test
  void fpnLiteZooConfig_onlyTpuTrainingFields() throws IOException {
    List<String> u =
        PipelineConfig.read(
                ZooConfigs.DATA.resolve(
                    "models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config"))
            .unsupportedFields(PipelineConfig.TRAINER_SUPPORTED);
    assertEquals(
        List.of(
            "train_config.sync_replicas",
            "train_config.startup_delay_steps",
            "train_config.replicas_to_aggregate"),
        u);
  }

  @Test
  void efficientDet_reportsUnknownAugmentationStep() throws IOException {
    List<String> u = unsupported("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    assertTrue(
        u.contains(
            "train_config.data_augmentation_options.random_scale_crop_and_pad_to_square.output_size"),
        u.toString());
    assertTrue(u.contains("model.ssd.image_resizer.keep_aspect_ratio_resizer.min_dimension"));
    assertTrue(u.contains("model.ssd.feature_extractor.bifpn.num_filters"));
  }

  @Test
  void fasterRcnnAndCenterNet_everyModelFieldIsUnsupported() throws IOException {
    for (String name :
        List.of(
            "faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config",
            "centernet_hourglass104_512x512_coco17_tpu-8.config")) {
      List<String> u = unsupported(name);
      PipelineConfig c = ZooConfigs.read(name);
      String prefix = "model." + c.modelType().protoName() + ".";
      assertTrue(u.contains(prefix + "num_classes"), u.toString());
      assertTrue(u.stream().anyMatch(p -> p.startsWith(prefix + "feature_extractor.")));
    }
    List<String> centernet = unsupported("centernet_hourglass104_512x512_coco17_tpu-8.config");
    assertTrue(
        centernet.contains(
            "train_config.data_augmentation_options.random_absolute_pad_image.max_height_padding"));
    assertFalse(
        centernet.stream().anyMatch(p -> p.contains("random_adjust_hue")), centernet.toString());
  }

  @Test
  void tf1Pets_reportsDeprecatedFields() throws IOException {
    List<String> u = unsupported("ssd_mobilenet_v1_pets.config");
    // honoured: it gives fine_tune_checkpoint_type when that is missing, as in the TF1 OD API
    assertFalse(u.contains("train_config.from_detection_checkpoint"), u.toString());
    assertTrue(u.contains("eval_input_reader.num_readers"));
  }

  /**
   * Every field of the TF1 SSD configs (the samples and the two zoo tarballs' own) is honoured or
   * reported, and every reported one says what happens to it.
   */
  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "pipeline_configs/tf1_ssd_mobilenet_v1_coco.config | eval_config.max_evals"
            + " eval_input_reader.num_readers",
        "pipeline_configs/tf1_ssd_mobilenet_v2_coco.config | eval_config.max_evals"
            + " eval_input_reader.num_readers",
        "pipeline_configs/tf1_ssdlite_mobilenet_v2_coco.config | eval_config.max_evals"
            + " eval_input_reader.num_readers",
        "models/tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28/pipeline.config |"
            + " eval_config.max_evals eval_input_reader.num_readers",
        "models/tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29/pipeline.config |"
            + " eval_input_reader.num_readers"
      })
  void tf1SsdConfigs_reportExactlyTheIgnoredFields_eachWithItsEffect(String file, String expected)
      throws IOException {
    List<String> u =
        PipelineConfig.read(ZooConfigs.DATA.resolve(file))
            .unsupportedFields(PipelineConfig.TRAINER_SUPPORTED);
    assertEquals(List.of(expected.split(" ")), u);
    for (String path : u) {
      String effect = UnsupportedEffects.known(path).orElseThrow(() -> new AssertionError(path));
      assertEquals(effect, PipelineConfig.trainerEffect(path));
      assertTrue(effect.startsWith("ignored"), effect);
    }
  }

  @Test
  void trainerEffect_specificForKnownFields_genericOtherwise() {
    assertTrue(
        PipelineConfig.trainerEffect("model.ssd.feature_extractor.batch_norm_trainable")
            .contains("freeze_batchnorm"));
    assertTrue(
        PipelineConfig.trainerEffect("model.ssd.feature_extractor.bifpn.min_level")
            .startsWith("refused"));
    assertTrue(
        PipelineConfig.trainerEffect(
                "train_config.data_augmentation_options.random_jpeg_quality.min_jpeg_quality")
            .contains("augmentation step"));
    assertEquals(
        "ignored: not implemented by detect's trainer",
        PipelineConfig.trainerEffect("train_config.no_such_field"));
  }

  @Test
  void useDropoutAndSigmoidScores_areOnlyHonouredOff() throws DatasetFormatException {
    String p = "model { ssd { box_predictor { convolutional_box_predictor { ";
    PipelineConfig off =
        PipelineConfig.parse(p + "use_dropout: false apply_sigmoid_to_scores: false } } } }", "a");
    PipelineConfig on =
        PipelineConfig.parse(p + "use_dropout: true apply_sigmoid_to_scores: true } } } }", "b");
    assertEquals(List.of(), off.unsupportedFields(PipelineConfig.TRAINER_SUPPORTED));
    String q = "model.ssd.box_predictor.convolutional_box_predictor.";
    assertEquals(
        List.of(q + "use_dropout", q + "apply_sigmoid_to_scores"),
        on.unsupportedFields(PipelineConfig.TRAINER_SUPPORTED));
  }

  @Test
  void entries_exactPrefixAndValue() throws DatasetFormatException {
    PipelineConfig c =
        PipelineConfig.parse("a { b: 1 c { d: 2 } e { } f: true }\ng: 1 g: 2\n", "t.config");
    assertEquals(List.of("a.b", "a.c.d", "a.e", "a.f", "g"), c.unsupportedFields(Set.of()));
    assertEquals(List.of("a.b", "a.e", "g"), c.unsupportedFields(Set.of("a.c.*", "a.f=true")));
    assertEquals(
        List.of("a.b", "a.e", "a.f", "g"), c.unsupportedFields(Set.of("a.c.*", "a.f=false")));
  }
}
