package dev.detect.train.input;

import dev.detect.train.input.augment.Geometry;
import java.util.Objects;

/**
 * Bilinear image resizing with TensorFlow's exact sampling, so that a model trained on our batches
 * sees what TensorFlow's own resize would have given it.
 *
 * <p>The default ({@link Convention#HALF_PIXEL_CENTERS}) is TF2 {@code tf.image.resize(images,
 * size, method="bilinear", antialias=False)}: the output pixel {@code i} samples the input at
 * {@code (i + 0.5) * in / out - 0.5}, clamped at the borders. (The OD API's TF1-era {@code
 * resize_images(align_corners=False)} sampled at {@code i * in / out} instead; the difference is at
 * most half an input pixel.) Boxes are normalized, so resizing leaves them unchanged.
 */
public final class Resize {
  /** The float value of each unsigned byte. */
  private static final float[] BYTE_VALUES = new float[256];

  static {
    for (int i = 0; i < 256; i++) {
      BYTE_VALUES[i] = i;
    }
  }

  private Resize() {}

  /** Where output pixels sample the input. */
  public enum Convention {
    /** TF2 {@code tf.image.resize} / {@code ResizeBilinear(half_pixel_centers=True)}. */
    HALF_PIXEL_CENTERS,
    /**
     * {@code ResizeBilinear(align_corners=True)}: the corner pixels of input and output coincide,
     * as in the OD API's {@code random_image_scale}.
     */
    ALIGN_CORNERS
  }

  /** Resizes to {@code outHeight × outWidth} with {@link Convention#HALF_PIXEL_CENTERS}. */
  public static ImageBoxes bilinear(ImageBoxes image, int outHeight, int outWidth) {
    return bilinear(image, outHeight, outWidth, Convention.HALF_PIXEL_CENTERS);
  }

  /**
   * Resizes to {@code outHeight × outWidth}; the objects are kept. Returns {@code image} itself
   * when the size does not change.
   */
  public static ImageBoxes bilinear(
      ImageBoxes image, int outHeight, int outWidth, Convention convention) {
    Objects.requireNonNull(image, "image");
    if (image.height() == outHeight && image.width() == outWidth) {
      return image;
    }
    float[] out =
        bilinear(
            image.pixels(), image.height(), image.width(), outHeight, outWidth, convention, null);
    return image.withPixels(out, outHeight, outWidth);
  }

  /**
   * Resizes RGB HWC pixels into {@code dst} (allocated when null or too small), returning it.
   *
   * @throws IllegalArgumentException when a size is not positive
   */
  public static float[] bilinear(
      float[] src,
      int height,
      int width,
      int outHeight,
      int outWidth,
      Convention convention,
      float[] dst) {
    return bilinear(
        src, width, 0, 0, height, width, false, false, outHeight, outWidth, convention, dst);
  }

  /**
   * Resizes the {@code height × width} window at {@code (y, x)} of {@code src} (RGB HWC, {@code
   * srcWidth} pixels wide), mirrored left-right when {@code flipX} and top-bottom when {@code
   * flipY}, into {@code dst} (allocated when null or too small): bit for bit what cutting the
   * window out first and then resizing it gives, without the copy.
   *
   * @throws IllegalArgumentException when a size is not positive or the window does not fit
   */
  public static float[] bilinear(
      float[] src,
      int srcWidth,
      int y,
      int x,
      int height,
      int width,
      boolean flipX,
      boolean flipY,
      int outHeight,
      int outWidth,
      Convention convention,
      float[] dst) {
    Objects.requireNonNull(src, "src");
    Plan plan =
        new Plan(
            src.length,
            srcWidth,
            y,
            x,
            height,
            width,
            flipX,
            flipY,
            outHeight,
            outWidth,
            convention);
    float[] out =
        dst != null && dst.length >= outHeight * outWidth * 3
            ? dst
            : new float[outHeight * outWidth * 3];
    plan.run(src, null, out, 0);
    return out;
  }

