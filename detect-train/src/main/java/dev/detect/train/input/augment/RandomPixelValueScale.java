package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * {@code random_pixel_value_scale}: multiplies every value (each channel of each pixel separately)
 * by its own factor drawn uniformly from {@code [minval, maxval)}, then clips. Boxes are unchanged.
 * The per-value factors come from a fast generator seeded by one draw from the given generator.
 *
 * @param minval smallest factor (proto default 0.9)
 * @param maxval largest factor (proto default 1.1)
 */
public record RandomPixelValueScale(double minval, double maxval) implements Augmentation {
  /** Validates the range. */
  public RandomPixelValueScale {
    Rand.checkRange("pixel value scale", minval, maxval);
  }

  /** The proto defaults: [0.9, 1.1). */
  public static RandomPixelValueScale defaults() {
    return new RandomPixelValueScale(0.9, 1.1);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    SplittableRandom fast = new SplittableRandom(rng.nextLong());
    float[] p = in.pixels();
    float min = (float) minval;
    float span = (float) (maxval - minval);
    for (int i = 0; i < p.length; i++) {
      p[i] = Rand.clamp255(p[i] * (min + span * fast.nextFloat()));
    }
    return in;
  }
}
