package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;

/**
 * The OD API's {@code ssd_mobilenet_v2_fpn_keras} feature extractor (FPN-Lite): the MobileNetV2
 * backbone ({@link MobilenetV2Extractor}'s layers and names), a top-down feature pyramid over its
 * outputs for levels {@code min_level} to {@code min(max_level, 5)}, and strided convolutions for
 * the coarser levels, as {@code ssd_mobilenet_v2_fpn_keras_feature_extractor.py} and {@code
 * feature_map_generators.KerasFpnTopDownFeatureMaps} build them:
 *
 * <ul>
 *   <li>the coarsest backbone map gets a 1×1 projection with bias ({@code projection_N}) and is the
 *       top level as it is;
 *   <li>each finer level adds its own 1×1 projection ({@code projection_<level+1>}) to the
 *       nearest-neighbour ×2 upsampling of the level above (after that level's smoothing), then a
 *       3×3 smoothing convolution with batch norm and ReLU6 ({@code smoothing_<level+1>}),
 *       depthwise separable with {@code use_depthwise};
 *   <li>each level above 5 is a 3×3 stride-2 convolution of the level below ({@code
 *       bottom_up_Conv2d_<13+i>}), batch norm, ReLU6, also separable with {@code use_depthwise}.
 * </ul>
 *
 * Every pyramid layer has {@code max(int(additional_layer_depth * depth_multiplier), min_depth)}
 * channels. Variables are under {@code FeatureExtractor/FPN/...}; {@link Tf2CheckpointKeys} maps
 * them onto the TF2 checkpoint's object paths.
 */
final class MobilenetV2FpnExtractor implements FeatureExtractorNet {
  static final String SCOPE = "FeatureExtractor/FPN";

  @Override
  public List<FeatureMap> build(Layers layers, FeatureMap image) {
    SsdSpec spec = layers.spec();
    SsdSpec.Fpn fpn = spec.fpn();
    boolean separable = spec.extraLayersDepthwise();
    int depth = layerDepth(spec);
    List<FeatureMap> taps = MobilenetV2Extractor.pyramidTaps(layers, image);
    int baseMax = Math.min(fpn.maxLevel(), SsdSpec.Fpn.BACKBONE_MAX_LEVEL);
    List<FeatureMap> features = taps.subList(fpn.minLevel() - 2, baseMax - 1);
    int n = features.size();
    FeatureMap[] out = new FeatureMap[n];
    out[n - 1] = layers.projection(SCOPE + "/top_down/projection_" + n, features.get(n - 1), depth);
    for (int level = n - 2; level >= 0; level--) {
      String suffix = "_" + (level + 1);
      FeatureMap up = layers.upsample2x(SCOPE + "/top_down/upsampling" + suffix, out[level + 1]);
      FeatureMap lateral =
          layers.projection(SCOPE + "/top_down/projection" + suffix, features.get(level), depth);
      if (up.height() != lateral.height() || up.width() != lateral.width()) {
        throw new IllegalStateException(
            "FPN level sizes do not halve: " + lateral.height() + "x" + lateral.width());
      }
      FeatureMap sum = layers.add(SCOPE + "/top_down/add" + suffix, up, lateral);
      String smoothing = SCOPE + "/top_down/smoothing" + suffix;
      out[level] =
          separable
              ? layers.separable(smoothing, sum, 3, depth, 1)
              : layers.conv(smoothing, sum, 3, depth, 1, true);
    }
    List<FeatureMap> maps = new ArrayList<>(List.of(out));
    FeatureMap last = out[n - 1];
    for (int level = baseMax; level < fpn.maxLevel(); level++) {
      String name = SCOPE + "/bottom_up_Conv2d_" + (level - baseMax + 13);
      last =
          separable
              ? layers.separable(name, last, 3, depth, 2)
              : layers.conv(name, last, 3, depth, 2, true);
      maps.add(last);
    }
    return maps;
  }

  /** The pyramid's channels: {@code max(int(additional_layer_depth * multiplier), min_depth)}. */
  static int layerDepth(SsdSpec spec) {
    return FeatureExtractorNet.depth(spec, spec.fpn().layerDepth());
  }
}
