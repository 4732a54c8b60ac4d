package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_distort_color}: the OD API's fixed sequences of colour changes, each clipped to [0,
 * 255]: brightness (max delta 32/255), saturation [0.5, 1.5), hue (max delta 0.2) and contrast
 * [0.5, 1.5). Ordering 0 is brightness, saturation, hue, contrast; ordering 1 is brightness,
 * contrast, saturation, hue. Runs in two passes over the pixels. Boxes are unchanged.
 *
 * @param colorOrdering 0 or 1 (proto default 0)
 */
public record RandomDistortColor(int colorOrdering) implements Augmentation {
  static final float BRIGHTNESS = 32f / 255f;

  /** Validates the ordering. */
  public RandomDistortColor {
    if (colorOrdering != 0 && colorOrdering != 1) {
      throw new IllegalArgumentException("color_ordering must be 0 or 1, got " + colorOrdering);
    }
  }

  /** The proto defaults: color_ordering 0. */
  public static RandomDistortColor defaults() {
    return new RandomDistortColor(0);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    float brightness = Rand.uniform(rng, -BRIGHTNESS, BRIGHTNESS) * 255f;
    float[] p = in.pixels();
    if (colorOrdering == 0) {
      float sat = Rand.uniform(rng, 0.5, 1.5);
      float hue = Rand.uniform(rng, -0.2, 0.2);
      float contrast = Rand.uniform(rng, 0.5, 1.5);
      for (int i = 0; i < p.length; i += 3) {
        p[i] = Rand.clamp255(p[i] + brightness);
        p[i + 1] = Rand.clamp255(p[i + 1] + brightness);
        p[i + 2] = Rand.clamp255(p[i + 2] + brightness);
        ColorKernels.saturationHue(p, i, sat, hue);
      }
      ColorKernels.contrast(p, contrast);
    } else {
      float contrast = Rand.uniform(rng, 0.5, 1.5);
      float sat = Rand.uniform(rng, 0.5, 1.5);
      float hue = Rand.uniform(rng, -0.2, 0.2);
      float[] means = ColorKernels.brightnessAndMeans(p, brightness);
      float mr = means[0];
      float mg = means[1];
      float mb = means[2];
      for (int i = 0; i < p.length; i += 3) {
        p[i] = Rand.clamp255((p[i] - mr) * contrast + mr);
        p[i + 1] = Rand.clamp255((p[i + 1] - mg) * contrast + mg);
        p[i + 2] = Rand.clamp255((p[i + 2] - mb) * contrast + mb);
        ColorKernels.saturationHue(p, i, sat, hue);
      }
    }
    return in;
  }
}
