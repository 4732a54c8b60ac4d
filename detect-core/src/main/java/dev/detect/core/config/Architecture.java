package dev.detect.core.config;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * The network a config describes: its meta-architecture ({@code model { ssd { ... } }}, …), its
 * feature extractor type and whether the SSD layers are depthwise separable (SSDLite); and whether
 * detect's trainer can build it.
 *
 * <p>detect trains SSD with {@code ssd_mobilenet_v1}, {@code ssd_mobilenet_v2} (also {@code
 * ssd_mobilenet_v2_keras}, built with the TF1 variable names) and SSDLite ({@code ssd_mobilenet_v2}
 * with {@code use_depthwise: true} in the feature extractor and in {@code
 * convolutional_box_predictor}) and the TF2 zoo's FPN-Lite ({@code ssd_mobilenet_v2_fpn_keras}).
 * Everything else (Faster R-CNN, CenterNet, EfficientDet, the other FPN extractors, ResNet, the
 * other Keras extractors) can be read, edited and validated, and trained with the Python Object
 * Detection API.
 *
 * @param modelType the meta-architecture
 * @param featureExtractorType {@code model.<type>.feature_extractor.type}, empty when absent
 * @param featureExtractorDepthwise {@code feature_extractor.use_depthwise}: separable extra layers
 * @param predictorDepthwise {@code convolutional_box_predictor.use_depthwise}: separable heads
 */
public record Architecture(
    ModelType modelType,
    String featureExtractorType,
    boolean featureExtractorDepthwise,
    boolean predictorDepthwise) {

  /** The {@code feature_extractor.type} values detect's trainer builds. */
  public static final Set<String> TRAINABLE_FEATURE_EXTRACTORS =
      Set.of(
          "ssd_mobilenet_v1",
          "ssd_mobilenet_v2",
          "ssd_mobilenet_v2_keras",
          "ssd_mobilenet_v2_fpn_keras");

  /** What detect trains, for messages. */
  public static final String SUPPORTED =
      "detect trains SSD (model.ssd) with feature_extractor.type ssd_mobilenet_v1,"
          + " ssd_mobilenet_v2 (or ssd_mobilenet_v2_keras, built with the TF1 variable names), or"
          + " SSDLite (ssd_mobilenet_v2 with use_depthwise: true in feature_extractor and in"
          + " convolutional_box_predictor), with fixed_shape_resizer, ssd_anchor_generator,"
          + " faster_rcnn_box_coder, argmax_matcher and convolutional_box_predictor; or the TF2"
          + " zoo's SSD MobileNetV2 FPN-Lite (ssd_mobilenet_v2_fpn_keras with fpn levels 3 to 7,"
          + " multiscale_anchor_generator and weight_shared_convolutional_box_predictor)";

  /** Checks for nulls. */
  public Architecture {
    Objects.requireNonNull(modelType, "modelType");
    Objects.requireNonNull(featureExtractorType, "featureExtractorType");
  }

  /** The architecture {@code config} describes. */
  public static Architecture of(PipelineConfig config) {
    Objects.requireNonNull(config, "config");
    boolean predictorDepthwise =
        config.boxPredictor().map(ConvolutionalBoxPredictor::useDepthwise).orElse(false);
    FeatureExtractor fe = config.featureExtractor();
    return new Architecture(config.modelType(), fe.type(), fe.useDepthwise(), predictorDepthwise);
  }

  /** Whether detect's trainer builds this network (the other SSD parts are checked apart). */
  public boolean trainable() {
    return modelType == ModelType.SSD
        && TRAINABLE_FEATURE_EXTRACTORS.contains(featureExtractorType);
  }

  /**
   * Whether this is SSDLite: a MobileNetV2 SSD whose extra layers and box predictor are both
   * depthwise separable (the zoo's {@code ssd_mobilenet_v2_coco} has separable extra layers only).
   */
  public boolean ssdLite() {
    return (featureExtractorType.equals("ssd_mobilenet_v2")
            || featureExtractorType.equals("ssd_mobilenet_v2_keras"))
        && featureExtractorDepthwise
        && predictorDepthwise;
  }

  /**
   * The meta-architecture and feature extractor in words, such as {@code FASTER-RCNN
   * (model.faster_rcnn) with feature extractor 'faster_rcnn_resnet50_keras'}.
   */
  public String describe() {
    String meta =
        modelType == ModelType.NONE
            ? "no model"
            : modelType.protoName().toUpperCase(Locale.ROOT).replace('_', '-')
                + " (model."
                + modelType.protoName()
                + ")";
    String fe =
        featureExtractorType.isEmpty()
            ? " without a feature_extractor.type"
            : " with feature extractor '" + featureExtractorType + "'";
    return meta + fe + (ssdLite() ? " (SSDLite)" : "");
  }
}
