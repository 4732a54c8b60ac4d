package dev.detect.core.eval;

import java.util.List;
import java.util.Objects;

/**
 * The detections of one image, identified by the same file name as its ground truth in the {@link
 * dev.detect.core.annotation.AnnotationSet}.
 *
 * @param fileName the image file name, as {@link
 *     dev.detect.core.annotation.ImageAnnotation#fileName()}
 * @param detections the detections in any order (the evaluator sorts by score); may be empty
 */
public record ImageDetections(String fileName, List<Detection> detections) {

  /** Validates and copies the values. */
  public ImageDetections {
    Objects.requireNonNull(fileName, "fileName");
    if (fileName.isBlank()) {
      throw new IllegalArgumentException("fileName must not be blank");
    }
    detections = List.copyOf(detections);
  }

  /** The detections of image {@code fileName}. */
  public static ImageDetections of(String fileName, List<Detection> detections) {
    return new ImageDetections(fileName, detections);
  }
}
