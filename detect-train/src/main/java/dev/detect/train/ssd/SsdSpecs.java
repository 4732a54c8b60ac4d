package dev.detect.train.ssd;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.Architecture;
import dev.detect.core.config.ArgmaxMatcher;
import dev.detect.core.config.ConvHyperparams;
import dev.detect.core.config.ConvolutionalBoxPredictor;
import dev.detect.core.config.FasterRcnnBoxCoder;
import dev.detect.core.config.FeatureExtractor;
import dev.detect.core.config.FeaturePyramid;
import dev.detect.core.config.ImageResizer;
import dev.detect.core.config.Loss;
import dev.detect.core.config.MultiscaleAnchorGenerator;
import dev.detect.core.config.Optimizer;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.SsdAnchorGenerator;
import dev.detect.core.config.TrainConfig;
import dev.detect.core.config.WeightSharedBoxPredictor;
import java.util.Set;

/**
 * Resolves a {@link PipelineConfig} into the {@link SsdSpec} and {@link OptimizerSpec} the trainer
 * builds, refusing up front, with a message naming what is supported, any architecture detect
 * cannot train.
 */
public final class SsdSpecs {
  /** Feature extractor types detect trains ({@link Architecture#TRAINABLE_FEATURE_EXTRACTORS}). */
  public static final Set<String> FEATURE_EXTRACTORS = Architecture.TRAINABLE_FEATURE_EXTRACTORS;

  private SsdSpecs() {}

  /**
   * The model spec of {@code config}.
   *
   * @throws IllegalArgumentException naming the unsupported part and what is supported, a field the
   *     OD API does not know ({@link PipelineConfig#checkKnownFields()}: the file, line:column and
   *     the closest known name), or (with the file, line, field, value and range) a number out of
   *     {@link PipelineConfig#checkLimits()}'s range
   */
  public static SsdSpec from(PipelineConfig config) {
    try {
      // A misspelt field would otherwise silently take its default (the OD API refuses it).
      config.checkKnownFields();
      // Before anything is sized from the config: an absurd num_classes or input size would
      // otherwise allocate (or overflow) while building the graph.
      config.checkLimits();
    } catch (DatasetFormatException e) {
      throw new IllegalArgumentException(e.getMessage(), e);
    }
    Architecture arch = Architecture.of(config);
    if (!arch.trainable()) {
      throw unsupported("the model is " + arch.describe());
    }
    FeatureExtractor fe = config.featureExtractor();
    ImageResizer resizer = config.imageResizer();
    if (resizer.kind() != ImageResizer.Kind.FIXED_SHAPE) {
      throw unsupported("the image_resizer is " + resizer.variant());
    }
    if (fe.type().equals(SsdSpec.Backbone.MOBILENET_V2_FPN.protoName())) {
      return fpnLite(config, fe, resizer);
    }
    SsdAnchorGenerator ag =
        config
            .anchorGenerator()
            .orElseThrow(() -> unsupported("the anchor generator is not ssd_anchor_generator"));
    ConvolutionalBoxPredictor p =
        config
            .boxPredictor()
            .orElseThrow(() -> unsupported("the box predictor is not convolutional_box_predictor"));
    if (p.numLayersBeforePredictor() != 0) {
      throw unsupported(
          "convolutional_box_predictor.num_layers_before_predictor is "
              + p.numLayersBeforePredictor()
              + " (only 0)");
    }
    return spec(
        config,
        fe,
        resizer,
        fe.type().equals("ssd_mobilenet_v1")
            ? SsdSpec.Backbone.MOBILENET_V1
            : SsdSpec.Backbone.MOBILENET_V2,
        new AnchorGenerator.Settings(
            ag.numLayers(),
            ag.minScale(),
            ag.maxScale(),
            ag.scales(),
            ag.aspectRatios(),
            ag.interpolatedScaleAspectRatio(),
            ag.reduceBoxesInLowestLayer(),
            ag.baseAnchorHeight(),
            ag.baseAnchorWidth()),
        p.kernelSize(),
        p.useDepthwise(),
        p.classPredictionBiasInit(),
        p.convHyperparams(),
        null);
  }

