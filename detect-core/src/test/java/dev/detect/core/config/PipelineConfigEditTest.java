package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.AugmentationStep.RandomAdjustBrightness;
import dev.detect.core.config.AugmentationStep.RandomHorizontalFlip;
import dev.detect.core.config.AugmentationStep.SsdRandomCrop;
import dev.detect.core.config.LearningRateSchedule.CosineDecay;
import dev.detect.core.config.LearningRateSchedule.ExponentialDecay;
import dev.detect.core.config.LearningRateSchedule.ManualStep;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed and generic edits change only what they touch. */
class PipelineConfigEditTest {
  static java.util.stream.Stream<Path> zoo() throws IOException {
    return ZooConfigs.all();
  }

  @ParameterizedTest
  @MethodSource("zoo")
  void numClasses_onZooConfig_changesExactlyOneLine(Path file) throws IOException {
    PipelineConfig c = PipelineConfig.read(file);
    PipelineConfig edited = c.toBuilder().numClasses(3).build();
    List<Integer> changed = ZooConfigs.changedLines(c.print(), edited.print());
    assertEquals(1, changed.size(), "changed " + changed);
    assertEquals("num_classes: 3", ZooConfigs.line(edited.print(), changed.get(0)));
    assertEquals(3, edited.numClasses());
    assertEquals(90 == c.numClasses() || 37 == c.numClasses(), true);
  }

  @ParameterizedTest
  @MethodSource("zoo")
  void pathEdits_onZooConfig_changeOnlyThoseLines(Path file) throws IOException {
    PipelineConfig c = PipelineConfig.read(file);
    PipelineConfig edited =
        c.toBuilder()
            .labelMapPath("data/label_map.pbtxt")
            .trainInputPaths(List.of("data/train.record-?????-of-00004"))
            .evalInputPaths(List.of("data/eval.record"))
            .batchSize(8)
            .build();
    // 2 label maps + 2 input paths + batch size
    assertEquals(5, ZooConfigs.changedLines(c.print(), edited.print()).size());
    assertEquals("data/label_map.pbtxt", edited.trainInput().labelMapPath());
    assertEquals("data/label_map.pbtxt", edited.evalInputs().get(0).labelMapPath());
    assertEquals(List.of("data/eval.record"), edited.evalInputs().get(0).inputPaths());
    assertEquals(8, edited.trainConfig().batchSize());
  }

