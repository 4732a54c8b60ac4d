package dev.detect.core.annotation;

import dev.detect.core.annotation.ValidationIssue.Severity;
import dev.detect.core.box.PixelBox;
import java.util.List;

/** Box-level checks shared by {@link AnnotationSet#validateBoxes()} and dataset validators. */
final class BoxCheck {
  private BoxCheck() {}

  static void check(
      ImageAnnotation image, int index, ObjectAnnotation object, List<ValidationIssue> out) {
    PixelBox b = object.box();
    String where =
        "object "
            + index
            + " '"
            + object.label()
            + "' box (xmin="
            + fmt(b.xmin())
            + ", ymin="
            + fmt(b.ymin())
            + ", xmax="
            + fmt(b.xmax())
            + ", ymax="
            + fmt(b.ymax())
            + ")";
    if (b.xmin() > b.xmax() || b.ymin() > b.ymax()) {
      out.add(
          new ValidationIssue(
              Severity.ERROR,
              "box-inverted",
              image.fileName(),
              index,
              where + " is inverted: min must be below max; swap the coordinates"));
    } else if (!b.hasPositiveArea()) {
      out.add(
          new ValidationIssue(
              Severity.ERROR,
              "box-zero-area",
              image.fileName(),
              index,
              where + " has zero width or height; delete or redraw it"));
    }
    if (!b.isInside(image.width(), image.height())) {
      out.add(
          new ValidationIssue(
              Severity.ERROR,
              "box-outside-image",
              image.fileName(),
              index,
              where
                  + " lies outside the "
                  + image.width()
                  + "x"
                  + image.height()
                  + " image; check the image size and EXIF orientation, or clip the box"));
    }
  }

  static String fmt(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
