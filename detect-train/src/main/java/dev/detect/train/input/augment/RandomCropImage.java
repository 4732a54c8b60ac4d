package dev.detect.train.input.augment;

import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * {@code random_crop_image}: crops a random window chosen by {@link CropOperation}'s constraints
 * (TensorFlow's {@code sample_distorted_bounding_box}, up to 100 tries, else the whole image), with
 * chance {@code randomCoef} of leaving the example as it is. Objects with less than {@code
 * overlapThresh} of their area in the window are removed with their classes and weights; the rest
 * are re-expressed in the window's frame (and clipped to it when {@code clipBoxes}).
 *
 * @param operation the crop parameters
 */
public record RandomCropImage(CropOperation operation) implements GeometricAugmentation {
  /** Checks for null. */
  public RandomCropImage {
    Objects.requireNonNull(operation, "operation");
  }

  /** The proto defaults ({@link CropOperation#randomCropImageDefaults()}). */
  public static RandomCropImage defaults() {
    return new RandomCropImage(CropOperation.randomCropImageDefaults());
  }

  @Override
  public Geometry plan(Geometry.Layout in, RandomGenerator rng) {
    return crop(in, operation, rng);
  }

  static Geometry crop(Geometry.Layout in, CropOperation op, RandomGenerator rng) {
    // The OD API skips the draw entirely when random_coef is 0.
    if (op.randomCoef() > 0 && !(rng.nextFloat() > op.randomCoef())) {
      return Geometry.identity(in);
    }
    int[] c = CropWindowSampler.sample(in.height(), in.width(), in.boxes(), op, rng);
    return BoxOps.crop(in, c[0], c[1], c[2], c[3], (float) op.overlapThresh(), op.clipBoxes());
  }
}
