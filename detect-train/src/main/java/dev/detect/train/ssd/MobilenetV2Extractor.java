package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;

/**
 * The OD API's TF1 {@code ssd_mobilenet_v2} feature extractor: the MobileNetV2 backbone ({@code
 * FeatureExtractor/MobilenetV2/Conv}, {@code expanded_conv[_N]/{expand,depthwise,project}}, {@code
 * Conv_1}) with feature maps from {@code layer_15/expansion_output} (the expansion of block 13) and
 * {@code Conv_1}, then the extra layers {@code layer_19_{1,2}_Conv2d_*}.
 */
final class MobilenetV2Extractor implements FeatureExtractorNet {
  static final String SCOPE = "FeatureExtractor/MobilenetV2";

  /** MobileNetV2 inverted residual blocks after the stem: output channels and stride. */
  private static final int[][] BLOCKS = {
    {16, 1}, {24, 2}, {24, 1}, {32, 2}, {32, 1}, {32, 1}, {64, 2}, {64, 1}, {64, 1}, {64, 1},
    {96, 1}, {96, 1}, {96, 1}, {160, 2}, {160, 1}, {160, 1}, {320, 1}
  };

  @Override
  public List<FeatureMap> build(Layers layers, FeatureMap image) {
    List<FeatureMap> maps = new ArrayList<>();
    FeatureMap net = backbone(layers, image, maps, new ArrayList<>());
    maps.add(net);
    FeatureExtractorNet.addExtraLayers(layers, SCOPE + "/", "layer_19", net, maps);
    return maps;
  }

  /**
   * The backbone's outputs at strides 4, 8, 16 and 32, as the Keras feature extractors take them
   * (pyramid levels 2 to 5): {@code block_2_add} (24 channels at depth 1.0), {@code block_5_add}
   * (32), {@code block_12_add} (96) and {@code out_relu} (Conv_1 after ReLU6, 1280).
   */
  static List<FeatureMap> pyramidTaps(Layers layers, FeatureMap image) {
    List<FeatureMap> taps = new ArrayList<>();
    FeatureMap net = backbone(layers, image, new ArrayList<>(), taps);
    taps.add(net);
    return taps;
  }

  /**
   * Builds the backbone up to {@code Conv_1} and returns its output; adds block 13's expansion to
   * {@code expansionOut} and the outputs of blocks 2, 5 and 12 to {@code blockOut}.
   */
  private static FeatureMap backbone(
      Layers layers, FeatureMap image, List<FeatureMap> expansionOut, List<FeatureMap> blockOut) {
    SsdSpec spec = layers.spec();
    FeatureMap net = layers.stem(SCOPE + "/Conv", image, 3, depth(spec, 32), 2);
    for (int i = 0; i < BLOCKS.length; i++) {
      String name = SCOPE + "/expanded_conv" + (i == 0 ? "" : "_" + i);
      net =
          invertedResidual(
              layers,
              name,
              net,
              depth(spec, BLOCKS[i][0]),
              BLOCKS[i][1],
              i == 0,
              i == 13 ? expansionOut : null);
      if (i == 2 || i == 5 || i == 12) {
        blockOut.add(net);
      }
    }
    return layers.conv(SCOPE + "/Conv_1", net, 1, depth(spec, 1280), 1, true);
  }

  /** MobileNet channel rounding: {@code _make_divisible(d * multiplier, 8, min_depth)}. */
  private static int depth(SsdSpec spec, int d) {
    return makeDivisible(d * spec.depthMultiplier(), 8, spec.minDepth());
  }

  static int makeDivisible(double v, int divisor, int minValue) {
    int rounded = Math.max(minValue, (int) (v + divisor / 2.0) / divisor * divisor);
    if (rounded < 0.9 * v) {
      rounded += divisor;
    }
    return rounded;
  }

  private static FeatureMap invertedResidual(
      Layers layers,
      String name,
      FeatureMap in,
      int outDepth,
      int stride,
      boolean first,
      List<FeatureMap> expansionOut) {
    FeatureMap net = in;
    int inner = first ? in.depth() : makeDivisible(in.depth() * 6.0, 8, 8);
    if (inner > in.depth()) {
      net = layers.conv(name + "/expand", net, 1, inner, 1, true);
      if (expansionOut != null) {
        expansionOut.add(net);
      }
    }
    net = layers.depthwise(name + "/depthwise", net, 3, stride, false);
    net = layers.conv(name + "/project", net, 1, outDepth, 1, false);
    if (stride == 1 && in.depth() == outDepth) {
      net = layers.add(name, net, in);
    }
    return net;
  }
}
