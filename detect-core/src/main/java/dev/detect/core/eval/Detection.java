package dev.detect.core.eval;

import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import java.util.Objects;

/**
 * One detected object as a detector reports it: a class, a confidence score and a box normalized by
 * the image size (the OD API {@code detection_boxes}, {@code detection_scores}, {@code
 * detection_classes} of one row).
 *
 * @param labelId the class id, 1-based as in the label map; 0 when unknown (the name is used)
 * @param labelName the class name (label map {@code name} or {@code display_name}); may be empty
 *     when the id alone identifies the class in a label map
 * @param score the confidence score, usually in {@code [0, 1]}; finite
 * @param box the box normalized by the image size, {@code ymin, xmin, ymax, xmax}
 * @param imageWidth width of the image the detection was made on, in pixels (positive)
 * @param imageHeight height of that image in pixels (positive)
 */
public record Detection(
    int labelId,
    String labelName,
    float score,
    NormalizedBox box,
    int imageWidth,
    int imageHeight) {

  /** Validates the values. */
  public Detection {
    Objects.requireNonNull(labelName, "labelName");
    Objects.requireNonNull(box, "box");
    if (labelId < 0) {
      throw new IllegalArgumentException(
          "labelId must be >= 0 (1-based, 0 = unknown), got " + labelId);
    }
    if (!Float.isFinite(score)) {
      throw new IllegalArgumentException("score must be finite, got " + score);
    }
    if (imageWidth <= 0 || imageHeight <= 0) {
      throw new IllegalArgumentException(
          "the image size must be positive, got " + imageWidth + "x" + imageHeight);
    }
  }

  /** A detection on an image of {@code imageWidth × imageHeight} pixels. */
  public static Detection of(
      int labelId,
      String labelName,
      float score,
      NormalizedBox box,
      int imageWidth,
      int imageHeight) {
    return new Detection(labelId, labelName, score, box, imageWidth, imageHeight);
  }

  /**
   * The box in pixels of the image it was detected on ({@code xmin, ymin, xmax, ymax}; {@code xmin
   * = box.xmin() * imageWidth}, …).
   */
  public PixelBox pixelBox() {
    return box.toPixels(imageWidth, imageHeight);
  }

  /**
   * The box in pixels of a {@code width × height} image ({@code xmin * width}, …), as the OD API
   * converts detections to absolute coordinates for evaluation.
   *
   * @throws IllegalArgumentException when the size is not positive
   */
  public PixelBox pixelBox(int width, int height) {
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
    return box.toPixels(width, height);
  }
}