  /** The spec of the parts every SSD shares, with the backbone's anchors or pyramid. */
  private static SsdSpec spec(
      PipelineConfig config,
      FeatureExtractor fe,
      ImageResizer resizer,
      SsdSpec.Backbone backbone,
      AnchorGenerator.Settings anchors,
      int kernelSize,
      boolean predictorDepthwise,
      double classPredictionBiasInit,
      ConvHyperparams predictorHyper,
      SsdSpec.Fpn fpn) {
    ConvHyperparams feHyper = fe.convHyperparams();
    ConvHyperparams.BatchNorm bn = batchNorm(feHyper);
    return new SsdSpec(
        config.numClasses(),
        resizer.height(),
        resizer.width(),
        backbone,
        fe.depthMultiplier(),
        fe.minDepth(),
        fe.useDepthwise(),
        anchors,
        boxCoder(config),
        matcher(config),
        kernelSize,
        predictorDepthwise,
        classPredictionBiasInit,
        bn.decay(),
        bn.epsilon(),
        freeze(config, bn),
        l2(feHyper),
        l2(predictorHyper),
        stddev(feHyper, 0.03),
        stddev(predictorHyper, 0.01),
        loss(config),
        postProcessing(config),
        fpn);
  }

  /**
   * The TF2 zoo's FPN-Lite: {@code ssd_mobilenet_v2_fpn_keras} with its {@code fpn} levels, a
   * {@code multiscale_anchor_generator} on the same levels and a {@code
   * weight_shared_convolutional_box_predictor}.
   */
  private static SsdSpec fpnLite(PipelineConfig config, FeatureExtractor fe, ImageResizer resizer) {
    String name = fe.type();
    MultiscaleAnchorGenerator ag =
        config
            .multiscaleAnchorGenerator()
            .orElseThrow(
                () -> unsupported(name + " needs anchor_generator.multiscale_anchor_generator"));
    WeightSharedBoxPredictor p =
        config
            .weightSharedBoxPredictor()
            .orElseThrow(
                () ->
                    unsupported(
                        name + " needs box_predictor.weight_shared_convolutional_box_predictor"));
    if (p.boxCodeSize() != 4) {
      throw unsupported(
          "weight_shared_convolutional_box_predictor.box_code_size is "
              + p.boxCodeSize()
              + " (faster_rcnn_box_coder codes 4 values)");
    }
    FeaturePyramid pyramid = fe.fpn().orElse(new FeaturePyramid(3, 7, 256));
    if (pyramid.minLevel() < 2 || pyramid.minLevel() > SsdSpec.Fpn.BACKBONE_MAX_LEVEL) {
      throw unsupported(
          "fpn.min_level is "
              + pyramid.minLevel()
              + "; MobileNetV2 gives levels 2 to "
              + SsdSpec.Fpn.BACKBONE_MAX_LEVEL);
    }
    SsdSpec.Fpn fpn;
    try {
      fpn =
          new SsdSpec.Fpn(
              pyramid.minLevel(),
              pyramid.maxLevel(),
              pyramid.additionalLayerDepth(),
              new dev.detect.train.ssd.MultiscaleAnchorGenerator.Settings(
                  ag.minLevel(),
                  ag.maxLevel(),
                  ag.anchorScale(),
                  ag.aspectRatios(),
                  ag.scalesPerOctave()),
              p.depth(),
              p.numLayersBeforePredictor(),
              p.sharePredictionTower(),
              p.convHyperparams().batchNorm().isPresent());
    } catch (IllegalArgumentException e) {
      throw unsupported(e.getMessage());
    }
    return spec(
        config,
        fe,
        resizer,
        SsdSpec.Backbone.MOBILENET_V2_FPN,
        null,
        p.kernelSize(),
        p.useDepthwise(),
        p.classPredictionBiasInit(),
        p.convHyperparams(),
        fpn);
  }

  private static ConvHyperparams.BatchNorm batchNorm(ConvHyperparams h) {
    return h.batchNorm().orElse(new ConvHyperparams.BatchNorm(0.999, true, true, 0.001, true));
  }

  private static boolean freeze(PipelineConfig config, ConvHyperparams.BatchNorm bn) {
    return config.get("model.ssd.freeze_batchnorm").map(Boolean::parseBoolean).orElse(false)
        || !bn.train();
  }

  private static BoxCoder boxCoder(PipelineConfig config) {
    FasterRcnnBoxCoder bc =
        config
            .boxCoder()
            .orElseThrow(() -> unsupported("the box coder is not faster_rcnn_box_coder"));
    return new BoxCoder(bc.yScale(), bc.xScale(), bc.heightScale(), bc.widthScale());
  }