  /**
   * Resizes the window {@code view} selects (origin, size and mirroring, in pixels of the source)
   * of an RGB HWC image {@code srcWidth} pixels wide to {@code outHeight × outWidth} pixels, into
   * {@code dst} from array index {@code dstOffset} on (e.g. straight into a batch). The source is
   * {@code floats}, or when that is null {@code bytes}, 8-bit values read unsigned: the same floats
   * as resizing the same values held as floats, from a quarter of the memory.
   *
   * @throws IllegalArgumentException when a size is not positive, the window does not fit or {@code
   *     dst} is too short
   */
  static void window(
      float[] floats,
      byte[] bytes,
      int srcWidth,
      Geometry view,
      int outHeight,
      int outWidth,
      Convention convention,
      float[] dst,
      int dstOffset) {
    int srcLength = floats != null ? floats.length : Objects.requireNonNull(bytes, "bytes").length;
    new Plan(
            srcLength,
            srcWidth,
            view.y(),
            view.x(),
            view.out().height(),
            view.out().width(),
            view.flipX(),
            view.flipY(),
            outHeight,
            outWidth,
            convention)
        .run(floats, bytes, checkRoom(dst, dstOffset, outHeight, outWidth), dstOffset);
  }

  private static float[] checkRoom(float[] dst, int offset, int outHeight, int outWidth) {
    Objects.requireNonNull(dst, "dst");
    if (offset < 0 || dst.length - offset < (long) outHeight * outWidth * 3) {
      throw new IllegalArgumentException(
          "dst holds "
              + dst.length
              + " values: no room for "
              + outHeight
              + "x"
              + outWidth
              + "x3 from "
              + offset);
    }
    return dst;
  }

  /**
   * One resize, planned: the source offsets and weights of each output column and row. It runs in
   * two passes as TensorFlow computes each value ({@code top = tl + (tr - tl) * xlerp}, the same
   * for {@code bottom}, then {@code top + (bottom - top) * ylerp}): each source row the output
   * needs is first interpolated across once into a row buffer (shared by the output rows that need
   * it), then each output row is the vertical interpolation of two such rows, a loop the JIT
   * vectorizes.
   */
  private static final class Plan {
    private final int outHeight;
    private final int outWidth;
    private final int[] x0;
    private final int[] x1;
    private final float[] xl;
    private final int[] y0;
    private final int[] y1;
    private final float[] yl;

    Plan(
        int srcLength,
        int srcWidth,
        int y,
        int x,
        int height,
        int width,
        boolean flipX,
        boolean flipY,
        int outHeight,
        int outWidth,
        Convention convention) {
      Objects.requireNonNull(convention, "convention");
      if (outHeight <= 0 || outWidth <= 0 || height <= 0 || width <= 0) {
        throw new IllegalArgumentException(
            "sizes must be positive: "
                + height
                + "x"
                + width
                + " -> "
                + outHeight
                + "x"
                + outWidth);
      }
      if (y < 0
          || x < 0
          || x + width > srcWidth
          || (long) (y + height) * srcWidth * 3 > srcLength) {
        throw new IllegalArgumentException(
            "window " + height + "x" + width + " at " + y + ", " + x + " does not fit the image");
      }
      this.outHeight = outHeight;
      this.outWidth = outWidth;
      x0 = new int[outWidth];
      x1 = new int[outWidth];
      xl = new float[outWidth];
      weights(width, outWidth, convention, x0, x1, xl);
      for (int i = 0; i < outWidth; i++) {
        x0[i] = (x + (flipX ? width - 1 - x0[i] : x0[i])) * 3;
        x1[i] = (x + (flipX ? width - 1 - x1[i] : x1[i])) * 3;
      }
      y0 = new int[outHeight];
      y1 = new int[outHeight];
      yl = new float[outHeight];
      weights(height, outHeight, convention, y0, y1, yl);
      for (int i = 0; i < outHeight; i++) {
        y0[i] = (y + (flipY ? height - 1 - y0[i] : y0[i])) * srcWidth * 3;
        y1[i] = (y + (flipY ? height - 1 - y1[i] : y1[i])) * srcWidth * 3;
      }
    }

