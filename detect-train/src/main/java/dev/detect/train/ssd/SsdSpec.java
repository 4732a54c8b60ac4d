package dev.detect.train.ssd;

import java.util.Objects;

/**
 * Everything that defines an SSD MobileNet model (v1, v2, SSDLite) and its training losses,
 * resolved from a pipeline.config (see {@code SsdSpecs}); plain values, no TensorFlow.
 *
 * @param numClasses foreground classes ({@code num_classes}); the model predicts one more
 * @param inputHeight model input height in pixels
 * @param inputWidth model input width in pixels
 * @param backbone the feature extractor ({@code feature_extractor.type})
 * @param depthMultiplier MobileNet width multiplier
 * @param minDepth minimum number of channels of any layer
 * @param extraLayersDepthwise the extra SSD layers are depthwise separable ({@code
 *     feature_extractor.use_depthwise})
 * @param anchors the {@code ssd_anchor_generator} settings; null for an FPN model, whose anchors
 *     are in {@code fpn}
 * @param boxCoder the {@code faster_rcnn_box_coder}
 * @param matcher the {@code argmax_matcher}
 * @param predictorKernelSize kernel size of the box and class predictor convolutions
 * @param predictorDepthwise the predictors are depthwise separable, SSDLite ({@code
 *     convolutional_box_predictor.use_depthwise})
 * @param classPredictionBiasInit initial bias of the class predictor
 * @param batchNormDecay moving-average decay of batch norm
 * @param batchNormEpsilon batch norm epsilon
 * @param freezeBatchNorm use the moving averages also while training, and never update them
 * @param featureExtractorL2 L2 regularizer weight of the feature extractor convolutions
 * @param predictorL2 L2 regularizer weight of the predictor convolutions
 * @param featureExtractorInitStddev stddev of the truncated normal init of the backbone
 * @param predictorInitStddev stddev of the normal init of the predictors
 * @param loss the loss settings
 * @param postProcessing the non-max suppression settings
 * @param fpn the feature pyramid, its multiscale anchors and its weight-shared box predictor tower
 *     ({@link Backbone#MOBILENET_V2_FPN}); null for the other backbones
 */