  @Test
  void build_leavesOriginalUnchanged_andBuilderIsReusable() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    String before = c.print();
    PipelineConfig.Builder b = c.toBuilder().numClasses(5);
    PipelineConfig first = b.build();
    PipelineConfig second = b.batchSize(4).build();
    assertEquals(before, c.print());
    assertEquals(512, first.trainConfig().batchSize());
    assertEquals(4, second.trainConfig().batchSize());
    assertEquals(5, second.numClasses());
  }

  @Test
  void fineTuneCheckpoint_writesQuotedStringsAndEnumIdentifier() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v1_pets.config");
    PipelineConfig edited =
        c.toBuilder()
            .fineTuneCheckpoint("zoo/checkpoint/ckpt-0", "detection")
            .fineTuneCheckpointVersion(CheckpointVersion.V2)
            .build();
    String text = edited.print();
    assertTrue(text.contains("fine_tune_checkpoint: \"zoo/checkpoint/ckpt-0\""), text);
    assertTrue(text.contains("fine_tune_checkpoint_type: \"detection\""), text);
    assertTrue(text.contains("fine_tune_checkpoint_version: V2"), text);
    assertEquals("detection", edited.trainConfig().fineTuneCheckpointType());
    assertEquals(CheckpointVersion.V2, edited.trainConfig().fineTuneCheckpointVersion());
  }

  @Test
  void labelMapPath_alsoReachesAnEvalReaderCreatedAfterIt() throws DatasetFormatException {
    PipelineConfig bare = PipelineConfig.parse("model { ssd { num_classes: 1 } }\n", "bare");
    PipelineConfig c =
        bare.toBuilder()
            .labelMapPath("map.pbtxt")
            .trainInputPaths(List.of("train.record"))
            .evalInputPaths(List.of("eval.record"))
            .build();
    assertEquals("map.pbtxt", c.trainInput().labelMapPath());
    assertEquals("map.pbtxt", c.evalInputs().get(0).labelMapPath());
    assertEquals(List.of("eval.record"), c.evalInputs().get(0).inputPaths());
  }

  @Test
  void setString_keepsSingleQuotes() throws DatasetFormatException {
    PipelineConfig c =
        PipelineConfig.parse("train_input_reader {\n  label_map_path: 'a.pbtxt'\n}\n", "t");
    assertEquals(
        "train_input_reader {\n  label_map_path: 'b.pbtxt'\n}\n",
        c.toBuilder().labelMapPath("b.pbtxt").build().print());
  }

  @Test
  void imageSizeAndDepthMultiplier_editInPlace() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    PipelineConfig edited = c.toBuilder().imageSize(320, 320).depthMultiplier(0.5).build();
    assertEquals(3, ZooConfigs.changedLines(c.print(), edited.print()).size());
    assertEquals(320, edited.imageResizer().height());
    assertEquals(0.5, edited.featureExtractor().depthMultiplier());
    PipelineConfig effdet = ZooConfigs.read("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    assertThrows(IllegalStateException.class, () -> effdet.toBuilder().imageSize(64, 64));
  }

  @Test
  void learningRate_sameKind_changesOnlyDifferentValues() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    PipelineConfig edited =
        c.toBuilder().learningRate(new CosineDecay(0.8, 2000, 0.13333, 200, 0)).build();
    List<Integer> changed = ZooConfigs.changedLines(c.print(), edited.print());
    // total_steps and warmup_steps change; .8 stays as written; hold_base_rate_steps is added
    assertEquals(2, changed.size(), "changed " + changed);
    assertTrue(edited.print().contains("learning_rate_base: .8"));
    assertEquals(
        new CosineDecay(0.8, 2000, 0.13333, 200, 0),
        edited.trainConfig().optimizer().learningRate());
  }

  @Test
  void learningRate_otherKind_rewritesTheBlock() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    ExponentialDecay exp = new ExponentialDecay(0.004, 1000, 0.9, false, 0.001, 50, 1e-5);
    assertEquals(
        exp, c.toBuilder().learningRate(exp).build().trainConfig().optimizer().learningRate());
    ManualStep manual =
        new ManualStep(
            0.01, List.of(new ManualStep.Step(100, 0.001), new ManualStep.Step(200, 1e-4)), true);
    PipelineConfig m = c.toBuilder().learningRate(manual).build();
    assertEquals(manual, m.trainConfig().optimizer().learningRate());
    assertThrows(
        IllegalStateException.class,
        () ->
            PipelineConfig.parse("train_config { }", "t").toBuilder()
                .learningRate(new LearningRateSchedule.Constant(0.1)));
  }

  @Test
  void dataAugmentationOptions_rewritesStepsWithNonDefaultParameters() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    List<AugmentationStep> steps =
        List.of(
            new RandomHorizontalFlip(0.3),
            SsdRandomCrop.DEFAULT,
            new RandomAdjustBrightness(0.2),
            new AugmentationStep.RandomJitterBoxes(0.1, AugmentationStep.JitterMode.EXPAND));
    PipelineConfig edited = c.toBuilder().dataAugmentationOptions(steps).build();
    assertEquals(steps, edited.trainConfig().dataAugmentationOptions());
    String text = edited.print();
    assertTrue(text.contains("probability: 0.3"), text);
    assertTrue(text.contains("jitter_mode: EXPAND"), text);
    assertTrue(!text.contains("max_delta"), "defaults are not written");
    assertEquals(
        c.print(),
        c.toBuilder()
            .dataAugmentationOptions(c.trainConfig().dataAugmentationOptions())
            .build()
            .print(),
        "an unchanged list changes nothing");
  }

  @Test
  void dataAugmentationOptions_keepsUnknownStepParameters() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    List<AugmentationStep> steps = List.of(c.trainConfig().dataAugmentationOptions().get(1));
    PipelineConfig edited = c.toBuilder().dataAugmentationOptions(steps).build();
    assertEquals(steps, edited.trainConfig().dataAugmentationOptions());
    assertEquals(
        Optional.of("512"),
        edited.get(
            "train_config.data_augmentation_options.random_scale_crop_and_pad_to_square.output_size"));
  }

  @Test
  void evalMetrics_setsTheRepeatedField() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    PipelineConfig edited =
        c.toBuilder()
            .evalMetrics(List.of("coco_detection_metrics", "pascal_voc_detection_metrics"))
            .build();
    assertEquals(
        List.of("coco_detection_metrics", "pascal_voc_detection_metrics"),
        edited.evalConfig().metricsSet());
  }

  @Test
  void genericSet_returnsNewConfig_andRejectsWrongKinds() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    PipelineConfig edited =
        c.set("model.ssd.box_predictor.convolutional_box_predictor.kernel_size", "3");
    assertEquals(3, edited.boxPredictor().orElseThrow().kernelSize());
    assertEquals(1, ZooConfigs.changedLines(c.print(), edited.print()).size());
    assertEquals(
        Optional.of("3"),
        edited.get("model.ssd.box_predictor.convolutional_box_predictor.kernel_size"));
    assertThrows(IllegalArgumentException.class, () -> c.set("model.ssd.num_classes", "'three'"));
    assertNotEquals(c, edited);
    PipelineConfig removed = c.toBuilder().remove("train_config.sync_replicas").build();
    assertEquals(Optional.empty(), removed.get("train_config.sync_replicas"));
  }

  @Test
  void write_isByteIdenticalAndAtomic(@TempDir Path dir) throws IOException {
    Path file = ZooConfigs.file("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    Path out = dir.resolve("sub/pipeline.config");
    PipelineConfig.read(file).write(out);
    assertEquals(Files.readString(file), Files.readString(out));
    try (var s = Files.list(out.getParent())) {
      assertEquals(1, s.count(), "no temporary file left");
    }
  }

  @Test
  void builder_rejectsBadArguments() throws IOException {
    PipelineConfig.Builder b = PipelineConfig.preset(Preset.TINY).toBuilder();
    assertThrows(IllegalArgumentException.class, () -> b.numClasses(0));
    assertThrows(IllegalArgumentException.class, () -> b.batchSize(-1));
    assertThrows(IllegalArgumentException.class, () -> b.fineTuneCheckpoint("x", "everything"));
  }
}
