package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_adjust_brightness}: adds a delta drawn uniformly from {@code [-maxDelta, maxDelta)}
 * to every value, then clips. As in the OD API, {@code maxDelta} is a fraction of the full range
 * (the OD API adds it to the image divided by 255), so our [0, 255] pixels move by {@code delta *
 * 255}. Boxes are unchanged.
 *
 * @param maxDelta largest change as a fraction of the range, in [0, 1] (proto default 0.2)
 */
public record RandomAdjustBrightness(double maxDelta) implements Augmentation {
  /** Validates the delta. */
  public RandomAdjustBrightness {
    Rand.checkProbability("maxDelta", maxDelta);
  }

  /** The proto defaults: max_delta 0.2. */
  public static RandomAdjustBrightness defaults() {
    return new RandomAdjustBrightness(0.2);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    ColorKernels.brightness(in.pixels(), Rand.uniform(rng, -maxDelta, maxDelta) * 255f);
    return in;
  }
}
