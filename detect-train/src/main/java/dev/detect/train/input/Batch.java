package dev.detect.train.input;

import java.util.List;

/**
 * One batch of training examples, ready to feed a model.
 *
 * <p>{@link #images()} is {@code [size, height, width, 3]} RGB floats in [0, 255], row-major (the
 * model normalizes inside its graph); the lists hold, per image and in the same order, its
 * normalized {@code [ymin, xmin, ymax, xmax]} boxes (possibly none: a negative image), 1-based
 * class ids, per-object weights and source names. The arrays are the batch's own (not shared with
 * the pipeline) and are not copied by the accessors.
 */
public final class Batch {
  private final float[] images;
  private final int height;
  private final int width;
  private final List<float[][]> boxes;
  private final List<int[]> classes;
  private final List<float[]> weights;
  private final List<String> sources;

  Batch(float[] images, int height, int width, List<ImageBoxes> examples) {
    this.images = images;
    this.height = height;
    this.width = width;
    this.boxes = examples.stream().map(ImageBoxes::boxes).toList();
    this.classes = examples.stream().map(ImageBoxes::classes).toList();
    this.weights = examples.stream().map(ImageBoxes::weights).toList();
    this.sources = examples.stream().map(ImageBoxes::source).toList();
  }

  /** The number of images. */
  public int size() {
    return sources.size();
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** The images, {@code [size, height, width, 3]} RGB in [0, 255] (not a copy). */
  public float[] images() {
    return images;
  }

  /** Per image, its normalized {@code [ymin, xmin, ymax, xmax]} boxes. */
  public List<float[][]> boxes() {
    return boxes;
  }

  /** Per image, the 1-based class id of each box. */
  public List<int[]> classes() {
    return classes;
  }

  /** Per image, the weight of each box (1 unless the data says otherwise). */
  public List<float[]> weights() {
    return weights;
  }

  /** Per image, where it came from: {@code file#recordIndex}. */
  public List<String> sources() {
    return sources;
  }

  /** The total number of boxes in the batch. */
  public int numBoxes() {
    int n = 0;
    for (float[][] b : boxes) {
      n += b.length;
    }
    return n;
  }

  @Override
  public String toString() {
    return "Batch[" + size() + " x " + height + "x" + width + ", " + numBoxes() + " boxes]";
  }
}
