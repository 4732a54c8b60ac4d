package dev.detect.core.box;

/**
 * An axis-aligned box in coordinates normalized by the image size, in the TensorFlow Object
 * Detection API order {@code ymin, xmin, ymax, xmax}: {@code (0, 0)} is the top-left and {@code (1,
 * 1)} the bottom-right corner of the image.
 *
 * <p>Any finite values are accepted; {@link #isValid()} says whether the box has positive area
 * inside the unit square.
 *
 * @param ymin top edge, fraction of the image height
 * @param xmin left edge, fraction of the image width
 * @param ymax bottom edge, fraction of the image height
 * @param xmax right edge, fraction of the image width
 */
public record NormalizedBox(double ymin, double xmin, double ymax, double xmax) {

  /** Validates that every coordinate is finite. */
  public NormalizedBox {
    PixelBox.requireFinite("ymin", ymin);
    PixelBox.requireFinite("xmin", xmin);
    PixelBox.requireFinite("ymax", ymax);
    PixelBox.requireFinite("xmax", xmax);
  }

  /**
   * A box from normalized coordinates in the OD API order {@code ymin, xmin, ymax, xmax} (the order
   * of {@code detection_boxes} and of this record's components; {@link PixelBox#ofCorners(double,
   * double, double, double)} takes {@code xmin, ymin, xmax, ymax}, as the name of each factory
   * says).
   */
  public static NormalizedBox ofYxyx(double ymin, double xmin, double ymax, double xmax) {
    return new NormalizedBox(ymin, xmin, ymax, xmax);
  }

  /** A box from its normalized centre and size (the YOLO {@code cx cy w h} form). */
  public static NormalizedBox ofCenter(double cx, double cy, double width, double height) {
    return new NormalizedBox(cy - height / 2, cx - width / 2, cy + height / 2, cx + width / 2);
  }

  /** Width as a fraction of the image width. */
  public double width() {
    return xmax - xmin;
  }

  /** Height as a fraction of the image height. */
  public double height() {
    return ymax - ymin;
  }

  /** Area as a fraction of the image area, 0 for an empty or inverted box. */
  public double area() {
    return Math.max(0, width()) * Math.max(0, height());
  }

  /** True when the box has positive area and lies inside {@code [0, 1]²}. */
  public boolean isValid() {
    return xmin < xmax && ymin < ymax && xmin >= 0 && ymin >= 0 && xmax <= 1 && ymax <= 1;
  }

  /** This box clipped to the unit square. */
  public NormalizedBox clip() {
    return new NormalizedBox(
        PixelBox.clamp(ymin, 0, 1),
        PixelBox.clamp(xmin, 0, 1),
        PixelBox.clamp(ymax, 0, 1),
        PixelBox.clamp(xmax, 0, 1));
  }

  /** This box in pixels of a {@code width × height} image. */
  public PixelBox toPixels(double imageWidth, double imageHeight) {
    return new PixelBox(
        xmin * imageWidth, ymin * imageHeight, xmax * imageWidth, ymax * imageHeight);
  }

  /** Intersection over union with {@code other}; 0 when either box is empty. */
  public double iou(NormalizedBox other) {
    return toPixels(1, 1).iou(other.toPixels(1, 1));
  }
}
