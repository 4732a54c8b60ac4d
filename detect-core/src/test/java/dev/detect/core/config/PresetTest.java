package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.textproto.TextProtoDocument;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The shipped presets parse, round-trip and carry the documented choices. */
class PresetTest {
  @ParameterizedTest
  @EnumSource(Preset.class)
  void preset_roundTripsAndHasPlaceholders(Preset preset) throws DatasetFormatException {
    PipelineConfig c = PipelineConfig.preset(preset);
    assertEquals(c.print(), TextProtoDocument.parse(c.print(), "x").print());
    assertEquals(c, PipelineConfig.parse(c.print(), "x"));
    assertEquals(1, c.numClasses());
    assertTrue(c.trainInput().labelMapPath().startsWith("PATH_TO_BE_CONFIGURED"));
    assertEquals(ModelType.SSD, c.modelType());
    assertEquals(CheckpointVersion.V2, c.trainConfig().fineTuneCheckpointVersion());
    assertEquals("detection", c.trainConfig().fineTuneCheckpointType());
    assertEquals("", c.trainConfig().fineTuneCheckpoint());
    LearningRateSchedule.CosineDecay cosine =
        (LearningRateSchedule.CosineDecay) c.trainConfig().optimizer().learningRate();
    assertEquals(c.trainConfig().numSteps(), cosine.totalSteps());
    assertEquals(
        List.of("coco_detection_metrics", "pascal_voc_detection_metrics"),
        c.evalConfig().metricsSet());
    assertEquals(false, c.evalInputs().get(0).shuffle());
    assertEquals(1, c.evalInputs().get(0).numEpochs());
  }

  @Test
  void standardPreset_mirrorsTheZooSetup() {
    PipelineConfig c = PipelineConfig.preset(Preset.SSD_MOBILENET_V2_320X320);
    assertEquals(320, c.imageResizer().height());
    assertEquals("ssd_mobilenet_v2_keras", c.featureExtractor().type());
    assertEquals(1.0, c.featureExtractor().depthMultiplier());
    assertEquals(List.of(1.0, 2.0, 0.5, 3.0, 0.3333), c.anchorGenerator().get().aspectRatios());
    assertEquals(-4.6, c.boxPredictor().get().classPredictionBiasInit());
    assertEquals(8, c.trainConfig().batchSize());
    assertEquals(Optimizer.Kind.MOMENTUM, c.trainConfig().optimizer().kind());
    assertEquals(
        List.of(
            AugmentationStep.RandomHorizontalFlip.DEFAULT, AugmentationStep.SsdRandomCrop.DEFAULT),
        c.trainConfig().dataAugmentationOptions());
  }

  @Test
  void tinyPreset_isSmall() {
    PipelineConfig c = PipelineConfig.preset(Preset.TINY);
    assertEquals(160, c.imageResizer().width());
    assertEquals(0.35, c.featureExtractor().depthMultiplier());
    assertEquals(8, c.featureExtractor().minDepth());
    assertEquals(3, c.anchorGenerator().get().aspectRatios().size());
    assertEquals(16, c.trainConfig().batchSize());
    assertTrue(c.trainConfig().numSteps() <= 5000);
  }

  @Test
  void presetOf_acceptsIdsCaseInsensitively() {
    assertEquals(Preset.TINY, Preset.of("TINY"));
    assertEquals(Preset.SSD_MOBILENET_V2_320X320, Preset.of("ssd_mobilenet_v2_320x320"));
    assertThrows(IllegalArgumentException.class, () -> Preset.of("yolo"));
  }
}
