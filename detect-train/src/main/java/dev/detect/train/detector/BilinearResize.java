package dev.detect.train.detector;

import org.tensorflow.ndarray.buffer.ByteDataBuffer;

/**
 * Bilinear resizing of an RGB image, computed as TensorFlow's {@code ResizeBilinear} with its
 * defaults ({@code align_corners=false}, {@code half_pixel_centers=false}, the TF1 behaviour that
 * OD API graphs use inside): source coordinate {@code y · inHeight / outHeight} in float,
 * neighbours {@code floor} and {@code ceil} of it, the same float interpolation order; each result
 * rounded half to even, as {@code tf.round}, into a byte. For models whose {@code image_tensor} has
 * a fixed size.
 *
 * <p>Only the four neighbours of each output pixel are read, straight from the source (RGB bytes,
 * packed BGR bytes; decoded float pixels are rounded to bytes first), so a large byte image is
 * never converted whole.
 */
final class BilinearResize {
  private BilinearResize() {}

  /**
   * {@code rgb} ({@code height · width · 3} bytes, row by row, R, G, B) resized to {@code outHeight
   * × outWidth}.
   */
  static byte[] resize(byte[] rgb, int height, int width, int outHeight, int outWidth) {
    check(rgb.length, height, width);
    return resizeBytes(rgb, false, height, width, outHeight, outWidth);
  }

  /** Like {@link #resize(byte[], int, int, int, int)} for packed B, G, R bytes. */
  static byte[] resizeBgr(byte[] bgr, int height, int width, int outHeight, int outWidth) {
    check(bgr.length, height, width);
    return resizeBytes(bgr, true, height, width, outHeight, outWidth);
  }

  /**
   * Like {@link #resize(byte[], int, int, int, int)} for decoded pixels ({@code float} RGB, 0–255),
   * each first rounded to the nearest byte as {@link #bytes(float[])} does.
   */
  static byte[] resize(float[] pixels, int height, int width, int outHeight, int outWidth) {
    check(pixels.length, height, width);
    return resizeBytes(bytes(pixels), false, height, width, outHeight, outWidth);
  }

  private static void check(int length, int height, int width) {
    if (length != (long) height * width * 3) {
      throw new IllegalArgumentException(
          "the image holds " + length + " values, not " + height + " x " + width + " x 3");
    }
  }

  /** The resize of RGB ({@code bgr} false) or BGR bytes into RGB bytes. */
  private static byte[] resizeBytes(
      byte[] src, boolean bgr, int height, int width, int outHeight, int outWidth) {
    byte[] out = new byte[outHeight * outWidth * 3];
    new Plan(src, bgr, height, width, outHeight, outWidth).rows(0, outHeight, out, 0);
    return out;
  }

  /**
   * Like {@link #resizeBgr} (or {@link #resize(byte[], int, int, int, int)} when {@code bgr} is
   * false), written into {@code dst} from index 0 a row at a time, the two halves of the rows at
   * once on two cores when the image is large ({@link HalfSplit}): no image-sized array.
   */
  static void resizeInto(
      byte[] src,
      boolean bgr,
      int height,
      int width,
      int outHeight,
      int outWidth,
      ByteDataBuffer dst) {
    check(src.length, height, width);
    Plan plan = new Plan(src, bgr, height, width, outHeight, outWidth);
    int rowBytes = outWidth * 3;
    HalfSplit.run(
        outHeight,
        // Twelve reads and three interpolations per pixel: costlier than a copy per byte written.
        (long) outHeight * rowBytes * 8,
        1,
        (from, to) -> {
          byte[] row = new byte[rowBytes];
          for (int y = from; y < to; y++) {
            plan.rows(y, y + 1, row, 0);
            dst.offset((long) y * rowBytes).write(row);
          }
        });
  }

  /** What every output row shares: the source, the columns' neighbours and weights. */
  private static final class Plan {
    private final byte[] src;
    private final int height;
    private final int width;
    private final float yScale;
    private final int[] x0;
    private final int[] x1;
    private final float[] xLerp;
    private final int red;
    private final int blue;

    Plan(byte[] src, boolean bgr, int height, int width, int outHeight, int outWidth) {
      this.src = src;
      this.height = height;
      this.width = width;
      this.yScale = (float) height / outHeight;
      float xScale = (float) width / outWidth;
      x0 = new int[outWidth];
      x1 = new int[outWidth];
      xLerp = new float[outWidth];
      for (int x = 0; x < outWidth; x++) {
        float in = x * xScale;
        float floor = (float) Math.floor(in);
        x0[x] = 3 * Math.max((int) floor, 0);
        x1[x] = 3 * Math.min((int) Math.ceil(in), width - 1);
        xLerp[x] = in - floor;
      }
      red = bgr ? 2 : 0;
      blue = bgr ? 0 : 2;
    }

    /** Output rows {@code [fromRow, toRow)} as RGB bytes into {@code out} from {@code at}. */
    void rows(int fromRow, int toRow, byte[] out, int at) {
      int o = at;
      int outWidth = x0.length;
      for (int y = fromRow; y < toRow; y++) {
        float in = y * yScale;
        float floor = (float) Math.floor(in);
        int top = Math.max((int) floor, 0) * width * 3;
        int bottom = Math.min((int) Math.ceil(in), height - 1) * width * 3;
        float yLerp = in - floor;
        for (int x = 0; x < outWidth; x++) {
          int tl = top + x0[x];
          int tr = top + x1[x];
          int bl = bottom + x0[x];
          int br = bottom + x1[x];
          float xl = xLerp[x];
          out[o++] = lerp(src, tl + red, tr + red, bl + red, br + red, xl, yLerp);
          out[o++] = lerp(src, tl + 1, tr + 1, bl + 1, br + 1, xl, yLerp);
          out[o++] = lerp(src, tl + blue, tr + blue, bl + blue, br + blue, xl, yLerp);
        }
      }
    }
  }

  private static byte lerp(byte[] src, int tl, int tr, int bl, int br, float xl, float yl) {
    float a = src[tl] & 0xff;
    float b = src[tr] & 0xff;
    float c = src[bl] & 0xff;
    float d = src[br] & 0xff;
    float t = a + (b - a) * xl;
    float bottom = c + (d - c) * xl;
    return (byte) (int) Math.rint(t + (bottom - t) * yl);
  }

  /** Decoded pixels ({@code float} RGB, 0–255), each rounded to the nearest byte. */
  static byte[] bytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.round(pixels[i]);
    }
    return out;
  }
}
