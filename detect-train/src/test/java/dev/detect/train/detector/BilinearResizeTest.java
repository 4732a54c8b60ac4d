package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

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
}
