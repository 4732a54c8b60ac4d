package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.Random;

/** Test scenes: solid rectangles of unique colours on a plain gray background, boxes on them. */
final class Scenes {
  static final float[] BACKGROUND = {128, 128, 128};
  static final float[][] COLORS = {{200, 80, 80}, {80, 200, 80}, {80, 80, 200}};

  private Scenes() {}

  /** {@code n} (1..3) non-overlapping rectangles, each in its own vertical strip, class i+1. */
  static ImageBoxes draw(int h, int w, int n, long seed) {
    Random r = new Random(seed);
    float[] px = new float[h * w * 3];
    for (int i = 0; i < px.length; i += 3) {
      System.arraycopy(BACKGROUND, 0, px, i, 3);
    }
    float[][] boxes = new float[n][];
    int[] classes = new int[n];
    float[] weights = new float[n];
    int strip = w / n;
    for (int i = 0; i < n; i++) {
      int bw = 10 + r.nextInt(strip - 10 + 1);
      int bh = 10 + r.nextInt(h - 12 + 1); // at least two rows of background
      int x0 = i * strip + r.nextInt(strip - bw + 1);
      int y0 = r.nextInt(h - bh + 1);
      fill(px, w, y0, x0, y0 + bh, x0 + bw, COLORS[i]);
      boxes[i] =
          new float[] {
            (float) y0 / h, (float) x0 / w, (float) (y0 + bh) / h, (float) (x0 + bw) / w
          };
      classes[i] = i + 1;
      weights[i] = 0.5f + i;
    }
    return ImageBoxes.of(px, h, w, boxes, classes, weights, "scene-" + seed);
  }

  static void fill(float[] px, int w, int y0, int x0, int y1, int x1, float[] color) {
    for (int y = y0; y < y1; y++) {
      for (int x = x0; x < x1; x++) {
        System.arraycopy(color, 0, px, (y * w + x) * 3, 3);
      }
    }
  }

  static float[] pixel(ImageBoxes img, int y, int x) {
    int i = (y * img.width() + x) * 3;
    float[] p = img.pixels();
    return new float[] {p[i], p[i + 1], p[i + 2]};
  }

  /** The pixel under the centre of a normalized box. */
  static float[] centre(ImageBoxes img, float[] box) {
    int y = (int) Math.min(img.height() - 1, (box[0] + box[2]) / 2 * img.height());
    int x = (int) Math.min(img.width() - 1, (box[1] + box[3]) / 2 * img.width());
    return pixel(img, y, x);
  }

  static boolean near(float[] a, float[] b, float tol) {
    for (int c = 0; c < 3; c++) {
      if (Math.abs(a[c] - b[c]) > tol) {
        return false;
      }
    }
    return true;
  }

  /** {minY, minX, maxY + 1, maxX + 1} of the pixels within tol of colour, or null if none. */
  static int[] colorBounds(ImageBoxes img, float[] color, float tol) {
    int[] b = {Integer.MAX_VALUE, Integer.MAX_VALUE, -1, -1};
    for (int y = 0; y < img.height(); y++) {
      for (int x = 0; x < img.width(); x++) {
        if (near(pixel(img, y, x), color, tol)) {
          b[0] = Math.min(b[0], y);
          b[1] = Math.min(b[1], x);
          b[2] = Math.max(b[2], y + 1);
          b[3] = Math.max(b[3], x + 1);
        }
      }
    }
    return b[2] < 0 ? null : b;
  }
}
