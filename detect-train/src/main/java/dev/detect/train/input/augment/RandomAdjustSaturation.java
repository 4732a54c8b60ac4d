package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_adjust_saturation}: {@code tf.image.adjust_saturation} with a factor drawn
 * uniformly from {@code [minDelta, maxDelta)}: the HSV saturation is multiplied by it and clipped
 * to [0, 1]. Boxes are unchanged.
 *
 * @param minDelta smallest factor (proto default 0.8)
 * @param maxDelta largest factor (proto default 1.25)
 */
public record RandomAdjustSaturation(double minDelta, double maxDelta) implements Augmentation {
  /** Validates the range. */
  public RandomAdjustSaturation {
    Rand.checkRange("saturation factor", minDelta, maxDelta);
    if (minDelta < 0) {
      throw new IllegalArgumentException("saturation factor must be >= 0, got " + minDelta);
    }
  }

  /** The proto defaults: [0.8, 1.25). */
  public static RandomAdjustSaturation defaults() {
    return new RandomAdjustSaturation(0.8, 1.25);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    ColorKernels.saturationHue(in.pixels(), Rand.uniform(rng, minDelta, maxDelta), 0f);
    return in;
  }
}
