package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.Objects;
import java.util.random.RandomGenerator;

/**
 * {@code random_jitter_boxes}: perturbs each box (not the image) by up to {@code ratio} of its
 * size, following the current OD API: each half-extent is scaled by {@code 1 + u}, u uniform in the
 * mode's range, around the box centre; the result is clipped to [0, 1].
 *
 * @param ratio the largest relative change (proto default 0.05)
 * @param mode how boxes may change (proto default {@link JitterMode#DEFAULT})
 */
public record RandomJitterBoxes(double ratio, JitterMode mode) implements Augmentation {
  /** The proto's {@code jitter_mode}. */
  public enum JitterMode {
    /** Each of the four sides moves independently, in or out. */
    DEFAULT,
    /** Each side moves outwards only. */
    EXPAND,
    /** Each side moves inwards only. */
    SHRINK,
    /** Height and width grow independently, keeping the centre. */
    EXPAND_SYMMETRIC,
    /** Height and width shrink independently, keeping the centre. */
    SHRINK_SYMMETRIC,
    /** Height and width grow by the same factor, keeping the centre. */
    EXPAND_SYMMETRIC_XY,
    /** Height and width shrink by the same factor, keeping the centre. */
    SHRINK_SYMMETRIC_XY
  }

  /** Validates the parameters. */
  public RandomJitterBoxes {
    Objects.requireNonNull(mode, "mode");
    if (!(ratio >= 0 && ratio <= 1)) {
      throw new IllegalArgumentException("ratio must be in [0, 1], got " + ratio);
    }
  }

  /** The proto defaults: ratio 0.05, mode DEFAULT. */
  public static RandomJitterBoxes defaults() {
    return new RandomJitterBoxes(0.05, JitterMode.DEFAULT);
  }

  /** True: {@inheritDoc} (new box arrays) */
  @Override
  public boolean leavesInputUnchanged() {
    return true;
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    boolean shrink = mode.name().startsWith("SHRINK");
    boolean expand = mode.name().startsWith("EXPAND");
    double lo = expand ? 0 : -ratio;
    double hi = shrink ? 0 : ratio;
    boolean symmetric = mode.name().contains("SYMMETRIC");
    boolean xy = mode.name().endsWith("_XY");
    float[][] out = new float[in.numObjects()][];
    for (int i = 0; i < out.length; i++) {
      float[] b = in.boxes()[i];
      double h = Math.max(Math.abs(b[2] - b[0]), 1e-6);
      double w = Math.max(Math.abs(b[3] - b[1]), 1e-6);
      double yc = b[0] + (b[2] - b[0]) / 2.0;
      double xc = b[1] + (b[3] - b[1]) / 2.0;
      double[] r;
      if (symmetric) {
        double dh = 1 + Rand.uniform(rng, lo, hi);
        double dw = 1 + Rand.uniform(rng, lo, hi);
        double maxH = Math.abs(Math.min(2 * yc / h, 2 * (1 - yc) / h));
        double maxW = Math.abs(Math.min(2 * xc / w, 2 * (1 - xc) / w));
        if (xy) {
          dw = dh;
          maxH = maxW = Math.min(maxH, maxW);
        }
        dh = Math.max(-maxH, Math.min(maxH, dh));
        dw = Math.max(-maxW, Math.min(maxW, dw));
        r = new double[] {yc - h * dh / 2, xc - w * dw / 2, yc + h * dh / 2, xc + w * dw / 2};
      } else {
        double d0 = 1 + Rand.uniform(rng, lo, hi);
        double d1 = 1 + Rand.uniform(rng, lo, hi);
        double d2 = 1 + Rand.uniform(rng, lo, hi);
        double d3 = 1 + Rand.uniform(rng, lo, hi);
        r = new double[] {yc - h * d0 / 2, xc - w * d1 / 2, yc + h * d2 / 2, xc + w * d3 / 2};
      }
      out[i] = new float[4];
      for (int k = 0; k < 4; k++) {
        out[i][k] = (float) Math.max(0, Math.min(1, r[k]));
      }
    }
    return in.withBoxes(out);
  }
}
