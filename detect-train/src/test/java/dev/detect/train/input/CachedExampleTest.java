package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.augment.Geometry;
import org.junit.jupiter.api.Test;

class CachedExampleTest {
  private static ImageBoxes example(float... values) {
    float[] px = new float[2 * 2 * 3];
    for (int i = 0; i < px.length; i++) {
      px[i] = values[i % values.length];
    }
    return ImageBoxes.of(
        px, 2, 2, new float[][] {{0.1f, 0.2f, 0.6f, 0.7f}}, new int[] {3}, new float[] {1}, "s#1");
  }

  @Test
  void wholeNumbersFrom0To255_areKeptAsBytes_aQuarterOfTheMemory() {
    ImageBoxes x = example(0, 1, 127, 128, 200, 255);
    CachedExample c = CachedExample.compact(x);
    assertTrue(c.isCompact());
    assertTrue(c.bytes() < CachedExample.of(x).bytes() - 2 * x.pixels().length);
    ImageBoxes back = c.example();
    assertArrayEquals(x.pixels(), back.pixels(), "bytes read back unsigned");
    assertNotSame(x.pixels(), back.pixels());
    assertEquals(2, back.height());
    assertEquals("s#1", back.source());
    assertArrayEquals(x.boxes()[0], back.boxes()[0]);
    assertArrayEquals(x.classes(), back.classes());
  }

  @Test
  void anyOtherValue_keepsTheFloats() {
    for (float odd : new float[] {0.5f, -1f, 256f, 1000f, -0.0f, Float.NaN, 3.25f}) {
      ImageBoxes x = example(10, odd, 20);
      CachedExample c = CachedExample.compact(x);
      assertFalse(c.isCompact(), "value " + odd);
      assertSame(x, c.example(), "the float example itself");
    }
  }

  @Test
  void resize_fromBytesEqualsFromFloats() {
    ImageBoxes x = example(3, 250, 17, 99, 0, 255, 40);
    Geometry view =
        new Geometry(
            0, 1, true, false, new Geometry.Layout(2, 1, x.boxes(), x.classes(), x.weights()));
    float[] a = new float[5 + 3 * 4 * 3];
    float[] b = new float[5 + 3 * 4 * 3];
    CachedExample.compact(x).resize(view, 3, 4, Resize.Convention.HALF_PIXEL_CENTERS, a, 5);
    CachedExample.of(x).resize(view, 3, 4, Resize.Convention.HALF_PIXEL_CENTERS, b, 5);
    assertArrayEquals(b, a);
    float[] direct =
        Resize.bilinear(
            x.pixels(),
            2,
            0,
            1,
            2,
            1,
            true,
            false,
            3,
            4,
            Resize.Convention.HALF_PIXEL_CENTERS,
            null);
    for (int i = 0; i < direct.length; i++) {
      assertEquals(direct[i], a[5 + i], "value " + i);
    }
  }
}
