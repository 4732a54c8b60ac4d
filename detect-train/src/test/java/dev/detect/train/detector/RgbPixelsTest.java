package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TUint8;

class RgbPixelsTest {

  @Test
  void of_everyPackedAndGenericTypeGivesTheSrgbBytes() {
    // 9000 wide: more than one band per row; 7 rows: the last band is partial.
    for (int[] size : new int[][] {{9000, 3}, {640, 29}, {1, 1}, {5, 7}}) {
      BufferedImage rgb = random(size[0], size[1], 11);
      byte[] expected = viaGetRgb(rgb);
      for (int type :
          new int[] {
            BufferedImage.TYPE_INT_RGB,
            BufferedImage.TYPE_INT_ARGB,
            BufferedImage.TYPE_INT_ARGB_PRE,
            BufferedImage.TYPE_INT_BGR,
            BufferedImage.TYPE_3BYTE_BGR,
            BufferedImage.TYPE_4BYTE_ABGR
          }) {
        assertArrayEquals(
            expected, RgbPixels.of(convert(rgb, type)), "type " + type + " size " + size[0]);
      }
    }
  }

  @Test
  void of_dropsAlphaWithoutPremultiplying() {
    for (int type : new int[] {BufferedImage.TYPE_INT_ARGB, BufferedImage.TYPE_4BYTE_ABGR}) {
      BufferedImage img = new BufferedImage(3, 2, type);
      img.setRGB(1, 1, 0x40_11_22_33);
      byte[] px = RgbPixels.of(img);
      assertArrayEquals(new byte[] {0x11, 0x22, 0x33}, java.util.Arrays.copyOfRange(px, 12, 15));
    }
  }

  @Test
  void of_grayKeepsTheStoredValues() {
    BufferedImage gray = new BufferedImage(300, 40, BufferedImage.TYPE_BYTE_GRAY);
    SplittableRandom r = new SplittableRandom(3);
    byte[] expected = new byte[300 * 40 * 3];
    for (int y = 0; y < 40; y++) {
      for (int x = 0; x < 300; x++) {
        int v = r.nextInt(256);
        gray.getRaster().setSample(x, y, 0, v);
        int o = 3 * (y * 300 + x);
        expected[o] = (byte) v;
        expected[o + 1] = (byte) v;
        expected[o + 2] = (byte) v;
      }
    }
    assertArrayEquals(expected, RgbPixels.of(gray));
  }

