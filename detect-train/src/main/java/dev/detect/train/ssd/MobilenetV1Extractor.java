package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;

/**
 * The OD API's TF1 {@code ssd_mobilenet_v1} feature extractor: TF-slim's MobileNetV1 up to {@code
 * Conv2d_13_pointwise} ({@code FeatureExtractor/MobilenetV1/Conv2d_0}, then {@code
 * Conv2d_N_depthwise} and {@code Conv2d_N_pointwise} for N = 1..13, each with batch norm and
 * ReLU6), feature maps from {@code Conv2d_11_pointwise} and {@code Conv2d_13_pointwise}, then the
 * extra layers {@code Conv2d_13_pointwise_{1,2}_Conv2d_*}. Depths are {@code max(int(d *
 * depth_multiplier), min_depth)} (slim's {@code mobilenet_v1}, no rounding to multiples of 8).
 */
final class MobilenetV1Extractor implements FeatureExtractorNet {
  static final String SCOPE = "FeatureExtractor/MobilenetV1";

  /** The 13 depthwise-separable blocks after {@code Conv2d_0}: pointwise depth and stride. */
  private static final int[][] BLOCKS = {
    {64, 1}, {128, 2}, {128, 1}, {256, 2}, {256, 1}, {512, 2}, {512, 1}, {512, 1}, {512, 1},
    {512, 1}, {512, 1}, {1024, 2}, {1024, 1}
  };

  @Override
  public List<FeatureMap> build(Layers layers, FeatureMap image) {
    SsdSpec spec = layers.spec();
    FeatureMap net =
        layers.stem(SCOPE + "/Conv2d_0", image, 3, FeatureExtractorNet.depth(spec, 32), 2);
    List<FeatureMap> maps = new ArrayList<>();
    for (int i = 1; i <= BLOCKS.length; i++) {
      int[] block = BLOCKS[i - 1];
      net = layers.depthwise(SCOPE + "/Conv2d_" + i + "_depthwise", net, 3, block[1], false);
      net =
          layers.conv(
              SCOPE + "/Conv2d_" + i + "_pointwise",
              net,
              1,
              FeatureExtractorNet.depth(spec, block[0]),
              1,
              true);
      if (i == 11 || i == 13) {
        maps.add(net);
      }
    }
    FeatureExtractorNet.addExtraLayers(layers, SCOPE + "/", "Conv2d_13_pointwise", net, maps);
    return maps;
  }
}
