package dev.detect.train.ssd;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Where each variable of detect's FPN-Lite graph lives in a TF2 object-based checkpoint ({@code
 * ckpt-0} of {@code ssd_mobilenet_v2_fpnlite_*_coco17_tpu-8}, or one {@code model_main_tf2.py}
 * wrote): the object path the OD API's Keras model gives it, {@code model/<path>/.ATTRIBUTES/
 * VARIABLE_VALUE}. The rules follow how Keras tracks the layers, so they hold for any edit of the
 * zoo config (levels, depth, tower layers, classes):
 *
 * <table>
 *   <caption>detect name (after the scope) → TF2 object path (after {@code model/})</caption>
 *   <tr><td>{@code FeatureExtractor/MobilenetV2/<layer>/<var>}</td>
 *       <td>{@code _feature_extractor/classification_backbone/layer_with_weights-N/<attr>}: N counts
 *       Keras MobileNetV2's layers with weights in order (Conv1 0, its batch norm 1, block 0's
 *       depthwise 2 and project 4, block i's expand 6i, depthwise 6i+2, project 6i+4, Conv_1 102,
 *       each batch norm one more)</td></tr>
 *   <tr><td>{@code FeatureExtractor/FPN/top_down/projection_<n>} (the top level)</td>
 *       <td>{@code _feature_extractor/_fpn_features_generator/top_layers/0}</td></tr>
 *   <tr><td>{@code FeatureExtractor/FPN/top_down/projection_<k>}, {@code smoothing_<k>}</td>
 *       <td>{@code .../residual_blocks/<n-1-k>/0}, {@code .../conv_layers/<n-1-k>/0} (batch norm
 *       {@code /1})</td></tr>
 *   <tr><td>{@code FeatureExtractor/FPN/bottom_up_Conv2d_<13+i>}</td>
 *       <td>{@code _feature_extractor/_coarse_feature_layers/<i>/0} (batch norm {@code /1})</td></tr>
 *   <tr><td>{@code WeightSharedConvolutionalBoxPredictor/<Tower>/conv2d_<j>}</td>
 *       <td>{@code _box_predictor/_head_scope_conv_layers/<Tower>/<j>}</td></tr>
 *   <tr><td>{@code .../<Tower>/conv2d_<j>/BatchNorm/feature_<l>}</td>
 *       <td>{@code _box_predictor/_base_tower_layers_for_heads/<head>/<l>/<3j+1>}, head {@code
 *       box_encodings} ({@code class_predictions_with_background} for {@code
 *       ClassPredictionTower})</td></tr>
 *   <tr><td>{@code WeightSharedConvolutionalBoxPredictor/BoxPredictor}</td>
 *       <td>{@code _box_predictor/_box_prediction_head/_box_encoder_layers/0}</td></tr>
 *   <tr><td>{@code WeightSharedConvolutionalBoxPredictor/ClassPredictor}</td>
 *       <td>{@code _box_predictor/_prediction_heads/class_predictions_with_background/
 *       _class_predictor_layers/0}</td></tr>
 * </table>
 *
 * <p>Variable names map as {@code weights → kernel}, {@code depthwise_weights → depthwise_kernel},
 * {@code pointwise_weights → pointwise_kernel}, {@code biases → bias}; batch norm's {@code gamma},
 * {@code beta}, {@code moving_mean}, {@code moving_variance} keep theirs.
 */
public final class Tf2CheckpointKeys {
  /** The entry that marks an object-based (TF2) checkpoint. */
  public static final String OBJECT_GRAPH = "_CHECKPOINTABLE_OBJECT_GRAPH";

  /** The suffix of every variable's key. */
  public static final String SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

  /** The key prefix of the MobileNetV2 backbone (what type {@code classification} restores). */
  public static final String BACKBONE = "model/_feature_extractor/classification_backbone/";

  private static final Pattern BACKBONE_LAYER =
      Pattern.compile(
          "FeatureExtractor/MobilenetV2/(Conv|Conv_1|expanded_conv(?:_(\\d+))?/(expand|depthwise|project))/(BatchNorm/)?(\\w+)");
  private static final Pattern TOP_DOWN =
      Pattern.compile(
          "FeatureExtractor/FPN/top_down/(projection|smoothing)_(\\d+)/(BatchNorm/)?(\\w+)");
  private static final Pattern COARSE =
      Pattern.compile("FeatureExtractor/FPN/bottom_up_Conv2d_(\\d+)/(BatchNorm/)?(\\w+)");
  private static final Pattern TOWER =
      Pattern.compile(
          "WeightSharedConvolutionalBoxPredictor/(\\w+Tower)/conv2d_(\\d+)/(?:BatchNorm/feature_(\\d+)/)?(\\w+)");
  private static final Pattern HEAD =
      Pattern.compile("WeightSharedConvolutionalBoxPredictor/(BoxPredictor|ClassPredictor)/(\\w+)");

