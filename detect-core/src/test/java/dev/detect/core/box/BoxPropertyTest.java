package dev.detect.core.box;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class BoxPropertyTest {
  @Property
  void normalizeThenPixels_isIdentity(
      @ForAll @DoubleRange(min = -100, max = 5000) double x0,
      @ForAll @DoubleRange(min = -100, max = 5000) double y0,
      @ForAll @DoubleRange(min = 0, max = 3000) double w,
      @ForAll @DoubleRange(min = 0, max = 3000) double h,
      @ForAll @IntRange(min = 1, max = 8000) int iw,
      @ForAll @IntRange(min = 1, max = 8000) int ih) {
    PixelBox b = PixelBox.ofXywh(x0, y0, w, h);
    PixelBox back = b.toNormalized(iw, ih).toPixels(iw, ih);
    assertEquals(b.xmin(), back.xmin(), 1e-9 * Math.max(1, Math.abs(b.xmin())));
    assertEquals(b.ymax(), back.ymax(), 1e-9 * Math.max(1, Math.abs(b.ymax())));
  }

  @Property
  void iou_isSymmetricBoundedAndOneWithItself(
      @ForAll @DoubleRange(min = 0, max = 100) double a,
      @ForAll @DoubleRange(min = 0, max = 100) double b,
      @ForAll @DoubleRange(min = 0.1, max = 50) double w1,
      @ForAll @DoubleRange(min = 0.1, max = 50) double h1,
      @ForAll @DoubleRange(min = 0, max = 100) double c,
      @ForAll @DoubleRange(min = 0, max = 100) double d,
      @ForAll @DoubleRange(min = 0.1, max = 50) double w2,
      @ForAll @DoubleRange(min = 0.1, max = 50) double h2) {
    PixelBox p = PixelBox.ofXywh(a, b, w1, h1);
    PixelBox q = PixelBox.ofXywh(c, d, w2, h2);
    double iou = p.iou(q);
    assertEquals(iou, q.iou(p), 1e-12);
    assertTrue(iou >= 0 && iou <= 1 + 1e-12, "iou " + iou);
    assertEquals(1.0, p.iou(p), 1e-12);
    assertEquals(iou, p.toNormalized(200, 150).iou(q.toNormalized(200, 150)), 1e-9);
  }

  @Property
  void clip_alwaysLandsInsideTheImage(
      @ForAll @DoubleRange(min = -1000, max = 1000) double x0,
      @ForAll @DoubleRange(min = -1000, max = 1000) double y0,
      @ForAll @DoubleRange(min = -1000, max = 1000) double x1,
      @ForAll @DoubleRange(min = -1000, max = 1000) double y1,
      @ForAll @IntRange(min = 1, max = 800) int w,
      @ForAll @IntRange(min = 1, max = 800) int h) {
    PixelBox c = PixelBox.ofCorners(x0, y0, x1, y1).clipTo(w, h);
    assertTrue(c.isInside(w, h), c.toString());
    NormalizedBox n = NormalizedBox.ofYxyx(y0 / 100, x0 / 100, y1 / 100, x1 / 100).clip();
    assertTrue(n.ymin() >= 0 && n.xmax() <= 1);
  }

  @Property
  void validWithin_meansPositiveAreaInside(
      @ForAll @DoubleRange(min = -10, max = 110) double x0,
      @ForAll @DoubleRange(min = -10, max = 110) double y0,
      @ForAll @DoubleRange(min = -10, max = 110) double x1,
      @ForAll @DoubleRange(min = -10, max = 110) double y1) {
    PixelBox b = PixelBox.ofCorners(x0, y0, x1, y1);
    boolean expected = x0 < x1 && y0 < y1 && x0 >= 0 && y0 >= 0 && x1 <= 100 && y1 <= 100;
    assertEquals(expected, b.isValidWithin(100, 100));
    assertEquals(expected, b.toNormalized(100, 100).isValid());
    assertEquals(b.hasPositiveArea(), b.area() > 0);
  }

  @Test
  void nonFiniteCoordinates_areRejected() {
    assertThrows(IllegalArgumentException.class, () -> PixelBox.ofCorners(Double.NaN, 0, 1, 1));
    assertThrows(
        IllegalArgumentException.class,
        () -> NormalizedBox.ofYxyx(0, 0, Double.POSITIVE_INFINITY, 1));
    assertThrows(
        IllegalArgumentException.class, () -> PixelBox.ofCorners(0, 0, 1, 1).toNormalized(0, 10));
  }

  @Test
  void yoloCenterForm_convertsToCorners() {
    NormalizedBox b = NormalizedBox.ofCenter(0.5, 0.25, 0.2, 0.1);
    assertEquals(0.2, b.ymin(), 1e-12);
    assertEquals(0.4, b.xmin(), 1e-12);
    assertEquals(0.3, b.ymax(), 1e-12);
    assertEquals(0.6, b.xmax(), 1e-12);
  }
}
