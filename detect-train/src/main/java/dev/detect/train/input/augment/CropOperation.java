package dev.detect.train.input.augment;

/**
 * The parameters of one random crop: a {@code random_crop_image} step or one {@code operations}
 * entry of {@code ssd_random_crop}.
 *
 * @param minObjectCovered the crop must cover at least this fraction of at least one box (with no
 *     boxes, of the whole image)
 * @param minAspectRatio smallest crop width/height (in pixels)
 * @param maxAspectRatio largest crop width/height
 * @param minArea smallest crop area as a fraction of the image area, in (0, 1]
 * @param maxArea largest crop area as a fraction of the image area, in (0, 1]
 * @param overlapThresh a box is kept when at least this fraction of its area lies in the crop
 * @param clipBoxes whether kept boxes are clipped to the crop (when false they may extend outside
 *     [0, 1], as in the OD API)
 * @param randomCoef the chance of leaving the example uncropped
 */
public record CropOperation(
    double minObjectCovered,
    double minAspectRatio,
    double maxAspectRatio,
    double minArea,
    double maxArea,
    double overlapThresh,
    boolean clipBoxes,
    double randomCoef) {

  /** Validates the ranges. */
  public CropOperation {
    Rand.checkProbability("minObjectCovered", minObjectCovered);
    Rand.checkRange("aspect ratio", minAspectRatio, maxAspectRatio);
    Rand.checkRange("area", minArea, maxArea);
    if (!(minAspectRatio > 0)) {
      throw new IllegalArgumentException("minAspectRatio must be > 0, got " + minAspectRatio);
    }
    if (!(minArea > 0) || maxArea > 1) {
      throw new IllegalArgumentException(
          "area range must lie in (0, 1], got [" + minArea + ", " + maxArea + "]");
    }
    Rand.checkProbability("overlapThresh", overlapThresh);
    Rand.checkProbability("randomCoef", randomCoef);
  }

  /**
   * The {@code random_crop_image} defaults: min_object_covered 1.0, aspect ratio [0.75, 1.33], area
   * [0.1, 1.0], overlap_thresh 0.3, clip_boxes true, random_coef 0.0.
   */
  public static CropOperation randomCropImageDefaults() {
    return new CropOperation(1.0, 0.75, 1.33, 0.1, 1.0, 0.3, true, 0.0);
  }

  /** This operation with another {@code min_object_covered}. */
  public CropOperation withMinObjectCovered(double value) {
    return new CropOperation(
        value,
        minAspectRatio,
        maxAspectRatio,
        minArea,
        maxArea,
        overlapThresh,
        clipBoxes,
        randomCoef);
  }

  /** This operation with another {@code overlap_thresh}. */
  public CropOperation withOverlapThresh(double value) {
    return new CropOperation(
        minObjectCovered,
        minAspectRatio,
        maxAspectRatio,
        minArea,
        maxArea,
        value,
        clipBoxes,
        randomCoef);
  }

  /** This operation with another {@code random_coef}. */
  public CropOperation withRandomCoef(double value) {
    return new CropOperation(
        minObjectCovered,
        minAspectRatio,
        maxAspectRatio,
        minArea,
        maxArea,
        overlapThresh,
        clipBoxes,
        value);
  }
}