  private Tf2CheckpointKeys() {}

  /**
   * The TF2 checkpoint key of our variable {@code name} in a model of {@code spec} (an FPN-Lite
   * spec), or empty for a name the rules do not cover (a non-FPN model's variables).
   */
  public static Optional<String> key(String name, SsdSpec spec) {
    if (spec.fpn() == null) {
      return Optional.empty();
    }
    Matcher m = BACKBONE_LAYER.matcher(name);
    if (m.matches()) {
      int index;
      if (m.group(1).equals("Conv")) {
        index = 0;
      } else if (m.group(1).equals("Conv_1")) {
        index = 102;
      } else {
        int block = m.group(2) == null ? 0 : Integer.parseInt(m.group(2));
        int step =
            switch (m.group(3)) {
              case "expand" -> 0;
              case "depthwise" -> 2;
              default -> 4;
            };
        index = block == 0 ? step : 6 * block + step;
      }
      boolean bn = m.group(4) != null;
      return Optional.of(
          BACKBONE
              + "layer_with_weights-"
              + (index + (bn ? 1 : 0))
              + "/"
              + attr(m.group(5))
              + SUFFIX);
    }
    m = TOP_DOWN.matcher(name);
    if (m.matches()) {
      int n =
          Math.min(spec.fpn().maxLevel(), SsdSpec.Fpn.BACKBONE_MAX_LEVEL)
              - spec.fpn().minLevel()
              + 1;
      int k = Integer.parseInt(m.group(2));
      String base = "model/_feature_extractor/_fpn_features_generator/";
      String layer;
      if (m.group(1).equals("projection")) {
        layer = k == n ? "top_layers/0" : "residual_blocks/" + (n - 1 - k) + "/0";
      } else {
        layer = "conv_layers/" + (n - 1 - k) + (m.group(3) != null ? "/1" : "/0");
      }
      return Optional.of(base + layer + "/" + attr(m.group(4)) + SUFFIX);
    }
    m = COARSE.matcher(name);
    if (m.matches()) {
      int i = Integer.parseInt(m.group(1)) - 13;
      return Optional.of(
          "model/_feature_extractor/_coarse_feature_layers/"
              + i
              + (m.group(2) != null ? "/1/" : "/0/")
              + attr(m.group(3))
              + SUFFIX);
    }
    m = TOWER.matcher(name);
    if (m.matches()) {
      String tower = m.group(1);
      int j = Integer.parseInt(m.group(2));
      if (m.group(3) == null) {
        return Optional.of(
            "model/_box_predictor/_head_scope_conv_layers/"
                + tower
                + "/"
                + j
                + "/"
                + attr(m.group(4))
                + SUFFIX);
      }
      String head =
          tower.equals(WeightSharedBoxPredictorNet.CLASS_TOWER)
              ? "class_predictions_with_background"
              : "box_encodings";
      return Optional.of(
          "model/_box_predictor/_base_tower_layers_for_heads/"
              + head
              + "/"
              + m.group(3)
              + "/"
              + (3 * j + 1)
              + "/"
              + attr(m.group(4))
              + SUFFIX);
    }
    m = HEAD.matcher(name);
    if (m.matches()) {
      String layers =
          m.group(1).equals("BoxPredictor")
              ? "model/_box_predictor/_box_prediction_head/_box_encoder_layers/0/"
              : "model/_box_predictor/_prediction_heads/class_predictions_with_background/"
                  + "_class_predictor_layers/0/";
      return Optional.of(layers + attr(m.group(2)) + SUFFIX);
    }
    return Optional.empty();
  }

  /**
   * The table for {@code names} (our variables, e.g. {@code SsdTrainingGraph.modelVariables}) in
   * their order: our name → TF2 key; names the rules do not cover are left out.
   */
  public static Map<String, String> table(List<String> names, SsdSpec spec) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String n : names) {
      key(n, spec).ifPresent(k -> out.put(n, k));
    }
    return out;
  }

  /** Whether a checkpoint key is a model variable (not an optimizer slot, counter or the graph). */
  public static boolean isModelVariable(String key) {
    return key.startsWith("model/") && key.endsWith(SUFFIX) && !key.contains(".OPTIMIZER_SLOT");
  }

  private static String attr(String var) {
    return switch (var) {
      case "weights" -> "kernel";
      case "depthwise_weights" -> "depthwise_kernel";
      case "pointwise_weights" -> "pointwise_kernel";
      case "biases" -> "bias";
      default -> var;
    };
  }
}
