package dev.detect.train.input;

import java.util.Objects;

/**
 * One training example on its way through the input pipeline: an RGB image and its objects.
 *
 * <p>Pixels are {@code float} RGB in HWC order (row by row, three values per pixel, {@code index =
 * (y * width + x) * 3 + channel}), with values in {@code [0, 255]} (the model normalizes inside its
 * graph). Boxes are normalized {@code [ymin, xmin, ymax, xmax]} (the OD API order) relative to this
 * image's size, usually in {@code [0, 1]}. Classes are 1-based label map ids; weights are per
 * object (1 by default). An example may have no objects (a negative image).
 *
 * <p><b>Ownership.</b> To keep a 640×480 image (a million floats) from being copied at every step,
 * the arrays given to the factory methods are not copied and the accessors return them as they are.
 * Treat them as read-only, with one exception: an {@link
 * dev.detect.train.input.augment.Augmentation} takes over the arrays of the example it is given and
 * may modify them in place for its result, so an example passed to {@code apply} must not be used
 * afterwards (copy it first with {@link #copy()} when you need both).
 */
public final class ImageBoxes {
  private static final float[][] NO_BOXES = new float[0][];
  private static final int[] NO_CLASSES = new int[0];
  private static final float[] NO_WEIGHTS = new float[0];

  private final float[] pixels;
  private final int height;
  private final int width;
  private final float[][] boxes;
  private final int[] classes;
  private final float[] weights;
  private final String source;

  private ImageBoxes(
      float[] pixels,
      int height,
      int width,
      float[][] boxes,
      int[] classes,
      float[] weights,
      String source) {
    Objects.requireNonNull(pixels, "pixels");
    Objects.requireNonNull(boxes, "boxes");
    Objects.requireNonNull(classes, "classes");
    Objects.requireNonNull(weights, "weights");
    this.source = Objects.requireNonNull(source, "source");
    if (height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + height + "x" + width);
    }
    if (pixels.length != height * width * 3) {
      throw new IllegalArgumentException(
          "pixels must hold height*width*3 = "
              + (height * width * 3)
              + " values for "
              + height
              + "x"
              + width
              + ", got "
              + pixels.length);
    }
    if (classes.length != boxes.length || weights.length != boxes.length) {
      throw new IllegalArgumentException(
          "need one class and one weight per box: "
              + boxes.length
              + " boxes, "
              + classes.length
              + " classes, "
              + weights.length
              + " weights");
    }
    for (int i = 0; i < boxes.length; i++) {
      if (boxes[i] == null || boxes[i].length != 4) {
        throw new IllegalArgumentException("box " + i + " must be [ymin, xmin, ymax, xmax]");
      }
    }
    this.pixels = pixels;
    this.height = height;
    this.width = width;
    this.boxes = boxes;
    this.classes = classes;
    this.weights = weights;
  }

  /**
   * An example (arrays not copied; see the class comment).
   *
   * @param pixels RGB HWC floats in [0, 255], {@code height * width * 3} of them
   * @param height image height in pixels
   * @param width image width in pixels
   * @param boxes one normalized {@code [ymin, xmin, ymax, xmax]} per object
   * @param classes 1-based label id per object
   * @param weights weight per object
   * @param source where the example came from (for messages), e.g. {@code train.record#12}
   */
  public static ImageBoxes of(
      float[] pixels,
      int height,
      int width,
      float[][] boxes,
      int[] classes,
      float[] weights,
      String source) {
    return new ImageBoxes(pixels, height, width, boxes, classes, weights, source);
  }

  /** An example with no objects (a negative image), arrays not copied. */
  public static ImageBoxes ofImage(float[] pixels, int height, int width, String source) {
    return new ImageBoxes(pixels, height, width, NO_BOXES, NO_CLASSES, NO_WEIGHTS, source);
  }

  /** This example with other pixels (and size); the objects are kept (boxes are normalized). */
  public ImageBoxes withPixels(float[] newPixels, int newHeight, int newWidth) {
    return new ImageBoxes(newPixels, newHeight, newWidth, boxes, classes, weights, source);
  }

  /** This example's image with other objects. */
  public ImageBoxes withObjects(float[][] newBoxes, int[] newClasses, float[] newWeights) {
    return new ImageBoxes(pixels, height, width, newBoxes, newClasses, newWeights, source);
  }

  /** This example with new boxes for the same objects (same count, same order). */
  public ImageBoxes withBoxes(float[][] newBoxes) {
    return new ImageBoxes(pixels, height, width, newBoxes, classes, weights, source);
  }

  /** A deep copy: new arrays with the same values. */
  public ImageBoxes copy() {
    float[][] b = new float[boxes.length][];
    for (int i = 0; i < b.length; i++) {
      b[i] = boxes[i].clone();
    }
    return new ImageBoxes(
        pixels.clone(), height, width, b, classes.clone(), weights.clone(), source);
  }

  /** The RGB HWC pixels in [0, 255] (not a copy). */
  public float[] pixels() {
    return pixels;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Normalized {@code [ymin, xmin, ymax, xmax]} per object (not a copy). */
  public float[][] boxes() {
    return boxes;
  }

  /** 1-based label id per object (not a copy). */
  public int[] classes() {
    return classes;
  }

  /** Weight per object (not a copy). */
  public float[] weights() {
    return weights;
  }

  /** The number of objects; 0 for a negative image. */
  public int numObjects() {
    return boxes.length;
  }

  /** Where the example came from, for messages (e.g. {@code train.record#12}). */
  public String source() {
    return source;
  }

  @Override
  public String toString() {
    return "ImageBoxes[" + source + ", " + width + "x" + height + ", " + boxes.length + " objects]";
  }
}
