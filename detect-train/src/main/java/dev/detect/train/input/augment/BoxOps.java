package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;

/** Crops an example to a pixel window the way the OD API's random crops do. */
final class BoxOps {
  /** Overlaps thinner than this (normalized; far below a pixel) count as none. */
  static final float EDGE = 1e-6f;

  private BoxOps() {}

  /**
   * Crops to rows {@code [y, y + h)} and columns {@code [x, x + w)}. Boxes completely outside the
   * window are removed ({@code prune_completely_outside_window}, with a {@link #EDGE} tolerance),
   * then those with less than {@code overlapThresh} of their area inside ({@code
   * prune_non_overlapping_boxes}: intersection over the box's own area, so degenerate boxes go
   * too); the rest move into the window's frame ({@code change_coordinate_frame}) and are clipped
   * to [0, 1] when {@code clip}.
   */
  static ImageBoxes crop(
      ImageBoxes in, int y, int x, int h, int w, float overlapThresh, boolean clip) {
    return crop(Geometry.Layout.of(in), y, x, h, w, overlapThresh, clip).applyTo(in);
  }

  /** The geometry of {@link #crop(ImageBoxes, int, int, int, int, float, boolean)}. */
  static Geometry crop(
      Geometry.Layout in, int y, int x, int h, int w, float overlapThresh, boolean clip) {
    int ih = in.height();
    int iw = in.width();
    // float32 throughout, like the OD API's graph, so that edges shared with the window compare
    // exactly as they do there.
    float wy0 = (float) y / ih;
    float wx0 = (float) x / iw;
    float wy1 = (float) (y + h) / ih;
    float wx1 = (float) (x + w) / iw;
    float wh = wy1 - wy0;
    float ww = wx1 - wx0;
    int n = in.boxes().length;
    float[][] boxes = new float[n][];
    int[] classes = new int[n];
    float[] weights = new float[n];
    int kept = 0;
    for (int i = 0; i < n; i++) {
      float[] b = in.boxes()[i];
      // Deliberately stricter than the OD API by EDGE: a box that only touches the window up to
      // float rounding (after flips and rotations, 1 - x is not exactly the window's edge) would
      // survive there as a zero-size sliver, a degenerate training target.
      if (b[0] >= wy1 - EDGE || b[1] >= wx1 - EDGE || b[2] <= wy0 + EDGE || b[3] <= wx0 + EDGE) {
        continue;
      }
      float interH = Math.max(0f, Math.min(b[2], wy1) - Math.max(b[0], wy0));
      float interW = Math.max(0f, Math.min(b[3], wx1) - Math.max(b[1], wx0));
      float ioa = interH * interW / ((b[2] - b[0]) * (b[3] - b[1]));
      if (!(ioa >= overlapThresh)) {
        continue;
      }
      float[] nb = {(b[0] - wy0) / wh, (b[1] - wx0) / ww, (b[2] - wy0) / wh, (b[3] - wx0) / ww};
      if (clip) {
        for (int k = 0; k < 4; k++) {
          nb[k] = nb[k] < 0f ? 0f : (nb[k] > 1f ? 1f : nb[k]);
        }
      }
      boxes[kept] = nb;
      classes[kept] = in.classes()[i];
      weights[kept] = in.weights()[i];
      kept++;
    }
    Geometry.Layout out =
        kept == n
            ? new Geometry.Layout(h, w, boxes, in.classes(), in.weights())
            : new Geometry.Layout(
                h,
                w,
                java.util.Arrays.copyOf(boxes, kept),
                java.util.Arrays.copyOf(classes, kept),
                java.util.Arrays.copyOf(weights, kept));
    return new Geometry(y, x, false, false, out);
  }
}
