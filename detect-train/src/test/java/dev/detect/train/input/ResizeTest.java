package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
}
