package dev.detect.core.box;

/**
 * An axis-aligned box in pixel coordinates of an image: {@code xmin, ymin} is the top-left and
 * {@code xmax, ymax} the bottom-right corner, as continuous pixel-edge coordinates (a box covering
 * the whole W×H image is {@code (0, 0, W, H)}).
 *
 * <p>Any finite values are accepted so that bad annotations can be represented and reported by
 * validation instead of being silently fixed: a <em>valid</em> box has {@code xmin < xmax}, {@code
 * ymin < ymax} and lies inside the image (see {@link #isValidWithin(double, double)}).
 *
 * @param xmin left edge in pixels
 * @param ymin top edge in pixels
 * @param xmax right edge in pixels
 * @param ymax bottom edge in pixels
 */
public record PixelBox(double xmin, double ymin, double xmax, double ymax) {

  /** Validates that every coordinate is finite. */
  public PixelBox {
    requireFinite("xmin", xmin);
    requireFinite("ymin", ymin);
    requireFinite("xmax", xmax);
    requireFinite("ymax", ymax);
  }

  /** A box from its corners in pixels: {@code (xmin, ymin)} top-left, {@code (xmax, ymax)}. */
  public static PixelBox ofCorners(double xmin, double ymin, double xmax, double ymax) {
    return new PixelBox(xmin, ymin, xmax, ymax);
  }

  /** A box from its top-left corner and size in pixels (the COCO {@code [x, y, w, h]} form). */
  public static PixelBox ofXywh(double x, double y, double width, double height) {
    return new PixelBox(x, y, x + width, y + height);
  }

  /** A box from its centre and size in pixels. */
  public static PixelBox ofCenter(double cx, double cy, double width, double height) {
    return new PixelBox(cx - width / 2, cy - height / 2, cx + width / 2, cy + height / 2);
  }

  /** Width in pixels ({@code xmax - xmin}; negative for an inverted box). */
  public double width() {
    return xmax - xmin;
  }

  /** Height in pixels ({@code ymax - ymin}; negative for an inverted box). */
  public double height() {
    return ymax - ymin;
  }

  /** Area in square pixels, 0 for an empty or inverted box. */
  public double area() {
    return Math.max(0, width()) * Math.max(0, height());
  }

  /** X of the centre in pixels. */
  public double centerX() {
    return (xmin + xmax) / 2;
  }

  /** Y of the centre in pixels. */
  public double centerY() {
    return (ymin + ymax) / 2;
  }

  /** True when {@code xmin < xmax} and {@code ymin < ymax}. */
  public boolean hasPositiveArea() {
    return xmin < xmax && ymin < ymax;
  }

  /** True when the box lies within {@code [0, width] × [0, height]} (edges included). */
  public boolean isInside(double imageWidth, double imageHeight) {
    return xmin >= 0 && ymin >= 0 && xmax <= imageWidth && ymax <= imageHeight;
  }

  /** True when the box has positive area and lies inside a {@code width × height} image. */
  public boolean isValidWithin(double imageWidth, double imageHeight) {
    return hasPositiveArea() && isInside(imageWidth, imageHeight);
  }

  /** This box clipped to {@code [0, width] × [0, height]}; the result may be empty. */
  public PixelBox clipTo(double imageWidth, double imageHeight) {
    return new PixelBox(
        clamp(xmin, 0, imageWidth),
        clamp(ymin, 0, imageHeight),
        clamp(xmax, 0, imageWidth),
        clamp(ymax, 0, imageHeight));
  }

  /**
   * This box divided by the image size: {@code xmin / width} etc., in the OD API order. No clipping
   * is done; the result of a box outside the image lies outside {@code [0, 1]}.
   *
   * @throws IllegalArgumentException when the image size is not positive
   */
  public NormalizedBox toNormalized(double imageWidth, double imageHeight) {
    if (!(imageWidth > 0) || !(imageHeight > 0)) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + imageWidth + "x" + imageHeight);
    }
    return new NormalizedBox(
        ymin / imageHeight, xmin / imageWidth, ymax / imageHeight, xmax / imageWidth);
  }

  /** Intersection over union with {@code other}; 0 when either box is empty. */
  public double iou(PixelBox other) {
    double iw = Math.min(xmax, other.xmax) - Math.max(xmin, other.xmin);
    double ih = Math.min(ymax, other.ymax) - Math.max(ymin, other.ymin);
    if (iw <= 0 || ih <= 0) {
      return 0;
    }
    double inter = iw * ih;
    double union = area() + other.area() - inter;
    return union > 0 ? inter / union : 0;
  }

  static double clamp(double v, double lo, double hi) {
    return Math.max(lo, Math.min(hi, v));
  }

  static void requireFinite(String name, double v) {
    if (!Double.isFinite(v)) {
      throw new IllegalArgumentException(name + " must be finite, got " + v);
    }
  }
}
