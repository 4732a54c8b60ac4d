package dev.detect.train.ssd;

import java.util.List;

/**
 * An SSD feature extractor: a backbone plus the OD API's extra layers, giving the six feature maps
 * the box predictor runs on, with the TF1 variable names under {@code FeatureExtractor/...}.
 */
interface FeatureExtractorNet {
  /**
   * Builds the extractor on {@code image} ({@code [B, H, W, 3]}, already scaled to [-1, 1]) and
   * returns its feature maps, largest first.
   */
  List<FeatureMap> build(Layers layers, FeatureMap image);

  /** The extractor {@code spec} names. */
  static FeatureExtractorNet of(SsdSpec spec) {
    return switch (spec.backbone()) {
      case MOBILENET_V1 -> new MobilenetV1Extractor();
      case MOBILENET_V2 -> new MobilenetV2Extractor();
      case MOBILENET_V2_FPN -> new MobilenetV2FpnExtractor();
    };
  }

  /**
   * The OD API's {@code multi_resolution_feature_maps} extra layers after {@code from}, appended to
   * {@code maps}: for each depth d of {@code 512, 256, 256, 128} (feature maps 2..5) a 1×1 conv to
   * {@code depth(d/2)} named {@code <base>_1_Conv2d_<i>_1x1_<depth>}, then a 3×3 stride-2 conv to
   * {@code depth(d)} named {@code <base>_2_Conv2d_<i>_3x3_s2_<depth>}; with {@code use_depthwise}
   * the latter is separable: a 3×3 depthwise conv ({@code ..._depthwise}) and a 1×1 conv. Depths
   * follow {@code max(int(d * depth_multiplier), min_depth)}.
   */
  static void addExtraLayers(
      Layers layers, String prefix, String base, FeatureMap from, List<FeatureMap> maps) {
    SsdSpec spec = layers.spec();
    int[] extraDepths = {512, 256, 256, 128};
    FeatureMap net = from;
    for (int i = 0; i < extraDepths.length; i++) {
      int half = depth(spec, extraDepths[i] / 2.0);
      int full = depth(spec, extraDepths[i]);
      int index = i + 2;
      net =
          layers.conv(prefix + base + "_1_Conv2d_" + index + "_1x1_" + half, net, 1, half, 1, true);
      String name = prefix + base + "_2_Conv2d_" + index + "_3x3_s2_" + full;
      if (spec.extraLayersDepthwise()) {
        net = layers.depthwise(name + "_depthwise", net, 3, 2, false);
        net = layers.conv(name, net, 1, full, 1, true);
      } else {
        net = layers.conv(name, net, 3, full, 2, true);
      }
      maps.add(net);
    }
  }

  /** The SSD extra layers' and MobileNetV1's depth rule: {@code max(int(d * mult), min_depth)}. */
  static int depth(SsdSpec spec, double d) {
    return Math.max((int) (d * spec.depthMultiplier()), spec.minDepth());
  }
}
