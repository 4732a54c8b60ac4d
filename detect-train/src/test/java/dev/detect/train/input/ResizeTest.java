package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.augment.Geometry;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class ResizeTest {
  /** A 2x2 image with values 0, 10 / 20, 30 in every channel. */
  static ImageBoxes square() {
    float[] px = new float[12];
    float[] v = {0, 10, 20, 30};
    for (int i = 0; i < 4; i++) {
      for (int c = 0; c < 3; c++) {
        px[i * 3 + c] = v[i];
      }
    }
    return ImageBoxes.of(
        px, 2, 2, new float[][] {{0.1f, 0.2f, 0.3f, 0.4f}}, new int[] {1}, new float[] {1}, "sq");
  }

  static float[] channel0(ImageBoxes img) {
    float[] out = new float[img.height() * img.width()];
    for (int i = 0; i < out.length; i++) {
      out[i] = img.pixels()[i * 3];
    }
    return out;
  }

  @Test
  void halfPixelCenters_matchesTf2ResizeBilinear() {
    // tf.image.resize([[0, 10], [20, 30]], [4, 4]) samples at (i + 0.5) / 2 - 0.5, clamped.
    ImageBoxes out = Resize.bilinear(square(), 4, 4);
    float[] row0 = {0, 2.5f, 7.5f, 10};
    float[] expected = new float[16];
    float[] rowOffset = {0, 5, 15, 20};
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 4; x++) {
        expected[y * 4 + x] = row0[x] + rowOffset[y];
      }
    }
    assertArrayEquals(expected, channel0(out), 1e-5f);
    assertArrayEquals(new float[] {0.1f, 0.2f, 0.3f, 0.4f}, out.boxes()[0]);
  }

  @Test
  void alignCorners_keepsTheCornerPixels() {
    ImageBoxes out = Resize.bilinear(square(), 2, 4, Resize.Convention.ALIGN_CORNERS);
    assertArrayEquals(
        new float[] {0, 10f / 3, 20f / 3, 10, 20, 20 + 10f / 3, 20 + 20f / 3, 30},
        channel0(out),
        1e-4f);
  }

  @Test
  void downscaleByTwo_averagesPairsWithHalfPixelCenters() {
    // 4 -> 2 samples at 0.5 and 2.5: the mean of each pair.
    float[] px = new float[4 * 3];
    for (int x = 0; x < 4; x++) {
      px[x * 3] = x * 10;
    }
    ImageBoxes out = Resize.bilinear(ImageBoxes.ofImage(px, 1, 4, "row"), 1, 2);
    assertArrayEquals(new float[] {5, 25}, channel0(out), 1e-5f);
  }

  @Test
  void sameSize_returnsTheImageItself() {
    ImageBoxes in = square();
    assertSame(in, Resize.bilinear(in, 2, 2));
  }

  @Test
  void nonPositiveSize_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> Resize.bilinear(square(), 0, 3));
  }

  /**
   * The window resize from floats and from bytes gives exactly what the plain per-pixel formula
   * (TensorFlow's compute_lerp, after cutting the window out and mirroring it) gives.
   */
  @Property(tries = 300)
  void windowResize_fromFloatsAndBytes_equalsThePerPixelFormula(
      @ForAll @IntRange(min = 1, max = 40) int srcHeight,
      @ForAll @IntRange(min = 1, max = 40) int srcWidth,
      @ForAll @IntRange(min = 1, max = 50) int outHeight,
      @ForAll @IntRange(min = 1, max = 50) int outWidth,
      @ForAll long seed) {
    SplittableRandom rng = new SplittableRandom(seed);
    int h = 1 + rng.nextInt(srcHeight);
    int w = 1 + rng.nextInt(srcWidth);
    int y = rng.nextInt(srcHeight - h + 1);
    int x = rng.nextInt(srcWidth - w + 1);
    boolean flipX = rng.nextBoolean();
    boolean flipY = rng.nextBoolean();
    Resize.Convention convention = Resize.Convention.values()[rng.nextInt(2)];
    byte[] bytes = new byte[srcHeight * srcWidth * 3];
    float[] floats = new float[bytes.length];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) rng.nextInt(256);
      floats[i] = bytes[i] & 0xff;
    }
    float[] expected =
        perPixel(floats, srcWidth, y, x, h, w, flipX, flipY, outHeight, outWidth, convention);

    float[] fromFloats =
        Resize.bilinear(
            floats, srcWidth, y, x, h, w, flipX, flipY, outHeight, outWidth, convention, null);
    assertArrayEquals(expected, fromFloats);

    Geometry view = window(y, x, h, w, flipX, flipY);
    int offset = rng.nextInt(7);
    int len = outHeight * outWidth * 3;
    for (boolean fromBytes : new boolean[] {true, false}) {
      float[] dst = new float[offset + len + 2];
      dst[offset + len] = -1;
      Resize.window(
          fromBytes ? null : floats,
          bytes,
          srcWidth,
          view,
          outHeight,
          outWidth,
          convention,
          dst,
          offset);
      assertArrayEquals(
          expected, Arrays.copyOfRange(dst, offset, offset + len), "bytes " + fromBytes);
      assertEquals(-1f, dst[offset + len], "nothing written past the image");
    }
  }

  @Test
  void resizeIntoAnArray_refusesTooLittleRoomAndAWindowOutsideTheImage() {
    byte[] src = new byte[4 * 4 * 3];
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> intoTwelve(src, window(0, 0, 4, 4), 1));
    assertTrue(e.getMessage().contains("no room"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> intoTwelve(src, window(1, 0, 4, 4), 0));
    assertTrue(e.getMessage().contains("does not fit"), e.getMessage());
  }

  /** Resizes the window of a 4-pixel-wide byte image to 2×2 into 12 floats from {@code offset}. */
  private static void intoTwelve(byte[] src, Geometry view, int offset) {
    Resize.window(
        null, src, 4, view, 2, 2, Resize.Convention.HALF_PIXEL_CENTERS, new float[12], offset);
  }

  /** A window (rows first, in pixels) of an image without objects. */
  private static Geometry window(int y, int x, int h, int w, boolean flipX, boolean flipY) {
    return new Geometry(
        y, x, flipX, flipY, new Geometry.Layout(h, w, new float[0][], new int[0], new float[0]));
  }

  private static Geometry window(int y, int x, int h, int w) {
    return window(y, x, h, w, false, false);
  }

  /** The straightforward formula: each output value from its four input neighbours. */
  private static float[] perPixel(
      float[] src,
      int srcWidth,
      int y,
      int x,
      int h,
      int w,
      boolean flipX,
      boolean flipY,
      int outHeight,
      int outWidth,
      Resize.Convention convention) {
    float[] out = new float[outHeight * outWidth * 3];
    for (int r = 0; r < outHeight; r++) {
      float[] ry = sample(r, h, outHeight, convention);
      int top = y + (flipY ? h - 1 - (int) ry[0] : (int) ry[0]);
      int bottom = y + (flipY ? h - 1 - (int) ry[1] : (int) ry[1]);
      for (int c = 0; c < outWidth; c++) {
        float[] rx = sample(c, w, outWidth, convention);
        int left = x + (flipX ? w - 1 - (int) rx[0] : (int) rx[0]);
        int right = x + (flipX ? w - 1 - (int) rx[1] : (int) rx[1]);
        for (int ch = 0; ch < 3; ch++) {
          float tl = src[(top * srcWidth + left) * 3 + ch];
          float tr = src[(top * srcWidth + right) * 3 + ch];
          float bl = src[(bottom * srcWidth + left) * 3 + ch];
          float br = src[(bottom * srcWidth + right) * 3 + ch];
          float t = tl + (tr - tl) * rx[2];
          float b = bl + (br - bl) * rx[2];
          out[(r * outWidth + c) * 3 + ch] = t + (b - t) * ry[2];
        }
      }
    }
    return out;
  }

  /** TensorFlow's sample position of output index {@code i}: {lower, upper, lerp}. */
  private static float[] sample(int i, int in, int out, Resize.Convention convention) {
    boolean half = convention == Resize.Convention.HALF_PIXEL_CENTERS;
    float scale = half ? (float) in / out : (out > 1 ? (in - 1) / (float) (out - 1) : 0f);
    float pos = half ? (i + 0.5f) * scale - 0.5f : i * scale;
    float floor = (float) Math.floor(pos);
    int lo = Math.min(Math.max((int) floor, 0), in - 1);
    int hi = Math.max(Math.min((int) Math.ceil(pos), in - 1), 0);
    return new float[] {lo, hi, pos - floor};
  }
}
