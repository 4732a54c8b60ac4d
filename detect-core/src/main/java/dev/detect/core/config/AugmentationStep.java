package dev.detect.core.config;

import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * One {@code data_augmentation_options { <step> { ... } }} entry (preprocessor.proto {@code
 * PreprocessingStep}), with the proto defaults for parameters not written. Steps detect does not
 * model are {@link Unknown} (and reported by {@link PipelineConfig#unsupportedFields}).
 *
 * <p>Probabilities are in [0, 1]; deltas and ratios are unitless factors of pixel values in [0, 1]
 * or of image sizes, as in {@code core/preprocessor.py}.
 */
public sealed interface AugmentationStep {
  /** The proto field name of the step, e.g. {@code random_horizontal_flip}. */
  String protoName();

  /**
   * {@code random_horizontal_flip}.
   *
   * @param probability of flipping (default 0.5)
   */
  record RandomHorizontalFlip(double probability) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomHorizontalFlip DEFAULT = new RandomHorizontalFlip(0.5);

    @Override
    public String protoName() {
      return "random_horizontal_flip";
    }
  }

  /**
   * {@code random_vertical_flip}.
   *
   * @param probability of flipping (default 0.5)
   */
  record RandomVerticalFlip(double probability) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomVerticalFlip DEFAULT = new RandomVerticalFlip(0.5);

    @Override
    public String protoName() {
      return "random_vertical_flip";
    }
  }

  /**
   * {@code random_rotation90}: rotate 90° counter-clockwise.
   *
   * @param probability of rotating (default 0.5)
   */
  record RandomRotation90(double probability) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomRotation90 DEFAULT = new RandomRotation90(0.5);

    @Override
    public String protoName() {
      return "random_rotation90";
    }
  }

  /**
   * One {@code ssd_random_crop.operations} entry (proto defaults 0, clip_boxes true).
   *
   * @param minObjectCovered the crop covers at least this fraction of one box
   * @param minAspectRatio crop aspect ratio range
   * @param maxAspectRatio crop aspect ratio range
   * @param minArea crop area range as a fraction of the image
   * @param maxArea crop area range
   * @param overlapThresh boxes overlapping the crop less than this are dropped
   * @param clipBoxes clip boxes to the crop
   * @param randomCoef probability of keeping the original image
   */
  record SsdCropOperation(
      double minObjectCovered,
      double minAspectRatio,
      double maxAspectRatio,
      double minArea,
      double maxArea,
      double overlapThresh,
      boolean clipBoxes,
      double randomCoef) {}

  /**
   * {@code ssd_random_crop}: one of the operations, chosen at random, per image.
   *
   * @param operations the operations; an empty list (as {@code ssd_random_crop { }} means) becomes
   *     {@link #DEFAULT_OPERATIONS}
   */
  record SsdRandomCrop(List<SsdCropOperation> operations) implements AugmentationStep {
    /**
     * The 7 operations {@code core/preprocessor.ssd_random_crop} uses when none are configured:
     * min_object_covered and overlap_thresh 0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0; aspect ratio
     * 0.5–2.0; area 0.1–1.0; random_coef 0.15; clip_boxes true.
     */
    public static final List<SsdCropOperation> DEFAULT_OPERATIONS = defaultOperations();

    /** The step with its defaults. */
    public static final SsdRandomCrop DEFAULT = new SsdRandomCrop(List.of());

    /** Copies the list; empty means the defaults. */
    public SsdRandomCrop {
      operations = operations.isEmpty() ? defaultOperations() : List.copyOf(operations);
    }

    private static List<SsdCropOperation> defaultOperations() {
      double[] covered = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};
      SsdCropOperation[] ops = new SsdCropOperation[covered.length];
      for (int i = 0; i < covered.length; i++) {
        ops[i] = new SsdCropOperation(covered[i], 0.5, 2.0, 0.1, 1.0, covered[i], true, 0.15);
      }
      return List.of(ops);
    }

    @Override
    public String protoName() {
      return "ssd_random_crop";
    }
  }

  /**
   * {@code random_crop_image}.
   *
   * @param minObjectCovered default 1.0
   * @param minAspectRatio default 0.75
   * @param maxAspectRatio default 1.33
   * @param minArea default 0.1
   * @param maxArea default 1.0
   * @param overlapThresh default 0.3
   * @param clipBoxes default true
   * @param randomCoef probability of keeping the original image (default 0.0)
   */
  record RandomCropImage(
      double minObjectCovered,
      double minAspectRatio,
      double maxAspectRatio,
      double minArea,
      double maxArea,
      double overlapThresh,
      boolean clipBoxes,
      double randomCoef)
      implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomCropImage DEFAULT =
        new RandomCropImage(1.0, 0.75, 1.33, 0.1, 1.0, 0.3, true, 0.0);

    @Override
    public String protoName() {
      return "random_crop_image";
    }
  }

  /**
   * {@code random_pad_image}: pads to a random size between min and max.
   *
   * @param minImageHeight in pixels; empty = the original height
   * @param minImageWidth in pixels; empty = the original width
   * @param maxImageHeight in pixels; empty = twice the original height
   * @param maxImageWidth in pixels; empty = twice the original width
   * @param padColor RGB in [0, 1]; empty = the image's mean color
   */
  record RandomPadImage(
      OptionalDouble minImageHeight,
      OptionalDouble minImageWidth,
      OptionalDouble maxImageHeight,
      OptionalDouble maxImageWidth,
      List<Double> padColor)
      implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomPadImage DEFAULT =
        new RandomPadImage(
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            OptionalDouble.empty(),
            List.of());

    /** Checks for nulls, copies the list. */
    public RandomPadImage {
      Objects.requireNonNull(minImageHeight, "minImageHeight");
      Objects.requireNonNull(minImageWidth, "minImageWidth");
      Objects.requireNonNull(maxImageHeight, "maxImageHeight");
      Objects.requireNonNull(maxImageWidth, "maxImageWidth");
      padColor = List.copyOf(padColor);
    }

    @Override
    public String protoName() {
      return "random_pad_image";
    }
  }

  /**
   * {@code random_adjust_brightness}: adds a delta in [−maxDelta, maxDelta].
   *
   * @param maxDelta default 0.2
   */
  record RandomAdjustBrightness(double maxDelta) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomAdjustBrightness DEFAULT = new RandomAdjustBrightness(0.2);

    @Override
    public String protoName() {
      return "random_adjust_brightness";
    }
  }

  /**
   * {@code random_adjust_contrast}: scales contrast by a factor in [minDelta, maxDelta].
   *
   * @param minDelta default 0.8
   * @param maxDelta default 1.25
   */
  record RandomAdjustContrast(double minDelta, double maxDelta) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomAdjustContrast DEFAULT = new RandomAdjustContrast(0.8, 1.25);

    @Override
    public String protoName() {
      return "random_adjust_contrast";
    }
  }

  /**
   * {@code random_adjust_saturation}: scales saturation by a factor in [minDelta, maxDelta].
   *
   * @param minDelta default 0.8
   * @param maxDelta default 1.25
   */
  record RandomAdjustSaturation(double minDelta, double maxDelta) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomAdjustSaturation DEFAULT = new RandomAdjustSaturation(0.8, 1.25);

    @Override
    public String protoName() {
      return "random_adjust_saturation";
    }
  }

  /**
   * {@code random_adjust_hue}: shifts hue by up to maxDelta (fraction of the hue circle).
   *
   * @param maxDelta default 0.02
   */
  record RandomAdjustHue(double maxDelta) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomAdjustHue DEFAULT = new RandomAdjustHue(0.02);

    @Override
    public String protoName() {
      return "random_adjust_hue";
    }
  }

  /**
   * {@code random_distort_color}: brightness, saturation, hue, contrast in one of two orders.
   *
   * @param colorOrdering 0 or 1 (default 0)
   */
  record RandomDistortColor(int colorOrdering) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomDistortColor DEFAULT = new RandomDistortColor(0);

    @Override
    public String protoName() {
      return "random_distort_color";
    }
  }

  /**
   * {@code random_image_scale}: rescales the image keeping its aspect ratio.
   *
   * @param minScaleRatio default 0.5
   * @param maxScaleRatio default 2.0
   */
  record RandomImageScale(double minScaleRatio, double maxScaleRatio) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomImageScale DEFAULT = new RandomImageScale(0.5, 2.0);

    @Override
    public String protoName() {
      return "random_image_scale";
    }
  }

  /** {@code RandomJitterBoxes.JitterMode}. */
  enum JitterMode {
    /** Each corner moves independently (the default). */
    DEFAULT,
    /** Boxes only grow. */
    EXPAND,
    /** Boxes only shrink. */
    SHRINK,
    /** Grow symmetrically. */
    EXPAND_SYMMETRIC,
    /** Shrink symmetrically. */
    SHRINK_SYMMETRIC,
    /** Grow symmetrically, x and y by the same factor. */
    EXPAND_SYMMETRIC_XY,
    /** Shrink symmetrically, x and y by the same factor. */
    SHRINK_SYMMETRIC_XY
  }

  /**
   * {@code random_jitter_boxes}: moves box corners by up to ratio × the box size.
   *
   * @param ratio default 0.05
   * @param jitterMode default DEFAULT
   */
  record RandomJitterBoxes(double ratio, JitterMode jitterMode) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomJitterBoxes DEFAULT = new RandomJitterBoxes(0.05, JitterMode.DEFAULT);

    /** Checks for nulls. */
    public RandomJitterBoxes {
      Objects.requireNonNull(jitterMode, "jitterMode");
    }

    @Override
    public String protoName() {
      return "random_jitter_boxes";
    }
  }

  /**
   * {@code random_black_patches}.
   *
   * @param maxBlackPatches default 10
   * @param probability of each patch (default 0.5)
   * @param sizeToImageRatio patch side / min image side (default 0.1)
   */
  record RandomBlackPatches(int maxBlackPatches, double probability, double sizeToImageRatio)
      implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomBlackPatches DEFAULT = new RandomBlackPatches(10, 0.5, 0.1);

    @Override
    public String protoName() {
      return "random_black_patches";
    }
  }

  /**
   * {@code random_rgb_to_gray}.
   *
   * @param probability default 0.1
   */
  record RandomRgbToGray(double probability) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomRgbToGray DEFAULT = new RandomRgbToGray(0.1);

    @Override
    public String protoName() {
      return "random_rgb_to_gray";
    }
  }

  /**
   * {@code random_pixel_value_scale}: multiplies each pixel by a factor in [minval, maxval].
   *
   * @param minval default 0.9
   * @param maxval default 1.1
   */
  record RandomPixelValueScale(double minval, double maxval) implements AugmentationStep {
    /** The step with its defaults. */
    public static final RandomPixelValueScale DEFAULT = new RandomPixelValueScale(0.9, 1.1);

    @Override
    public String protoName() {
      return "random_pixel_value_scale";
    }
  }

  /**
   * A step detect does not model; its parameters stay in the text.
   *
   * @param protoName the step's field name, e.g. {@code random_jpeg_quality}
   */
  record Unknown(String protoName) implements AugmentationStep {
    /** Checks for nulls. */
    public Unknown {
      Objects.requireNonNull(protoName, "protoName");
    }
  }
}
