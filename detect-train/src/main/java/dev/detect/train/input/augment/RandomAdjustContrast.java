package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_adjust_contrast}: {@code tf.image.adjust_contrast} with a factor drawn uniformly
 * from {@code [minDelta, maxDelta)}: each channel moves away from (or towards) its mean over the
 * image, {@code (x - mean) * factor + mean}, then clips. Boxes are unchanged.
 *
 * @param minDelta smallest factor (proto default 0.8)
 * @param maxDelta largest factor (proto default 1.25)
 */
public record RandomAdjustContrast(double minDelta, double maxDelta) implements Augmentation {
  /** Validates the range. */
  public RandomAdjustContrast {
    Rand.checkRange("contrast factor", minDelta, maxDelta);
  }

  /** The proto defaults: [0.8, 1.25). */
  public static RandomAdjustContrast defaults() {
    return new RandomAdjustContrast(0.8, 1.25);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    ColorKernels.contrast(in.pixels(), Rand.uniform(rng, minDelta, maxDelta));
    return in;
  }
}