  @Test
  void of_indexedAndSubimagesUseTheColourModel() {
    byte[] red = {0, (byte) 255, 10};
    byte[] green = {0, 0, 20};
    byte[] blue = {0, 0, (byte) 230};
    BufferedImage indexed =
        new BufferedImage(
            9, 4, BufferedImage.TYPE_BYTE_INDEXED, new IndexColorModel(2, 3, red, green, blue));
    indexed.getRaster().setSample(4, 2, 0, 2);
    byte[] px = RgbPixels.of(indexed);
    int o = 3 * (2 * 9 + 4);
    assertEquals(10, px[o]);
    assertEquals(20, px[o + 1]);
    assertEquals((byte) 230, px[o + 2]);

    BufferedImage big = convert(random(50, 40, 5), BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage sub = big.getSubimage(7, 3, 20, 11);
    assertArrayEquals(viaGetRgb(sub), RgbPixels.of(sub));
  }

  @Test
  void bgrIntoTensorMemory_equalsThePortablePath_forEveryLengthModulo24() {
    // Widths 1..17 with 1 and 3 rows: every remainder of the 8-pixel (24-byte) steps.
    for (int w = 1; w <= 17; w++) {
      for (int h : new int[] {1, 3}) {
        BufferedImage img = convert(random(w, h, w * 31 + h), BufferedImage.TYPE_3BYTE_BGR);
        try (TUint8 t = RgbPixels.tensor(img)) {
          byte[] read = new byte[w * h * 3];
          t.asRawTensor().data().read(read);
          assertArrayEquals(viaGetRgb(img), read, w + "x" + h);
        }
      }
    }
  }

  @Test
  void bgrIntoTensorMemory_inTwoHalves_equalsThePortablePath() {
    // Large enough to be converted in two halves at once (HalfSplit.MIN_WORK), with a pixel count
    // that is not a multiple of 8: the halves' seam and the last partial step.
    for (int[] size : new int[][] {{701, 301}, {1201, 803}}) {
      int w = size[0];
      int h = size[1];
      assertTrue((long) w * h * 3 >= HalfSplit.MIN_WORK);
      BufferedImage img = convert(random(w, h, w + h), BufferedImage.TYPE_3BYTE_BGR);
      try (TUint8 t = RgbPixels.tensor(img)) {
        byte[] read = new byte[w * h * 3];
        t.asRawTensor().data().read(read);
        assertArrayEquals(viaGetRgb(img), read, w + "x" + h);
      }
    }
  }

  @Test
  void tensor_holdsTheSameBytesWithTheBatchShape() {
    BufferedImage img = convert(random(333, 77, 9), BufferedImage.TYPE_3BYTE_BGR);
    try (TUint8 t = RgbPixels.tensor(img)) {
      assertEquals(Shape.of(1, 77, 333, 3), t.shape());
      byte[] read = new byte[333 * 77 * 3];
      t.asRawTensor().data().read(read);
      assertArrayEquals(RgbPixels.of(img), read);
    }
  }

  @Test
  void tensor_roundsDecodedFloatPixels() {
    int n = 20_000 * 3; // more than one band
    float[] px = new float[n];
    byte[] expected = new byte[n];
    for (int i = 0; i < n; i++) {
      px[i] = (i % 2560) / 10f;
      expected[i] = (byte) Math.round(px[i]);
    }
    try (TUint8 t = RgbPixels.tensor(px, 100, 200)) {
      assertEquals(Shape.of(1, 100, 200, 3), t.shape());
      byte[] read = new byte[n];
      t.asRawTensor().data().read(read);
      assertArrayEquals(expected, read);
    }
  }

  @Test
  void tensor_concurrentCallsOnDifferentImagesDoNotMix() throws Exception {
    List<BufferedImage> images = new ArrayList<>();
    int[] types = {
      BufferedImage.TYPE_3BYTE_BGR, BufferedImage.TYPE_INT_RGB, BufferedImage.TYPE_4BYTE_ABGR
    };
    for (int i = 0; i < 6; i++) {
      images.add(convert(random(300 + 40 * i, 90 + 10 * i, i), types[i % types.length]));
    }
    List<byte[]> expected = images.stream().map(RgbPixelsTest::viaGetRgb).toList();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> done = new ArrayList<>();
      for (int t = 0; t < 3; t++) {
        int offset = t;
        done.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 150; i++) {
                    int k = (i + offset) % images.size();
                    try (TUint8 tensor = RgbPixels.tensor(images.get(k))) {
                      byte[] read = new byte[expected.get(k).length];
                      tensor.asRawTensor().data().read(read);
                      assertArrayEquals(expected.get(k), read, "image " + k + " call " + i);
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : done) {
        f.get();
      }
    } finally {
      pool.shutdown();
    }
  }

  private static BufferedImage random(int w, int h, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(1 << 24));
      }
    }
    return img;
  }

  private static BufferedImage convert(BufferedImage src, int type) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
    out.getGraphics().drawImage(src, 0, 0, null);
    return out;
  }

  private static byte[] viaGetRgb(BufferedImage img) {
    int w = img.getWidth();
    int h = img.getHeight();
    byte[] out = new byte[w * h * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        int p = img.getRGB(x, y);
        int o = 3 * (y * w + x);
        out[o] = (byte) (p >> 16);
        out[o + 1] = (byte) (p >> 8);
        out[o + 2] = (byte) p;
      }
    }
    return out;
  }
}
