package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TUint8;

class BilinearResizeTest {
  @Test
  void bytePaths_equalTheGenericPath_bitForBit() {
    SplittableRandom r = new SplittableRandom(5);
    int[][] sizes = {{187, 250, 256, 256}, {800, 1200, 256, 256}, {30, 17, 64, 50}, {5, 5, 1, 1}};
    for (int[] s : sizes) {
      int h = s[0];
      int w = s[1];
      byte[] rgb = new byte[h * w * 3];
      r.nextBytes(rgb);
      byte[] bgr = new byte[rgb.length];
      float[] floats = new float[rgb.length];
      for (int i = 0; i < rgb.length; i += 3) {
        bgr[i] = rgb[i + 2];
        bgr[i + 1] = rgb[i + 1];
        bgr[i + 2] = rgb[i];
        for (int c = 0; c < 3; c++) {
          floats[i + c] = rgb[i + c] & 0xff;
        }
      }
      byte[] generic = BilinearResize.resize(floats, h, w, s[2], s[3]);
      assertArrayEquals(generic, BilinearResize.resize(rgb, h, w, s[2], s[3]));
      assertArrayEquals(generic, BilinearResize.resizeBgr(bgr, h, w, s[2], s[3]));
    }
  }

  @Test
  void resizeIntoTensorMemory_equalsTheArrayResize_inOneThreadAndInTwoHalves() {
    SplittableRandom r = new SplittableRandom(7);
    // 256x256 is large enough for two halves (HalfSplit.MIN_WORK), 31x17 is done in one thread.
    int[][] sizes = {{800, 1200, 256, 256}, {187, 250, 300, 300}, {40, 60, 31, 17}};
    for (int[] s : sizes) {
      int h = s[0];
      int w = s[1];
      byte[] src = new byte[h * w * 3];
      r.nextBytes(src);
      for (boolean bgr : new boolean[] {false, true}) {
        byte[] expected =
            bgr
                ? BilinearResize.resizeBgr(src, h, w, s[2], s[3])
                : BilinearResize.resize(src, h, w, s[2], s[3]);
        try (TUint8 t = TUint8.tensorOf(Shape.of(1, s[2], s[3], 3))) {
          BilinearResize.resizeInto(src, bgr, h, w, s[2], s[3], t.asRawTensor().data());
          byte[] read = new byte[expected.length];
          t.asRawTensor().data().read(read);
          assertArrayEquals(
              expected, read, h + "x" + w + " -> " + s[2] + "x" + s[3] + " bgr " + bgr);
        }
      }
    }
  }

  @Test
  void resizeToTheSameSize_isACopy() {
    // The Detector feeds an image of the model's fixed size as it is: that must be what the
    // resize would give.
    byte[] src = new byte[37 * 53 * 3];
    new SplittableRandom(3).nextBytes(src);
    assertArrayEquals(src, BilinearResize.resize(src, 37, 53, 37, 53));
  }
}
