package dev.detect.core.annotation;

import dev.detect.core.box.PixelBox;
import java.util.Objects;

/**
 * One labelled box on an image, as a labelImg {@code <object>} describes it.
 *
 * @param label the class name exactly as annotated (case-sensitive, never blank)
 * @param box the box in pixels of the image
 * @param difficult the PASCAL VOC {@code difficult} flag (ignored by VOC evaluation)
 * @param truncated the PASCAL VOC {@code truncated} flag
 * @param pose the PASCAL VOC {@code pose} (labelImg writes {@code Unspecified})
 */
public record ObjectAnnotation(
    String label, PixelBox box, boolean difficult, boolean truncated, String pose) {

  /** The pose labelImg writes when none is given. */
  public static final String UNSPECIFIED_POSE = "Unspecified";

  /** Validates the label and box. */
  public ObjectAnnotation {
    Objects.requireNonNull(label, "label");
    Objects.requireNonNull(box, "box");
    Objects.requireNonNull(pose, "pose");
    if (label.isBlank()) {
      throw new IllegalArgumentException("label must not be blank");
    }
  }

  /** An object with the given label and box, not difficult, not truncated, pose unspecified. */
  public static ObjectAnnotation of(String label, PixelBox box) {
    return new ObjectAnnotation(label, box, false, false, UNSPECIFIED_POSE);
  }

  /** A copy with another label. */
  public ObjectAnnotation withLabel(String newLabel) {
    return new ObjectAnnotation(newLabel, box, difficult, truncated, pose);
  }

  /** A copy with another box. */
  public ObjectAnnotation withBox(PixelBox newBox) {
    return new ObjectAnnotation(label, newBox, difficult, truncated, pose);
  }

  /** A copy with another difficult flag. */
  public ObjectAnnotation withDifficult(boolean newDifficult) {
    return new ObjectAnnotation(label, box, newDifficult, truncated, pose);
  }

  /** A copy with another truncated flag. */
  public ObjectAnnotation withTruncated(boolean newTruncated) {
    return new ObjectAnnotation(label, box, difficult, newTruncated, pose);
  }
}
