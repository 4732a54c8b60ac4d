package dev.detect.core.split;

import java.util.Objects;

/**
 * How one class was divided between the train and eval sides.
 *
 * @param label the class name
 * @param trainImages number of train images with at least one object of this class
 * @param trainObjects number of objects of this class on the train side
 * @param evalImages number of eval images with at least one object of this class
 * @param evalObjects number of objects of this class on the eval side
 */
public record ClassSplit(
    String label, int trainImages, int trainObjects, int evalImages, int evalObjects) {

  /** Validates the values. */
  public ClassSplit {
    Objects.requireNonNull(label, "label");
    if (trainImages < 0 || trainObjects < 0 || evalImages < 0 || evalObjects < 0) {
      throw new IllegalArgumentException("counts must not be negative for class '" + label + "'");
    }
  }

  /** Objects of this class on both sides. */
  public int totalObjects() {
    return trainObjects + evalObjects;
  }

  /** Images with this class on both sides. */
  public int totalImages() {
    return trainImages + evalImages;
  }

  /** The share of this class's objects on the train side, in [0, 1]; 0 when there are none. */
  public double trainObjectFraction() {
    int total = totalObjects();
    return total == 0 ? 0 : (double) trainObjects / total;
  }

  /** True when the class has images on both sides. */
  public boolean onBothSides() {
    return trainImages > 0 && evalImages > 0;
  }
}
