package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_rgb_to_gray}: with the given probability replaces every pixel by its luma {@code
 * 0.2989 R + 0.5870 G + 0.1140 B} in all three channels. Boxes are unchanged.
 *
 * @param probability the chance of the change (proto default 0.1)
 */
public record RandomRgbToGray(double probability) implements Augmentation {
  /** Validates the probability. */
  public RandomRgbToGray {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.1. */
  public static RandomRgbToGray defaults() {
    return new RandomRgbToGray(0.1);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    // The OD API keeps the image when its draw is greater than the probability.
    if (!(rng.nextFloat() > probability)) {
      ColorKernels.gray(in.pixels());
    }
    return in;
  }
}
