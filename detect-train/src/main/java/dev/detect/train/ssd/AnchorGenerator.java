package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * SSD anchors as the OD API's {@code ssd_anchor_generator} makes them ({@code
 * anchor_generators/multiple_grid_anchor_generator.create_ssd_anchors}): per feature map a grid of
 * boxes with per-layer scales and aspect ratios, in normalized image coordinates.
 *
 * <p>Anchor order is feature map, then grid row (y), then grid column (x), then box spec, which is
 * the order the convolutional box predictor's outputs are reshaped in.
 */
public final class AnchorGenerator implements SsdAnchors {
  private final Settings settings;
  private final List<List<double[]>> boxSpecs;

  /**
   * The {@code ssd_anchor_generator} fields.
   *
   * @param numLayers number of feature maps
   * @param minScale scale of the first layer
   * @param maxScale scale of the last layer
   * @param scales explicit per-layer scales, overriding min/max when not empty
   * @param aspectRatios width/height ratios for layers other than a reduced lowest layer
   * @param interpolatedScaleAspectRatio ratio of the extra anchor at scale sqrt(s_k s_k+1); 0 =
   *     none
   * @param reduceBoxesInLowestLayer use only 3 boxes (0.1@1, s@2, s@0.5) on the first layer
   * @param baseAnchorHeight base anchor height (normalized)
   * @param baseAnchorWidth base anchor width (normalized)
   */
  public record Settings(
      int numLayers,
      double minScale,
      double maxScale,
      List<Double> scales,
      List<Double> aspectRatios,
      double interpolatedScaleAspectRatio,
      boolean reduceBoxesInLowestLayer,
      double baseAnchorHeight,
      double baseAnchorWidth) {
    /** Validates and copies. */
    public Settings {
      scales = List.copyOf(scales);
      aspectRatios = List.copyOf(aspectRatios);
      if (numLayers < 1) {
        throw new IllegalArgumentException("num_layers must be >= 1, got " + numLayers);
      }
      if (!scales.isEmpty() && scales.size() != numLayers) {
        throw new IllegalArgumentException(
            "scales has " + scales.size() + " values for " + numLayers + " layers");
      }
    }

    /** The OD API defaults with {@code num_layers: 6}. */
    public static Settings defaults() {
      return new Settings(
          6, 0.2, 0.95, List.of(), List.of(1.0, 2.0, 0.5, 3.0, 1.0 / 3), 1.0, true, 1.0, 1.0);
    }
  }

  /** Creates a generator for the settings. */
  public AnchorGenerator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
    this.boxSpecs = boxSpecs(settings);
  }

  private static List<List<double[]>> boxSpecs(Settings s) {
    List<Double> scales = new ArrayList<>();
    if (s.scales().isEmpty()) {
      for (int i = 0; i < s.numLayers(); i++) {
        scales.add(
            s.numLayers() == 1
                ? s.minScale()
                : s.minScale() + (s.maxScale() - s.minScale()) * i / (s.numLayers() - 1));
      }
    } else {
      scales.addAll(s.scales());
    }
    scales.add(1.0);
    List<List<double[]>> specs = new ArrayList<>();
    for (int layer = 0; layer < s.numLayers(); layer++) {
      double scale = scales.get(layer);
      double next = scales.get(layer + 1);
      List<double[]> layerSpecs = new ArrayList<>();
      if (layer == 0 && s.reduceBoxesInLowestLayer()) {
        layerSpecs.add(new double[] {0.1, 1.0});
        layerSpecs.add(new double[] {scale, 2.0});
        layerSpecs.add(new double[] {scale, 0.5});
      } else {
        for (double ratio : s.aspectRatios()) {
          layerSpecs.add(new double[] {scale, ratio});
        }
        if (s.interpolatedScaleAspectRatio() > 0) {
          layerSpecs.add(new double[] {Math.sqrt(scale * next), s.interpolatedScaleAspectRatio()});
        }
      }
      specs.add(layerSpecs);
    }
    return specs;
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  @Override
  public int[] anchorsPerLocation() {
    int[] n = new int[boxSpecs.size()];
    for (int i = 0; i < n.length; i++) {
      n[i] = boxSpecs.get(i).size();
    }
    return n;
  }

  /**
   * The anchors for feature maps of the given sizes, as {@code [N][4]} rows of {@code ycenter,
   * xcenter, height, width} (normalized).
   *
   * @param featureMapSizes {@code [height, width]} of each feature map, one per layer
   * @param imageHeight input height in pixels (only the aspect ratio matters)
   * @param imageWidth input width in pixels
   */
  @Override
  public float[][] generate(List<int[]> featureMapSizes, int imageHeight, int imageWidth) {
    if (featureMapSizes.size() != boxSpecs.size()) {
      throw new IllegalArgumentException(
          featureMapSizes.size() + " feature maps for " + boxSpecs.size() + " anchor layers");
    }
    double minDim = Math.min(imageHeight, imageWidth);
    double baseH = minDim / imageHeight * settings.baseAnchorHeight();
    double baseW = minDim / imageWidth * settings.baseAnchorWidth();
    List<float[]> out = new ArrayList<>();
    for (int layer = 0; layer < boxSpecs.size(); layer++) {
      int gh = featureMapSizes.get(layer)[0];
      int gw = featureMapSizes.get(layer)[1];
      double strideY = 1.0 / gh;
      double strideX = 1.0 / gw;
      List<double[]> specs = boxSpecs.get(layer);
      for (int y = 0; y < gh; y++) {
        for (int x = 0; x < gw; x++) {
          for (double[] spec : specs) {
            double ratioSqrt = Math.sqrt(spec[1]);
            out.add(
                new float[] {
                  (float) (y * strideY + 0.5 * strideY),
                  (float) (x * strideX + 0.5 * strideX),
                  (float) (spec[0] / ratioSqrt * baseH),
                  (float) (spec[0] * ratioSqrt * baseW)
                });
          }
        }
      }
    }
    return out.toArray(new float[0][]);
  }
}
