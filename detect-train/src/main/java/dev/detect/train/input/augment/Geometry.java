package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.Objects;

/**
 * What a {@link GeometricAugmentation} does to an example: its output shows the window {@code [y, y
 * + height) × [x, x + width)} of the input's pixels, mirrored left-right when {@code flipX} and
 * top-bottom when {@code flipY}, and has the objects of {@code out} (whose size is the window's).
 * Output pixel {@code (r, c)} is input pixel {@code (y + (flipY ? height - 1 - r : r), x + (flipX ?
 * width - 1 - c : c))}.
 *
 * @param y the window's first row in the input, in pixels
 * @param x the window's first column in the input, in pixels
 * @param flipX whether the window is mirrored left-right
 * @param flipY whether the window is mirrored top-bottom
 * @param out the output's size and objects
 */
public record Geometry(int y, int x, boolean flipX, boolean flipY, Layout out) {
  /** Checks that the window's origin is not negative (its size is that of {@code out}). */
  public Geometry {
    Objects.requireNonNull(out, "out");
    if (y < 0 || x < 0) {
      throw new IllegalArgumentException("window origin must not be negative: " + y + ", " + x);
    }
  }

  /**
   * An example's size and objects, without its pixels.
   *
   * @param height image height in pixels
   * @param width image width in pixels
   * @param boxes normalized {@code [ymin, xmin, ymax, xmax]} per object
   * @param classes label id per object
   * @param weights weight per object
   */
  public record Layout(int height, int width, float[][] boxes, int[] classes, float[] weights) {
    /** The layout of an example (its arrays, not copies). */
    public static Layout of(ImageBoxes in) {
      return new Layout(in.height(), in.width(), in.boxes(), in.classes(), in.weights());
    }

    /** This layout with new boxes for the same objects. */
    Layout withBoxes(float[][] newBoxes) {
      return new Layout(height, width, newBoxes, classes, weights);
    }
  }

  /** The step did nothing: all of the input, unmirrored, with the same objects. */
  public static Geometry identity(Layout in) {
    return new Geometry(0, 0, false, false, in);
  }

  /**
   * This step followed by {@code next} (planned on this step's output) as one geometry relative to
   * this step's input.
   */
  public Geometry then(Geometry next) {
    int h = out.height();
    int w = out.width();
    int ny = flipY ? y + h - next.y - next.out.height() : y + next.y;
    int nx = flipX ? x + w - next.x - next.out.width() : x + next.x;
    return new Geometry(ny, nx, flipX ^ next.flipX, flipY ^ next.flipY, next.out);
  }

  /** Whether pixels move: a smaller window or a mirror. */
  public boolean movesPixels(int inHeight, int inWidth) {
    return flipX || flipY || y != 0 || x != 0 || out.height() != inHeight || out.width() != inWidth;
  }

  /**
   * The step's result for {@code in}: new pixels when they move (the input is left as it was), else
   * {@code in}'s own pixel array with the new objects.
   *
   * @throws IllegalArgumentException when the window does not fit in {@code in}
   */
  public ImageBoxes applyTo(ImageBoxes in) {
    if (y + out.height() > in.height() || x + out.width() > in.width()) {
      throw new IllegalArgumentException(
          "window "
              + out.height()
              + "x"
              + out.width()
              + " at "
              + y
              + ", "
              + x
              + " does not fit a "
              + in.height()
              + "x"
              + in.width()
              + " image");
    }
    boolean moves = movesPixels(in.height(), in.width());
    if (!moves
        && out.boxes() == in.boxes()
        && out.classes() == in.classes()
        && out.weights() == in.weights()) {
      return in;
    }
    float[] pixels =
        moves
            ? window(in.pixels(), in.width(), y, x, out.height(), out.width(), flipX, flipY)
            : in.pixels();
    return ImageBoxes.of(
        pixels, out.height(), out.width(), out.boxes(), out.classes(), out.weights(), in.source());
  }

  /**
   * The {@code h × w} window at {@code (y, x)} of {@code src} (RGB HWC, {@code srcWidth} wide),
   * mirrored as asked, in a new array.
   */
  public static float[] window(
      float[] src, int srcWidth, int y, int x, int h, int w, boolean flipX, boolean flipY) {
    float[] dst = new float[h * w * 3];
    int rowLen = w * 3;
    for (int r = 0; r < h; r++) {
      int from = ((y + (flipY ? h - 1 - r : r)) * srcWidth + x) * 3;
      int o = r * rowLen;
      if (!flipX) {
        System.arraycopy(src, from, dst, o, rowLen);
        continue;
      }
      for (int s = from + rowLen - 3; s >= from; s -= 3, o += 3) {
        dst[o] = src[s];
        dst[o + 1] = src[s + 1];
        dst[o + 2] = src[s + 2];
      }
    }
    return dst;
  }
}
