package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_adjust_hue}: {@code tf.image.adjust_hue} with a delta drawn uniformly from {@code
 * [-maxDelta, maxDelta)}, a fraction of the colour circle (0.5 turns red into cyan). Boxes are
 * unchanged.
 *
 * @param maxDelta largest hue shift, in [0, 0.5] (proto default 0.02)
 */
public record RandomAdjustHue(double maxDelta) implements Augmentation {
  /** Validates the delta. */
  public RandomAdjustHue {
    if (!(maxDelta >= 0 && maxDelta <= 0.5)) {
      throw new IllegalArgumentException("maxDelta must be in [0, 0.5], got " + maxDelta);
    }
  }

  /** The proto defaults: max_delta 0.02. */
  public static RandomAdjustHue defaults() {
    return new RandomAdjustHue(0.02);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    ColorKernels.saturationHue(in.pixels(), 1f, Rand.uniform(rng, -maxDelta, maxDelta));
    return in;
  }
}
