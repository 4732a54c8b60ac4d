package dev.detect.train.input;

import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;

/**
 * One batch of training examples, ready to feed a model.
 *
 * <p>{@link #images()} is {@code [size, height, width, 3]} RGB floats in [0, 255], row-major (the
 * model normalizes inside its graph); the lists hold, per image and in the same order, its
 * normalized {@code [ymin, xmin, ymax, xmax]} boxes (possibly none: a negative image), 1-based
 * class ids, per-object weights and source names. The arrays are the batch's own (not shared with
 * the pipeline) and are not copied by the accessors; once done with the images, {@link #recycle()}
 * lets the pipeline fill that array again.
 */
public final class Batch {
  private final float[] images;
  private final int height;
  private final int width;
  private final List<float[][]> boxes;
  private final List<int[]> classes;
  private final List<float[]> weights;
  private final List<String> sources;
  private final Consumer<float[]> recycler;
  private final AtomicBoolean recycled = new AtomicBoolean();

  Batch(float[] images, int height, int width, List<Labels> examples, Consumer<float[]> recycler) {
    this.images = images;
    this.height = height;
    this.width = width;
    this.boxes = examples.stream().map(Labels::boxes).toList();
    this.classes = examples.stream().map(Labels::classes).toList();
    this.weights = examples.stream().map(Labels::weights).toList();
    this.sources = examples.stream().map(Labels::source).toList();
    this.recycler = recycler;
  }

  /**
   * Hands the {@link #images()} array back to the pipeline, which fills a later batch into it:
   * saves allocating and clearing a large array per batch. Call it once done with the images and do
   * not read them afterwards (the boxes, classes and weights stay valid). Optional: an array not
   * recycled is garbage collected. Only the first call counts.
   */
  public void recycle() {
    if (recycled.compareAndSet(false, true)) {
      recycler.accept(images);
    }
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
