package dev.detect.core.eval;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;

/** Tiny builders for evaluation tests: boxes in pixels, detections converted to normalized. */
final class EvalFixtures {
  private EvalFixtures() {}

  static ObjectAnnotation gt(String label, double xmin, double ymin, double xmax, double ymax) {
    return ObjectAnnotation.of(label, PixelBox.ofCorners(xmin, ymin, xmax, ymax));
  }

  static ObjectAnnotation difficult(
      String label, double xmin, double ymin, double xmax, double ymax) {
    return gt(label, xmin, ymin, xmax, ymax).withDifficult(true);
  }

  static ImageAnnotation image(String file, int width, int height, ObjectAnnotation... objects) {
    ImageAnnotation.Builder b = ImageAnnotation.builder(file, width, height);
    for (ObjectAnnotation o : objects) {
      b.addObject(o);
    }
    return b.build();
  }

  /** A detection given in pixels of a {@code width × height} image; id 0 (matched by name). */
  static Detection det(
      String label,
      double score,
      int width,
      int height,
      double xmin,
      double ymin,
      double xmax,
      double ymax) {
    return Detection.of(
        0,
        label,
        (float) score,
        PixelBox.ofCorners(xmin, ymin, xmax, ymax).toNormalized(width, height),
        width,
        height);
  }
}