    /** Resizes {@code floats}, or {@code bytes} when it is null, into {@code out} at {@code o}. */
    void run(float[] floats, byte[] bytes, float[] out, int o) {
      int n = outWidth * 3;
      float[] rowA = new float[n];
      float[] rowB = new float[n];
      int heldA = -1; // the source row offset rowA holds, -1 for none
      int heldB = -1;
      for (int r = 0; r < outHeight; r++) {
        int top = y0[r];
        int bottom = y1[r];
        // Fill the buffers with rows top and bottom, keeping a row already there.
        if (top != heldA && top != heldB) {
          if (heldB == bottom) {
            across(floats, bytes, top, rowA);
            heldA = top;
          } else {
            across(floats, bytes, top, rowB);
            heldB = top;
          }
        }
        float[] t = top == heldA ? rowA : rowB;
        if (bottom != heldA && bottom != heldB) {
          if (t == rowA) {
            across(floats, bytes, bottom, rowB);
            heldB = bottom;
          } else {
            across(floats, bytes, bottom, rowA);
            heldA = bottom;
          }
        }
        float[] b = bottom == heldA ? rowA : rowB;
        float ylerp = yl[r];
        int base = o + r * n;
        for (int i = 0; i < n; i++) {
          float ti = t[i];
          out[base + i] = ti + (b[i] - ti) * ylerp;
        }
      }
    }

    /** Interpolates the source row at offset {@code row} across into {@code dst}. */
    private void across(float[] floats, byte[] bytes, int row, float[] dst) {
      if (floats != null) {
        for (int c = 0, o = 0; c < outWidth; c++, o += 3) {
          int l = row + x0[c];
          int r = row + x1[c];
          float xlerp = xl[c];
          float l0 = floats[l];
          float l1 = floats[l + 1];
          float l2 = floats[l + 2];
          dst[o] = l0 + (floats[r] - l0) * xlerp;
          dst[o + 1] = l1 + (floats[r + 1] - l1) * xlerp;
          dst[o + 2] = l2 + (floats[r + 2] - l2) * xlerp;
        }
      } else {
        float[] value = BYTE_VALUES; // a load instead of an int-to-float conversion: faster here
        for (int c = 0, o = 0; c < outWidth; c++, o += 3) {
          int l = row + x0[c];
          int r = row + x1[c];
          float xlerp = xl[c];
          float l0 = value[bytes[l] & 0xff];
          float l1 = value[bytes[l + 1] & 0xff];
          float l2 = value[bytes[l + 2] & 0xff];
          dst[o] = l0 + (value[bytes[r] & 0xff] - l0) * xlerp;
          dst[o + 1] = l1 + (value[bytes[r + 1] & 0xff] - l1) * xlerp;
          dst[o + 2] = l2 + (value[bytes[r + 2] & 0xff] - l2) * xlerp;
        }
      }
    }
  }

  /** TensorFlow's compute_interpolation_weights: lower and upper input indices and the lerp. */
  private static void weights(
      int in, int out, Convention convention, int[] lower, int[] upper, float[] lerp) {
    boolean half = convention == Convention.HALF_PIXEL_CENTERS;
    float scale = half ? (float) in / out : (out > 1 ? (in - 1) / (float) (out - 1) : 0f);
    for (int i = 0; i < out; i++) {
      float pos = half ? (i + 0.5f) * scale - 0.5f : i * scale;
      float floor = (float) Math.floor(pos);
      int lo = Math.max((int) floor, 0);
      int hi = Math.min((int) Math.ceil(pos), in - 1);
      lower[i] = Math.min(lo, in - 1);
      upper[i] = Math.max(hi, 0);
      lerp[i] = pos - floor;
    }
  }
}
