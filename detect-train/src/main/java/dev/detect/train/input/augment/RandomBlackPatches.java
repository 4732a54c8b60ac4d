package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.Arrays;
import java.util.random.RandomGenerator;

/**
 * {@code random_black_patches}: up to {@code maxBlackPatches} times, with the given probability
 * each, blacks out a square of side {@code (int) (sizeToImageRatio * min(H, W))} pixels whose
 * top-left corner is drawn uniformly from {@code [0, 1 - sizeToImageRatio)} of the image size.
 * Boxes are unchanged.
 *
 * @param maxBlackPatches the number of tries (proto default 10)
 * @param probability the chance of a patch at each try (proto default 0.5)
 * @param sizeToImageRatio the patch side over the image's shorter side (proto default 0.1)
 */
public record RandomBlackPatches(int maxBlackPatches, double probability, double sizeToImageRatio)
    implements Augmentation {
  /** Validates the parameters. */
  public RandomBlackPatches {
    if (maxBlackPatches < 0) {
      throw new IllegalArgumentException("maxBlackPatches must be >= 0, got " + maxBlackPatches);
    }
    Rand.checkProbability("probability", probability);
    if (!(sizeToImageRatio >= 0 && sizeToImageRatio < 1)) {
      throw new IllegalArgumentException(
          "sizeToImageRatio must be in [0, 1), got " + sizeToImageRatio);
    }
  }

  /** The proto defaults: 10 tries, probability 0.5, ratio 0.1. */
  public static RandomBlackPatches defaults() {
    return new RandomBlackPatches(10, 0.5, 0.1);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    int h = in.height();
    int w = in.width();
    int side = (int) (Math.min(h, w) * sizeToImageRatio);
    float[] p = in.pixels();
    for (int i = 0; i < maxBlackPatches; i++) {
      // The OD API adds a patch unless its draw is greater than the probability.
      if (rng.nextFloat() > probability) {
        continue;
      }
      int y0 = (int) (Rand.uniform(rng, 0, 1 - sizeToImageRatio) * h);
      int x0 = (int) (Rand.uniform(rng, 0, 1 - sizeToImageRatio) * w);
      int y1 = Math.min(h, y0 + side);
      int x1 = Math.min(w, x0 + side);
      for (int y = y0; y < y1; y++) {
        Arrays.fill(p, (y * w + x0) * 3, (y * w + x1) * 3, 0f);
      }
    }
    return in;
  }
}
