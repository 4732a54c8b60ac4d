package dev.detect.train.input.augment;

import java.util.List;
import java.util.random.RandomGenerator;

/**
 * {@code ssd_random_crop}: picks one of its operations uniformly at random and applies it as {@link
 * RandomCropImage} does (the SSD paper's sampling).
 *
 * @param operations the operations; {@link #defaults()} has the 7 of {@code
 *     core/preprocessor.ssd_random_crop}
 */
public record SsdRandomCrop(List<CropOperation> operations) implements GeometricAugmentation {
  private static final double[] DEFAULT_COVERED = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};

  /** Copies the list; it must not be empty. */
  public SsdRandomCrop {
    operations = List.copyOf(operations);
    if (operations.isEmpty()) {
      throw new IllegalArgumentException(
          "ssd_random_crop needs at least one operation; use SsdRandomCrop.defaults()");
    }
  }

  /**
   * The OD API defaults used when a config lists no operations: min_object_covered and
   * overlap_thresh each (0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0), aspect ratio [0.5, 2.0], area [0.1,
   * 1.0], clip_boxes true, random_coef 0.15.
   */
  public static SsdRandomCrop defaults() {
    CropOperation[] ops = new CropOperation[DEFAULT_COVERED.length];
    for (int i = 0; i < ops.length; i++) {
      double v = DEFAULT_COVERED[i];
      ops[i] = new CropOperation(v, 0.5, 2.0, 0.1, 1.0, v, true, 0.15);
    }
    return new SsdRandomCrop(List.of(ops));
  }

  @Override
  public Geometry plan(Geometry.Layout in, RandomGenerator rng) {
    CropOperation op = operations.get(rng.nextInt(operations.size()));
    return RandomCropImage.crop(in, op, rng);
  }
}
