package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.Resize;
import java.util.random.RandomGenerator;

/**
 * {@code random_image_scale}: resizes the image by a factor drawn uniformly from {@code
 * [minScaleRatio, maxScaleRatio)} (new size {@code (int) (size * factor)}, at least 1), bilinear
 * with aligned corners as the OD API does. Boxes are unchanged (they are normalized).
 *
 * @param minScaleRatio smallest factor (proto default 0.5)
 * @param maxScaleRatio largest factor (proto default 2.0)
 */
public record RandomImageScale(double minScaleRatio, double maxScaleRatio) implements Augmentation {
  /** Validates the range. */
  public RandomImageScale {
    Rand.checkRange("scale ratio", minScaleRatio, maxScaleRatio);
    if (!(minScaleRatio > 0)) {
      throw new IllegalArgumentException("minScaleRatio must be > 0, got " + minScaleRatio);
    }
  }

  /** The proto defaults: [0.5, 2.0). */
  public static RandomImageScale defaults() {
    return new RandomImageScale(0.5, 2.0);
  }

  /** True: {@inheritDoc} (resizes into a new array) */
  @Override
  public boolean leavesInputUnchanged() {
    return true;
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    float f = Rand.uniform(rng, minScaleRatio, maxScaleRatio);
    int h = Math.max(1, (int) (in.height() * f));
    int w = Math.max(1, (int) (in.width() * f));
    return Resize.bilinear(in, h, w, Resize.Convention.ALIGN_CORNERS);
  }
}
