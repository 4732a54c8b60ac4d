package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.ConfigIssue.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Validation finds each common mistake, at its path. */
class ConfigValidationTest {
  @TempDir Path dir;
  private PipelineConfig good;

  @BeforeEach
  void writeDataset() throws IOException {
    Files.writeString(
        dir.resolve("label_map.pbtxt"),
        "item { id: 1 name: 'cat' }\nitem { id: 2 name: 'dog' }\nitem { id: 3 name: 'bird' }\n");
    for (int i = 0; i < 2; i++) {
      Files.write(dir.resolve("train.record-0000" + i + "-of-00002"), new byte[0]);
    }
    Files.write(dir.resolve("eval.record"), new byte[0]);
    good =
        PipelineConfig.preset(Preset.SSD_MOBILENET_V2_320X320).toBuilder()
            .numClasses(3)
            .labelMapPath("label_map.pbtxt")
            .trainInputPaths(List.of("train.record-?????-of-00002"))
            .evalInputPaths(List.of("eval.record"))
            .build();
  }

  private List<ConfigIssue> check(PipelineConfig c) {
    return c.validate(ValidationContext.checkingFiles(dir));
  }

  private static Optional<ConfigIssue> at(List<ConfigIssue> issues, String path) {
    return issues.stream().filter(i -> i.path().equals(path)).findFirst();
  }

  @Test
  void filledPreset_isClean() {
    assertEquals(List.of(), check(good));
  }

  /**
   * A zoo batch-norm decay (0.997 averages over ~333 steps) with a short training from scratch is
   * flagged with a decay that suits it; a long run, a fine-tune or a fast decay is not.
   */
  @Test
  void slowBatchNormDecay_shortTrainingFromScratch_isWarnedWithADecayThatFits() throws IOException {
    String decay = "model.ssd.feature_extractor.conv_hyperparams.batch_norm.decay";
    PipelineConfig slow = good.toBuilder().set(decay, "0.997").numSteps(600).build();
    ConfigIssue issue = at(check(slow), decay).orElseThrow();
    assertEquals(Severity.WARNING, issue.severity());
    assertTrue(issue.message().contains("about 333 steps"), issue.message());
    assertTrue(issue.message().contains("for 600 steps"), issue.message());
    assertTrue(issue.message().contains("decay=0.97"), issue.message());
    assertTrue(issue.message().contains("at least 3334 steps"), issue.message());
    assertEquals(issue.message(), slow.batchNormLagWarning(600).orElseThrow());

    assertEquals(Optional.empty(), slow.batchNormLagWarning(3334));
    assertEquals(Optional.empty(), slow.batchNormLagWarning(0), "until stopped");
    assertEquals(Optional.empty(), slow.batchNormLagWarning(99), "a smoke test");
    assertTrue(
        slow.batchNormLagWarning(100).orElseThrow().contains("decay=0.9)"),
        "a decay that averages over a tenth of the steps");
    assertFalse(
        at(check(slow.toBuilder().set(decay, "0.97").build()), decay).isPresent(), "fast decay");
    Files.writeString(dir.resolve("ckpt-0.index"), "");
    assertFalse(
        at(check(slow.toBuilder().fineTuneCheckpoint("ckpt-0", "detection").build()), decay)
            .isPresent(),
        "the averages start from the checkpoint's");
  }

  @Test
  void unfilledPreset_reportsEachPlaceholder() {
    List<ConfigIssue> issues = PipelineConfig.preset(Preset.TINY).validate();
    assertEquals(Severity.ERROR, at(issues, "train_input_reader.label_map_path").get().severity());
    assertTrue(at(issues, "train_input_reader.tf_record_input_reader.input_path").isPresent());
    assertTrue(at(issues, "eval_input_reader[0].label_map_path").isPresent());
    assertTrue(at(issues, "eval_input_reader[0].tf_record_input_reader.input_path").isPresent());
    assertTrue(issues.get(0).message().contains("PATH_TO_BE_CONFIGURED"));
    assertEquals(4, issues.size(), issues.toString());
  }

  @Test
  void numClassesBelowLabelMap_isError_aboveIsWarning() {
    ConfigIssue low =
        at(check(good.toBuilder().numClasses(2).build()), "model.ssd.num_classes").get();
    assertEquals(Severity.ERROR, low.severity());
    assertTrue(low.message().contains("set num_classes: 3"), low.message());
    ConfigIssue high =
        at(check(good.toBuilder().numClasses(90).build()), "model.ssd.num_classes").get();
    assertEquals(Severity.WARNING, high.severity());
  }

  @Test
  void missingFiles_andGlobMatchingNothing_areErrors() {
    PipelineConfig c =
        good.toBuilder()
            .labelMapPath("missing.pbtxt")
            .trainInputPaths(List.of("train.record-?????-of-00010"))
            .evalInputPaths(List.of("nothing.record"))
            .build();
    List<ConfigIssue> issues = check(c);
    assertTrue(at(issues, "train_input_reader.label_map_path").get().isError());
    assertTrue(
        at(issues, "train_input_reader.tf_record_input_reader.input_path")
            .get()
            .message()
            .contains("no file matches"));
    assertTrue(
        at(issues, "eval_input_reader[0].tf_record_input_reader.input_path").get().isError());
    assertEquals(List.of(), c.validate(), "text-only validation does not look at files");
  }

