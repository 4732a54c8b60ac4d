package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * One box-aware data augmentation step, the Java counterpart of a {@code data_augmentation_options}
 * entry of an OD API {@code pipeline.config} ({@code object_detection/core/preprocessor.py}).
 *
 * <p>Implementations are immutable and thread-safe; all randomness comes from the generator passed
 * in, so a seeded generator gives a reproducible result. Every result keeps pixel values in {@code
 * [0, 255]} and (unless a step documents otherwise) boxes in {@code [0, 1]} with {@code ymin <=
 * ymax} and {@code xmin <= xmax}; steps that remove objects remove their classes and weights with
 * them, and may leave an image with no objects (a negative example).
 */
@FunctionalInterface
public interface Augmentation {
  /**
   * Applies the step. The input is consumed: its arrays may be modified and reused for the result
   * (see {@link ImageBoxes}), so do not use {@code in} afterwards.
   *
   * @param in the example
   * @param rng the source of randomness (not shared with other threads during the call)
   * @return the augmented example, possibly {@code in} itself when the step chose to do nothing
   */
  ImageBoxes apply(ImageBoxes in, RandomGenerator rng);

  /**
   * Whether {@link #apply} leaves every array of its input unchanged (pixels, boxes, classes,
   * weights), writing what it changes to new arrays. The input pipeline then hands such a step the
   * decoded image shared with its cache instead of a copy, saving an image-sized copy per example.
   * Default false (the step gets a private copy); true only where the step is tested to leave its
   * input as it was.
   */
  default boolean leavesInputUnchanged() {
    return false;
  }
}