  private static TargetAssigner.Matcher matcher(PipelineConfig config) {
    ArgmaxMatcher m =
        config.matcher().orElseThrow(() -> unsupported("the matcher is not argmax_matcher"));
    return new TargetAssigner.Matcher(
        m.matchedThreshold(),
        m.unmatchedThreshold(),
        m.ignoreThresholds(),
        m.negativesLowerThanUnmatched(),
        m.forceMatchForEachRow());
  }

  private static double l2(ConvHyperparams h) {
    return "l2_regularizer".equals(h.regularizer()) ? h.regularizerWeight() : 0;
  }

  private static double stddev(ConvHyperparams h, double dflt) {
    return h.initializerStddev() > 0 ? h.initializerStddev() : dflt;
  }

  private static SsdSpec.LossSpec loss(PipelineConfig config) {
    Loss loss = config.loss();
    SsdSpec.ClassificationLoss kind =
        switch (loss.classification().kind()) {
          case WEIGHTED_SIGMOID -> SsdSpec.ClassificationLoss.WEIGHTED_SIGMOID;
          case WEIGHTED_SOFTMAX -> SsdSpec.ClassificationLoss.WEIGHTED_SOFTMAX;
          case WEIGHTED_SIGMOID_FOCAL -> SsdSpec.ClassificationLoss.WEIGHTED_SIGMOID_FOCAL;
          default ->
              throw unsupported(
                  "classification_loss is "
                      + loss.classification().variant()
                      + " (supported: weighted_sigmoid, weighted_softmax, weighted_sigmoid_focal)");
        };
    if (loss.localization().kind() != Loss.LocalizationKind.WEIGHTED_SMOOTH_L1) {
      throw unsupported(
          "localization_loss is "
              + loss.localization().variant()
              + " (supported: weighted_smooth_l1)");
    }
    SsdSpec.HardExampleMining miner =
        loss.hardExampleMiner()
            .map(
                h ->
                    new SsdSpec.HardExampleMining(
                        h.numHardExamples(),
                        h.maxNegativesPerPositive(),
                        h.minNegativesPerImage(),
                        h.lossType() == Loss.MinerLossType.BOTH))
            .orElse(null);
    return new SsdSpec.LossSpec(
        kind,
        loss.classification().gamma(),
        loss.classification().alpha().orElse(Double.NaN),
        loss.classification().logitScale(),
        loss.localization().delta(),
        loss.classificationWeight(),
        loss.localizationWeight(),
        config.normalizeLossByNumMatches(),
        config.normalizeLocLossByCodesize(),
        config.encodeBackgroundAsZeros(),
        miner);
  }

  private static SsdSpec.PostProcessing postProcessing(PipelineConfig config) {
    var p = config.postProcessing();
    SsdSpec.ScoreConverter converter =
        switch (p.scoreConverter()) {
          case SIGMOID -> SsdSpec.ScoreConverter.SIGMOID;
          case SOFTMAX -> SsdSpec.ScoreConverter.SOFTMAX;
          default -> SsdSpec.ScoreConverter.IDENTITY;
        };
    return new SsdSpec.PostProcessing(
        p.scoreThreshold(),
        p.iouThreshold(),
        p.maxDetectionsPerClass(),
        p.maxTotalDetections(),
        converter,
        p.logitScale());
  }

  /**
   * The optimizer of {@code config}'s train_config.
   *
   * @throws IllegalArgumentException for an optimizer other than momentum, Adam or RMSProp
   */
  public static OptimizerSpec optimizer(PipelineConfig config) {
    TrainConfig train = config.trainConfig();
    Optimizer o = train.optimizer();
    OptimizerSpec spec =
        switch (o.kind()) {
          case MOMENTUM -> OptimizerSpec.momentum(o.momentum());
          case ADAM ->
              new OptimizerSpec(OptimizerSpec.Kind.ADAM, 0.9, 0.9, 0.999, o.epsilon(), 0.9, 0);
          case RMS_PROP ->
              new OptimizerSpec(
                  OptimizerSpec.Kind.RMS_PROP, o.momentum(), 0.9, 0.999, o.epsilon(), o.decay(), 0);
          default ->
              throw new IllegalArgumentException(
                  "train_config.optimizer must be momentum_optimizer, adam_optimizer or rms_prop_optimizer");
        };
    return spec.withGradientClipNorm(train.gradientClippingByNorm());
  }

  private static IllegalArgumentException unsupported(String what) {
    return new IllegalArgumentException(
        "unsupported model: " + what + "; " + Architecture.SUPPORTED);
  }
}