public record SsdSpec(
    int numClasses,
    int inputHeight,
    int inputWidth,
    Backbone backbone,
    double depthMultiplier,
    int minDepth,
    boolean extraLayersDepthwise,
    AnchorGenerator.Settings anchors,
    BoxCoder boxCoder,
    TargetAssigner.Matcher matcher,
    int predictorKernelSize,
    boolean predictorDepthwise,
    double classPredictionBiasInit,
    double batchNormDecay,
    double batchNormEpsilon,
    boolean freezeBatchNorm,
    double featureExtractorL2,
    double predictorL2,
    double featureExtractorInitStddev,
    double predictorInitStddev,
    LossSpec loss,
    PostProcessing postProcessing,
    Fpn fpn) {

  /** Validates the values. */
  public SsdSpec {
    Objects.requireNonNull(backbone, "backbone");
    Objects.requireNonNull(boxCoder, "boxCoder");
    Objects.requireNonNull(matcher, "matcher");
    Objects.requireNonNull(loss, "loss");
    Objects.requireNonNull(postProcessing, "postProcessing");
    if (numClasses < 1) {
      throw new IllegalArgumentException("num_classes must be >= 1, got " + numClasses);
    }
    if (inputHeight < 32 || inputWidth < 32) {
      throw new IllegalArgumentException(
          "input size must be at least 32x32, got " + inputHeight + "x" + inputWidth);
    }
    if (!(depthMultiplier > 0) || depthMultiplier > 4) {
      throw new IllegalArgumentException(
          "depth_multiplier must be in (0, 4], got " + depthMultiplier);
    }
    if (predictorKernelSize < 1) {
      throw new IllegalArgumentException(
          "convolutional_box_predictor.kernel_size must be >= 1, got " + predictorKernelSize);
    }
    if ((backbone == Backbone.MOBILENET_V2_FPN) != (fpn != null)) {
      throw new IllegalArgumentException(
          backbone.protoName()
              + (fpn == null ? " needs the fpn settings" : " takes no fpn settings"));
    }
    if (fpn == null) {
      Objects.requireNonNull(anchors, "anchors");
      if (anchors.numLayers() != 6) {
        throw new IllegalArgumentException(
            backbone.protoName()
                + " has 6 feature maps, so ssd_anchor_generator.num_layers must be 6, got "
                + anchors.numLayers());
      }
    } else {
      int stride = 1 << Math.min(fpn.maxLevel(), Fpn.BACKBONE_MAX_LEVEL);
      if (inputHeight % stride != 0 || inputWidth % stride != 0) {
        throw new IllegalArgumentException(
            "the FPN's top-down pathway adds maps of levels "
                + fpn.minLevel()
                + " to "
                + Math.min(fpn.maxLevel(), Fpn.BACKBONE_MAX_LEVEL)
                + ", so the input size must be a multiple of "
                + stride
                + ", got "
                + inputHeight
                + "x"
                + inputWidth
                + " (nearest valid: "
                + nearest(inputHeight, stride)
                + " by "
                + nearest(inputWidth, stride)
                + ")");
      }
    }
  }

  /** The multiples of {@code stride} nearest {@code size}: {@code "288 or 320"}, or one value. */
  private static String nearest(int size, int stride) {
    int below = size / stride * stride;
    if (below == size) {
      return Integer.toString(size);
    }
    return below == 0 ? Integer.toString(stride) : below + " or " + (below + stride);
  }

  /**
   * The feature pyramid of {@code ssd_mobilenet_v2_fpn_keras} and the {@code
   * weight_shared_convolutional_box_predictor} on it.
   *
   * @param minLevel the finest pyramid level ({@code fpn.min_level}), 2 to 5
   * @param maxLevel the coarsest level ({@code fpn.max_level}); levels above 5 come from strided
   *     convolutions
   * @param layerDepth channels of the pyramid layers ({@code additional_layer_depth})
   * @param anchors the {@code multiscale_anchor_generator}
   * @param towerDepth channels of the predictor tower ({@code depth})
   * @param towerLayers tower convolutions before the heads ({@code num_layers_before_predictor})
   * @param shareTower the box and class heads share one tower ({@code share_prediction_tower})
   * @param towerBatchNorm the tower has batch norm (the predictor's conv_hyperparams has {@code
   *     batch_norm}); without it its convolutions have biases
   */
  public record Fpn(
      int minLevel,
      int maxLevel,
      int layerDepth,
      MultiscaleAnchorGenerator.Settings anchors,
      int towerDepth,
      int towerLayers,
      boolean shareTower,
      boolean towerBatchNorm) {
    /** MobileNetV2's coarsest level: its last feature map has stride 32. */
    public static final int BACKBONE_MAX_LEVEL = 5;

    /** Validates. */
    public Fpn {
      Objects.requireNonNull(anchors, "anchors");
      if (minLevel < 2 || minLevel > BACKBONE_MAX_LEVEL) {
        throw new IllegalArgumentException(
            "fpn.min_level must be 2 to 5 (a MobileNetV2 feature map), got " + minLevel);
      }
      if (maxLevel < minLevel) {
        throw new IllegalArgumentException(
            "fpn.max_level " + maxLevel + " is below min_level " + minLevel);
      }
      if (anchors.minLevel() != minLevel || anchors.maxLevel() != maxLevel) {
        throw new IllegalArgumentException(
            "multiscale_anchor_generator levels "
                + anchors.minLevel()
                + " to "
                + anchors.maxLevel()
                + " must equal the fpn levels "
                + minLevel
                + " to "
                + maxLevel
                + ": one anchor grid per feature map");
      }
      if (layerDepth < 1 || towerDepth < 1 || towerLayers < 0) {
        throw new IllegalArgumentException(
            "the fpn additional_layer_depth and the predictor depth must be >= 1");
      }
    }

    /** The number of pyramid levels. */
    public int levels() {
      return maxLevel - minLevel + 1;
    }
  }

  /** The feature extractor networks detect builds. */
  public enum Backbone {
    /** {@code ssd_mobilenet_v1}: TF-slim MobileNetV1, maps from Conv2d_11 and Conv2d_13. */
    MOBILENET_V1("ssd_mobilenet_v1"),
    /** {@code ssd_mobilenet_v2}: MobileNetV2, maps from layer_15's expansion and Conv_1. */
    MOBILENET_V2("ssd_mobilenet_v2"),
    /**
     * {@code ssd_mobilenet_v2_fpn_keras}: the TF2 zoo's FPN-Lite, MobileNetV2 with a feature
     * pyramid (levels 3-7 in the zoo) and a weight-shared box predictor.
     */
    MOBILENET_V2_FPN("ssd_mobilenet_v2_fpn_keras");

    private final String protoName;

    Backbone(String protoName) {
      this.protoName = protoName;
    }

    /** The TF1 {@code feature_extractor.type} value. */
    public String protoName() {
      return protoName;
    }
  }

  /** The classification loss kind. */
  public enum ClassificationLoss {
    /** Per-class sigmoid cross entropy. */
    WEIGHTED_SIGMOID,
    /** Softmax cross entropy over background + classes. */
    WEIGHTED_SOFTMAX,
    /** Sigmoid focal loss (gamma, alpha). */
    WEIGHTED_SIGMOID_FOCAL
  }

  /**
   * Loss settings.
   *
   * @param classification the classification loss
   * @param focalGamma focal loss gamma
   * @param focalAlpha focal loss alpha, NaN when unset
   * @param softmaxLogitScale softmax logit scale
   * @param smoothL1Delta Huber delta of the localization loss
   * @param classificationWeight weight of the classification loss
   * @param localizationWeight weight of the localization loss
   * @param normalizeByNumMatches divide by the number of matched anchors
   * @param normalizeLocByCodeSize also divide the localization loss by 4
   * @param encodeBackgroundAsZeros the background column's target is always 0
   * @param hardExampleMining hard negative mining, or null
   */
  public record LossSpec(
      ClassificationLoss classification,
      double focalGamma,
      double focalAlpha,
      double softmaxLogitScale,
      double smoothL1Delta,
      double classificationWeight,
      double localizationWeight,
      boolean normalizeByNumMatches,
      boolean normalizeLocByCodeSize,
      boolean encodeBackgroundAsZeros,
      HardExampleMining hardExampleMining) {

    /** The TF2 zoo's SSD MobileNetV2 losses: focal (0.75, 2), smooth L1, normalized. */
    public static LossSpec focalDefaults() {
      return new LossSpec(
          ClassificationLoss.WEIGHTED_SIGMOID_FOCAL,
          2.0,
          0.75,
          1.0,
          1.0,
          1.0,
          1.0,
          true,
          true,
          true,
          null);
    }
  }

  /**
   * Hard negative mining: per image keep the positives and the negatives with the highest loss.
   *
   * @param numHardExamples maximum anchors kept per image
   * @param maxNegativesPerPositive negatives kept per positive (0 = no ratio)
   * @param minNegativesPerImage negatives kept even without positives
   * @param includeLocalizationLoss rank by classification + localization loss (loss_type BOTH)
   */
  public record HardExampleMining(
      int numHardExamples,
      double maxNegativesPerPositive,
      int minNegativesPerImage,
      boolean includeLocalizationLoss) {}

  /** How class logits become scores. */
  public enum ScoreConverter {
    /** Logits as scores. */
    IDENTITY,
    /** Sigmoid per class. */
    SIGMOID,
    /** Softmax over background + classes. */
    SOFTMAX
  }

  /**
   * Post-processing (non-max suppression) settings.
   *
   * @param scoreThreshold minimum score kept
   * @param iouThreshold NMS IoU threshold
   * @param maxDetectionsPerClass detections kept per class
   * @param maxTotalDetections detections kept in all
   * @param scoreConverter logits to scores
   * @param logitScale logits are divided by this first
   */
  public record PostProcessing(
      double scoreThreshold,
      double iouThreshold,
      int maxDetectionsPerClass,
      int maxTotalDetections,
      ScoreConverter scoreConverter,
      double logitScale) {

    /** The SSD defaults: 1e-8, 0.6, 100, 100, sigmoid. */
    public static PostProcessing defaults() {
      return new PostProcessing(1e-8, 0.6, 100, 100, ScoreConverter.SIGMOID, 1.0);
    }
  }

  /**
   * The standard SSD MobileNetV2 spec (zoo defaults) for the given classes, input size and depth
   * multiplier.
   */
  public static SsdSpec defaults(int numClasses, int height, int width, double depthMultiplier) {
    return new SsdSpec(
        numClasses,
        height,
        width,
        Backbone.MOBILENET_V2,
        depthMultiplier,
        16,
        false,
        AnchorGenerator.Settings.defaults(),
        BoxCoder.defaults(),
        TargetAssigner.Matcher.defaults(),
        1,
        false,
        -4.6,
        0.97,
        0.001,
        false,
        0.00004,
        0.00004,
        0.03,
        0.01,
        LossSpec.focalDefaults(),
        PostProcessing.defaults(),
        null);
  }
}
