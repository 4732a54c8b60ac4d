package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.AugmentationStep.RandomCropImage;
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
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Typed reads of the real zoo configs, checked against their text. */
class PipelineConfigReadTest {
  static java.util.stream.Stream<Path> zoo() throws IOException {
    return ZooConfigs.all();
  }

  @ParameterizedTest
  @MethodSource("zoo")
  void read_thenPrint_isByteIdentical(Path file) throws IOException {
    assertEquals(Files.readString(file), PipelineConfig.read(file).print());
  }

  @Test
  void read_ssdMobilenetV2_typedValues() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    assertEquals(ModelType.SSD, c.modelType());
    assertEquals(90, c.numClasses());
    assertEquals(ImageResizer.Kind.FIXED_SHAPE, c.imageResizer().kind());
    assertEquals(300, c.imageResizer().height());
    assertEquals(300, c.imageResizer().width());
    FeatureExtractor fe = c.featureExtractor();
    assertEquals("ssd_mobilenet_v2_keras", fe.type());
    assertEquals(1.0, fe.depthMultiplier());
    assertEquals(16, fe.minDepth());
    assertEquals(ConvHyperparams.Activation.RELU_6, fe.convHyperparams().activation());
    assertEquals(0.00004, fe.convHyperparams().regularizerWeight());
    assertEquals("truncated_normal_initializer", fe.convHyperparams().initializer());
    assertEquals(0.03, fe.convHyperparams().initializerStddev());
    assertEquals(0.97, fe.convHyperparams().batchNorm().orElseThrow().decay());
    SsdAnchorGenerator a = c.anchorGenerator().orElseThrow();
    assertEquals(6, a.numLayers());
    assertEquals(List.of(1.0, 2.0, 0.5, 3.0, 0.3333), a.aspectRatios());
    assertEquals(1.0, a.interpolatedScaleAspectRatio());
    assertEquals(new FasterRcnnBoxCoder(10, 10, 5, 5), c.boxCoder().orElseThrow());
    ArgmaxMatcher m = c.matcher().orElseThrow();
    assertTrue(m.forceMatchForEachRow());
    assertTrue(m.useMatmulGather());
    ConvolutionalBoxPredictor p = c.boxPredictor().orElseThrow();
    assertEquals(1, p.kernelSize());
    assertEquals(-4.6, p.classPredictionBiasInit());
    assertFalse(p.useDropout());
    Loss loss = c.loss();
    assertEquals(Loss.ClassificationKind.WEIGHTED_SIGMOID_FOCAL, loss.classification().kind());
    assertEquals(OptionalDouble.of(0.75), loss.classification().alpha());
    assertEquals(2.0, loss.classification().gamma());
    assertEquals(Loss.LocalizationKind.WEIGHTED_SMOOTH_L1, loss.localization().kind());
    assertEquals(Optional.empty(), loss.hardExampleMiner());
    assertTrue(c.normalizeLossByNumMatches());
    assertTrue(c.normalizeLocLossByCodesize());
    assertTrue(c.encodeBackgroundAsZeros());
    PostProcessing pp = c.postProcessing();
    assertEquals(1e-8, pp.scoreThreshold());
    assertEquals(0.6, pp.iouThreshold());
    assertEquals(100, pp.maxTotalDetections());
    assertEquals(PostProcessing.ScoreConverter.SIGMOID, pp.scoreConverter());
  }

  @Test
  void read_ssdMobilenetV2_trainAndEval() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    TrainConfig t = c.trainConfig();
    assertEquals(512, t.batchSize());
    assertEquals(50000, t.numSteps());
    assertEquals(Optimizer.Kind.MOMENTUM, t.optimizer().kind());
    assertEquals(0.9, t.optimizer().momentum());
    assertFalse(t.optimizer().useMovingAverage());
    assertEquals(new CosineDecay(0.8, 50000, 0.13333, 2000, 0), t.optimizer().learningRate());
    assertEquals("PATH_TO_BE_CONFIGURED/mobilenet_v2.ckpt-1", t.fineTuneCheckpoint());
    assertEquals("classification", t.fineTuneCheckpointType());
    assertEquals(CheckpointVersion.V2, t.fineTuneCheckpointVersion());
    assertFalse(t.unpadGroundtruthTensors());
    assertEquals(
        List.of(RandomHorizontalFlip.DEFAULT, SsdRandomCrop.DEFAULT), t.dataAugmentationOptions());
    assertEquals(7, ((SsdRandomCrop) t.dataAugmentationOptions().get(1)).operations().size());
    assertEquals(
        List.of("PATH_TO_BE_CONFIGURED/train2017-?????-of-00256.tfrecord"),
        c.trainInput().inputPaths());
    assertTrue(c.trainInput().shuffle(), "shuffle defaults to true");
    assertEquals(1, c.evalInputs().size());
    assertFalse(c.evalInputs().get(0).shuffle());
    assertEquals(1, c.evalInputs().get(0).numEpochs());
    assertEquals(List.of("coco_detection_metrics"), c.evalConfig().metricsSet());
    assertEquals(5000, c.evalConfig().numExamples(), "proto default");
  }

  @Test
  void read_tf1Pets_rmsPropExponentialDecayAndMiner() throws IOException {
    PipelineConfig c = ZooConfigs.read("ssd_mobilenet_v1_pets.config");
    assertEquals(37, c.numClasses());
    Optimizer o = c.trainConfig().optimizer();
    assertEquals(Optimizer.Kind.RMS_PROP, o.kind());
    assertEquals(0.9, o.decay());
    assertEquals(1.0, o.epsilon());
    assertTrue(o.useMovingAverage(), "proto default");
    assertEquals(new ExponentialDecay(0.004, 800720, 0.95, true, 0, 0, 0), o.learningRate());
    Loss.HardExampleMiner miner = c.loss().hardExampleMiner().orElseThrow();
    assertEquals(3000, miner.numHardExamples());
    assertEquals(0.99, miner.iouThreshold());
    assertEquals(Loss.MinerLossType.CLASSIFICATION, miner.lossType());
    assertEquals(3, miner.maxNegativesPerPositive());
    assertEquals(Loss.ClassificationKind.WEIGHTED_SIGMOID, c.loss().classification().kind());
    assertEquals(1.0, c.loss().localization().delta(), "proto default");
    assertEquals(CheckpointVersion.V1, c.trainConfig().fineTuneCheckpointVersion());
    // no fine_tune_checkpoint_type: the TF1 OD API derives it from from_detection_checkpoint: true
    assertEquals("detection", c.trainConfig().fineTuneCheckpointType());
    assertFalse(c.normalizeLocLossByCodesize());
    assertEquals(1100, c.evalConfig().numExamples());
    assertEquals(0.9997, c.featureExtractor().convHyperparams().batchNorm().get().decay());
  }

  @Test
  void read_otherZooConfigs_spotChecks() throws IOException {
    PipelineConfig fpn = ZooConfigs.read("ssd_resnet50_v1_fpn_640x640_coco17_tpu-8.config");
    assertEquals(Optional.empty(), fpn.anchorGenerator(), "multiscale_anchor_generator");
    assertEquals(Optional.empty(), fpn.boxPredictor(), "weight_shared predictor");
    assertEquals(640, fpn.imageResizer().height());
    assertTrue(fpn.trainConfig().useBfloat16());
    assertEquals(
        new RandomCropImage(0.0, 0.75, 3.0, 0.75, 1.0, 0.0, true, 0.0),
        fpn.trainConfig().dataAugmentationOptions().get(1));
    PipelineConfig effdet = ZooConfigs.read("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    assertEquals(ImageResizer.Kind.KEEP_ASPECT_RATIO, effdet.imageResizer().kind());
    assertEquals(512, effdet.imageResizer().maxDimension());
    assertTrue(effdet.imageResizer().padToMaxDimension());
    assertEquals(1.5, effdet.loss().classification().gamma());
    assertEquals(
        new CosineDecay(0.08, 300000, 0.001, 2500, 0),
        effdet.trainConfig().optimizer().learningRate());
    assertEquals(
        new AugmentationStep.Unknown("random_scale_crop_and_pad_to_square"),
        effdet.trainConfig().dataAugmentationOptions().get(1));
    PipelineConfig frcnn = ZooConfigs.read("faster_rcnn_resnet50_v1_640x640_coco17_tpu-8.config");
    assertEquals(ModelType.FASTER_RCNN, frcnn.modelType());
    assertEquals(90, frcnn.numClasses());
    assertEquals("faster_rcnn_resnet50_keras", frcnn.featureExtractor().type());
    assertEquals(300, frcnn.postProcessing().maxTotalDetections());
    assertEquals(PostProcessing.ScoreConverter.SOFTMAX, frcnn.postProcessing().scoreConverter());
    PipelineConfig centernet =
        ZooConfigs.read("centernet_hourglass104_512x512_coco17_tpu-8.config");
    assertEquals(ModelType.CENTER_NET, centernet.modelType());
    Optimizer adam = centernet.trainConfig().optimizer();
    assertEquals(Optimizer.Kind.ADAM, adam.kind());
    assertEquals(1e-7, adam.epsilon());
    ManualStep schedule = assertInstanceOf(ManualStep.class, adam.learningRate());
    assertEquals(1e-3, schedule.initialLearningRate());
    assertEquals(
        List.of(new ManualStep.Step(90000, 1e-4), new ManualStep.Step(120000, 1e-5)),
        schedule.schedule());
    assertEquals(7, centernet.trainConfig().dataAugmentationOptions().size());
    assertEquals(
        new AugmentationStep.RandomCropImage(1.0, 0.5, 1.7, 0.1, 1.0, 0.3, true, 0.25),
        centernet.trainConfig().dataAugmentationOptions().get(1));
    assertEquals(
        AugmentationStep.RandomAdjustHue.DEFAULT,
        centernet.trainConfig().dataAugmentationOptions().get(2));
  }

  @Test
  void read_absentFields_giveProtoDefaults() throws DatasetFormatException {
    PipelineConfig c = PipelineConfig.parse("model { ssd { num_classes: 2 } }\n", "t.config");
    assertEquals(32, c.trainConfig().batchSize());
    assertEquals(0, c.trainConfig().numSteps());
    assertEquals(CheckpointVersion.V1, c.trainConfig().fineTuneCheckpointVersion());
    assertEquals(ImageResizer.Kind.NONE, c.imageResizer().kind());
    assertEquals(300, c.imageResizer().height());
    assertTrue(c.normalizeLossByNumMatches());
    assertEquals(PostProcessing.ScoreConverter.IDENTITY, c.postProcessing().scoreConverter());
    assertEquals(0.6, c.postProcessing().iouThreshold());
    assertEquals(Optional.empty(), c.anchorGenerator());
    assertFalse(c.hasTrainConfig());
    assertFalse(c.hasTrainInput());
    assertEquals(List.of(), c.evalInputs());
    PipelineConfig anchors =
        PipelineConfig.parse(
            "model { ssd { anchor_generator { ssd_anchor_generator { } } } }", "t.config");
    SsdAnchorGenerator a = anchors.anchorGenerator().orElseThrow();
    assertEquals(0.2, a.minScale());
    assertEquals(0.95, a.maxScale());
    assertEquals(List.of(), a.aspectRatios(), "the builder passes the empty list through");
    assertTrue(a.reduceBoxesInLowestLayer());
  }

  @Test
  void read_duplicateScalar_lastOneWins() throws DatasetFormatException {
    PipelineConfig c =
        PipelineConfig.parse("train_config { batch_size: 4 batch_size: 8 }", "t.config");
    assertEquals(8, c.trainConfig().batchSize());
  }

  @Test
  void parse_wrongValueKind_isLocatedError() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                PipelineConfig.parse(
                    "model {\n  ssd {\n    num_classes: 'x'\n  }\n}\n", "p.config"));
    assertTrue(e.getMessage().startsWith("p.config:3:"), e.getMessage());
    DatasetFormatException enumError =
        assertThrows(
            DatasetFormatException.class,
            () ->
                PipelineConfig.parse(
                    "model { ssd { post_processing { score_converter: SIGMA } } }", "p.config"));
    assertTrue(enumError.getMessage().contains("SIGMA"), enumError.getMessage());
  }
}
