package dev.detect.train.input;

import dev.detect.train.input.augment.Geometry;

/**
 * The objects of one example of a batch: normalized {@code [ymin, xmin, ymax, xmax]} boxes, 1-based
 * class ids and weights, the batch's own arrays, and where the example came from.
 */
record Labels(float[][] boxes, int[] classes, float[] weights, String source) {
  /** Copies of the objects of {@code layout} (which may be the decoded cache's arrays). */
  static Labels copyOf(Geometry.Layout layout, String source) {
    float[][] boxes = new float[layout.boxes().length][];
    for (int i = 0; i < boxes.length; i++) {
      boxes[i] = layout.boxes()[i].clone();
    }
    return new Labels(boxes, layout.classes().clone(), layout.weights().clone(), source);
  }
}
