package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Anchors as the OD API's {@code multiscale_anchor_generator} makes them ({@code
 * anchor_generators/multiscale_grid_anchor_generator.py} over {@code grid_anchor_generator.py}):
 * for pyramid level {@code l} a grid with stride {@code 2^l} pixels and, per cell, one anchor per
 * (aspect ratio, octave scale) pair, aspect ratio major, of size {@code anchor_scale * 2^l *
 * 2^(i/scales_per_octave)} pixels, normalized by the image size.
 *
 * <p>As in the OD API, a level's anchor centres are offset by half a stride only along an image
 * side that the stride divides; otherwise the first centre is at 0 (at 320 pixels, level 7's grid
 * of 3 has centres 0, 128 and 256).
 */
public final class MultiscaleAnchorGenerator implements SsdAnchors {
  private final Settings settings;

  /**
   * The {@code multiscale_anchor_generator} fields.
   *
   * @param minLevel the finest level
   * @param maxLevel the coarsest level
   * @param anchorScale base anchor size in strides
   * @param aspectRatios width/height ratios
   * @param scalesPerOctave scales per level, {@code 2^(i / scales_per_octave)}
   */
  public record Settings(
      int minLevel,
      int maxLevel,
      double anchorScale,
      List<Double> aspectRatios,
      int scalesPerOctave) {
    /** Validates and copies. */
    public Settings {
      aspectRatios = List.copyOf(aspectRatios);
      if (minLevel < 1 || maxLevel < minLevel) {
        throw new IllegalArgumentException(
            "multiscale_anchor_generator levels " + minLevel + " to " + maxLevel);
      }
      if (aspectRatios.isEmpty()) {
        throw new IllegalArgumentException(
            "multiscale_anchor_generator needs at least one aspect_ratios value");
      }
      if (scalesPerOctave < 1) {
        throw new IllegalArgumentException(
            "multiscale_anchor_generator.scales_per_octave must be >= 1, got " + scalesPerOctave);
      }
    }

    /** The TF2 zoo's FPN-Lite anchors: levels 3-7, scale 4, ratios 1, 2, 0.5, 2 per octave. */
    public static Settings zoo() {
      return new Settings(3, 7, 4.0, List.of(1.0, 2.0, 0.5), 2);
    }
  }

  /** Creates a generator for the settings. */
  public MultiscaleAnchorGenerator(Settings settings) {
    this.settings = Objects.requireNonNull(settings, "settings");
  }

  /** The settings. */
  public Settings settings() {
    return settings;
  }

  @Override
  public int[] anchorsPerLocation() {
    int[] n = new int[settings.maxLevel() - settings.minLevel() + 1];
    Arrays.fill(n, settings.aspectRatios().size() * settings.scalesPerOctave());
    return n;
  }

  @Override
  public float[][] generate(List<int[]> featureMapSizes, int imageHeight, int imageWidth) {
    int levels = settings.maxLevel() - settings.minLevel() + 1;
    if (featureMapSizes.size() != levels) {
      throw new IllegalArgumentException(
          featureMapSizes.size() + " feature maps for " + levels + " anchor levels");
    }
    List<float[]> out = new ArrayList<>();
    for (int i = 0; i < levels; i++) {
      int level = settings.minLevel() + i;
      double stride = Math.pow(2, level);
      double base = stride * settings.anchorScale();
      double offsetY = imageHeight % stride == 0 ? stride / 2 : 0;
      double offsetX = imageWidth % stride == 0 ? stride / 2 : 0;
      // (aspect ratio, scale) pairs, ratio major: grid_anchor_generator's meshgrid(scales, ratios).
      List<double[]> sizes = new ArrayList<>();
      for (double ratio : settings.aspectRatios()) {
        for (int s = 0; s < settings.scalesPerOctave(); s++) {
          double scale = Math.pow(2, (double) s / settings.scalesPerOctave());
          double sqrt = Math.sqrt(ratio);
          sizes.add(new double[] {scale / sqrt * base, scale * sqrt * base});
        }
      }
      int gh = featureMapSizes.get(i)[0];
      int gw = featureMapSizes.get(i)[1];
      for (int y = 0; y < gh; y++) {
        for (int x = 0; x < gw; x++) {
          for (double[] hw : sizes) {
            out.add(
                new float[] {
                  (float) ((y * stride + offsetY) / imageHeight),
                  (float) ((x * stride + offsetX) / imageWidth),
                  (float) (hw[0] / imageHeight),
                  (float) (hw[1] / imageWidth)
                });
          }
        }
      }
    }
    return out.toArray(new float[0][]);
  }
}