  @Test
  void checkpointWithoutType_andV1_areReported() throws IOException {
    Files.write(dir.resolve("ckpt-0.index"), new byte[0]);
    PipelineConfig c =
        good.toBuilder()
            .fineTuneCheckpoint("ckpt-0", "detection")
            .remove("train_config.fine_tune_checkpoint_type")
            .remove("train_config.fine_tune_checkpoint_version")
            .build();
    List<ConfigIssue> issues = check(c);
    assertEquals(
        Severity.WARNING, at(issues, "train_config.fine_tune_checkpoint_type").get().severity());
    ConfigIssue v1 = at(issues, "train_config.fine_tune_checkpoint_version").get();
    assertTrue(v1.isError()); // a TF2 checkpoint (ckpt-0) with V1: model_main_tf2.py refuses it
    assertTrue(v1.message().contains("model_main_tf2.py refuses it"), v1.message());
    assertTrue(v1.message().contains("set fine_tune_checkpoint_version: V2"));
    // a TF1 zoo checkpoint with V1 is the README's recipe: detect reads it by name
    Files.write(dir.resolve("model.ckpt.index"), new byte[0]);
    PipelineConfig tf1 =
        good.toBuilder()
            .fineTuneCheckpoint("model.ckpt", "detection")
            .remove("train_config.fine_tune_checkpoint_version")
            .build();
    ConfigIssue tf1Version = at(check(tf1), "train_config.fine_tune_checkpoint_version").get();
    assertEquals(Severity.WARNING, tf1Version.severity());
    assertTrue(tf1Version.message().contains("detect reads this TF1 checkpoint"));
    assertFalse(at(issues, "train_config.fine_tune_checkpoint").isPresent(), "ckpt-0.index exists");
    List<ConfigIssue> missing =
        check(good.toBuilder().fineTuneCheckpoint("nope/ckpt-0", "detection").build());
    assertTrue(at(missing, "train_config.fine_tune_checkpoint").get().isError());
  }

  @Test
  void shuffledEval_isWarning() {
    List<ConfigIssue> issues = check(good.toBuilder().remove("eval_input_reader.shuffle").build());
    assertEquals(Severity.WARNING, at(issues, "eval_input_reader[0].shuffle").get().severity());
  }

  @Test
  void cosineTotalStepsMismatch_andWarmupBeyondTotal() {
    List<ConfigIssue> issues = check(good.toBuilder().numSteps(1000).build());
    String p = "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate";
    ConfigIssue mismatch = at(issues, p + ".total_steps").get();
    assertEquals(Severity.WARNING, mismatch.severity());
    assertTrue(mismatch.message().contains("set total_steps: 1000"), mismatch.message());
    List<ConfigIssue> warmup =
        check(
            good.toBuilder()
                .learningRate(new LearningRateSchedule.CosineDecay(0.04, 25000, 0.01, 30000, 0))
                .build());
    assertTrue(at(warmup, p + ".warmup_steps").get().isError());
  }

  @Test
  void largeBatch_isAWarning() {
    assertEquals(
        Severity.WARNING,
        at(check(good.toBuilder().batchSize(512).build()), "train_config.batch_size")
            .get()
            .severity());
  }

  @ParameterizedTest
  @CsvSource({
    "faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config, model.faster_rcnn,"
        + " FASTER-RCNN (model.faster_rcnn) with feature extractor 'faster_rcnn_resnet50_keras'",
    "centernet_hourglass104_512x512_coco17_tpu-8.config, model.center_net,"
        + " CENTER-NET (model.center_net) with feature extractor 'hourglass_104'",
    "ssd_efficientdet_d0_512x512_coco17_tpu-8.config, model.ssd.feature_extractor.type,"
        + " SSD (model.ssd) with feature extractor 'ssd_efficientnet-b0_bifpn_keras'",
    "ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config, model.ssd.feature_extractor.type,"
        + " SSD (model.ssd) with feature extractor 'ssd_resnet50_v1_fpn_keras'"
  })
  void untrainableArchitecture_isAnErrorNamingItAndWhatIsSupported(
      String file, String path, String architecture) throws IOException {
    ConfigIssue issue = at(ZooConfigs.read(file).validate(), path).orElseThrow();
    assertTrue(issue.isError(), issue.toString());
    assertTrue(issue.message().contains(architecture), issue.message());
    for (String supported : List.of("ssd_mobilenet_v1", "ssd_mobilenet_v2", "SSDLite")) {
      assertTrue(issue.message().contains(supported), issue.message());
    }
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "tf1_ssd_mobilenet_v1_coco.config",
        "tf1_ssd_mobilenet_v2_coco.config",
        "tf1_ssdlite_mobilenet_v2_coco.config",
        "ssd_mobilenet_v2_320x320_coco17_tpu-8.config"
      })
  void trainableArchitecture_hasNoModelIssue(String file) throws IOException {
    List<ConfigIssue> issues = ZooConfigs.read(file).validate();
    assertFalse(issues.stream().anyMatch(i -> i.path().startsWith("model")), issues.toString());
  }

  @Test
  void zooConfigs_reportTheirPlaceholdersAndV1() throws IOException {
    List<ConfigIssue> pets = ZooConfigs.read("ssd_mobilenet_v1_pets.config").validate();
    assertTrue(at(pets, "train_config.fine_tune_checkpoint").get().isError());
    assertEquals(
        Severity.WARNING, at(pets, "train_config.fine_tune_checkpoint_version").get().severity());
    // from_detection_checkpoint: true says "detection", as in the TF1 OD API: nothing to warn about
    assertFalse(at(pets, "train_config.fine_tune_checkpoint_type").isPresent(), pets.toString());
  }

  @Test
  void issue_printsAsSeverityPathMessage() {
    assertEquals("ERROR a.b: bad", new ConfigIssue(Severity.ERROR, "a.b", "bad").toString());
  }
}
