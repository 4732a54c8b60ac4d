package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.ImageBoxes;
import java.util.SplittableRandom;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * For every augmentation: boxes stay valid and stay on their rectangles, drawn in unique colours on
 * a plain background.
 */
class AugmentationPropertiesTest {

  @Provide
  Arbitrary<Augmentation> geometric() {
    return Arbitraries.of(
        new RandomHorizontalFlip(1.0),
        new RandomVerticalFlip(1.0),
        new RandomRotation90(1.0),
        RandomHorizontalFlip.defaults(),
        RandomRotation90.defaults(),
        SsdRandomCrop.defaults(),
        RandomCropImage.defaults(),
        new RandomCropImage(new CropOperation(0.0, 0.5, 2.0, 0.1, 1.0, 0.0, true, 0.0)),
        RandomPadImage.defaults(),
        RandomPadImage.defaults().withPadColor(0, 0, 0).withMaxImageSize(300, 300),
        sequence(
            RandomHorizontalFlip.defaults(),
            SsdRandomCrop.defaults(),
            RandomRotation90.defaults(),
            // A crop may show nothing but one rectangle, whose colour the mean would then be.
            RandomPadImage.defaults().withPadColor(0, 0, 0),
            new RandomVerticalFlip(0.5)));
  }

  @Provide
  Arbitrary<Augmentation> pointwiseColour() {
    return Arbitraries.of(
        RandomAdjustBrightness.defaults(),
        RandomAdjustContrast.defaults(),
        RandomAdjustSaturation.defaults(),
        RandomAdjustHue.defaults(),
        new RandomAdjustHue(0.5),
        new RandomDistortColor(0),
        new RandomDistortColor(1),
        new RandomRgbToGray(1.0),
        RandomRgbToGray.defaults());
  }

  static Augmentation sequence(Augmentation... steps) {
    return (in, rng) -> {
      ImageBoxes x = in;
      for (Augmentation a : steps) {
        x = a.apply(x, rng);
      }
      return x;
    };
  }

  @Property(tries = 300)
  void geometric_boxesStayOnTheirRectangles(
      @ForAll("geometric") Augmentation aug,
      @ForAll @IntRange(min = 40, max = 120) int h,
      @ForAll @IntRange(min = 40, max = 120) int w,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, w, n, seed);
    ImageBoxes out = aug.apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    for (int i = 0; i < out.numObjects(); i++) {
      checkOnRectangle(out, i, 0f, 1.01f);
    }
  }

  @Property(tries = 100)
  void imageScale_boxesStayOnTheirRectangles(
      @ForAll @IntRange(min = 40, max = 120) int h,
      @ForAll @IntRange(min = 40, max = 120) int w,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, w, n, seed);
    ImageBoxes out = RandomImageScale.defaults().apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    assertEquals(in.numObjects(), out.numObjects());
    for (int i = 0; i < out.numObjects(); i++) {
      assertArrayEquals(in.boxes()[i], out.boxes()[i]);
      // Bilinear edges blend with the background; interior pixels keep the colour exactly.
      checkOnRectangle(out, i, 0f, 2.5f);
    }
  }

  @Property(tries = 300)
  void pointwiseColour_keepsBoxesAndRectanglesUniform(
      @ForAll("pointwiseColour") Augmentation aug,
      @ForAll @IntRange(min = 30, max = 80) int h,
      @ForAll @IntRange(min = 30, max = 80) int w,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, w, n, seed);
    ImageBoxes out = aug.apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    assertEquals(in.height(), out.height());
    assertEquals(in.width(), out.width());
    assertEquals(in.numObjects(), out.numObjects());
    for (int i = 0; i < n; i++) {
      assertArrayEquals(in.boxes()[i], out.boxes()[i]);
      // The rectangle maps to one new colour, exactly covering the box.
      float[] c = Scenes.centre(out, out.boxes()[i]);
      int[] b = Scenes.colorBounds(out, c, 0f);
      assertBoundsMatch(out, out.boxes()[i], b, 0.01f);
    }
  }

  @Property(tries = 100)
  void pixelValueScale_keepsBoxesAndRange(
      @ForAll @IntRange(min = 30, max = 80) int h, @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, h, 2, seed);
    ImageBoxes out = RandomPixelValueScale.defaults().apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    float[] a = in.pixels();
    float[] b = out.pixels();
    for (int i = 0; i < a.length; i++) {
      assertTrue(b[i] >= Math.min(255, a[i] * 0.9f) - 1e-3 && b[i] <= a[i] * 1.1f + 1e-3);
    }
  }

  @Property(tries = 100)
  void blackPatches_onlyBlackenPixels(
      @ForAll @IntRange(min = 30, max = 100) int h,
      @ForAll @IntRange(min = 30, max = 100) int w,
      @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, w, 3, seed);
    ImageBoxes out =
        new RandomBlackPatches(10, 0.5, 0.2).apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    for (int i = 0; i < 3; i++) {
      assertArrayEquals(in.boxes()[i], out.boxes()[i]);
      int[] b = Scenes.colorBounds(out, Scenes.COLORS[i], 0f);
      if (b != null) {
        // Whatever is left of the rectangle lies inside its box.
        float[] box = out.boxes()[i];
        assertTrue(b[0] >= box[0] * h - 1e-3 && b[2] <= box[2] * h + 1e-3);
        assertTrue(b[1] >= box[1] * w - 1e-3 && b[3] <= box[3] * w + 1e-3);
      }
    }
    for (int i = 0; i < in.pixels().length; i++) {
      float v = out.pixels()[i];
      assertTrue(v == in.pixels()[i] || v == 0f);
    }
  }

  @Property(tries = 200)
  void jitterBoxes_movesEachSideByAtMostTheRatio(
      @ForAll("jitterModes") RandomJitterBoxes.JitterMode mode,
      @ForAll @IntRange(min = 30, max = 80) int h,
      @ForAll @IntRange(min = 1, max = 3) int n,
      @ForAll long seed) {
    ImageBoxes in = Scenes.draw(h, h, n, seed);
    float[] before = in.pixels().clone();
    ImageBoxes out = new RandomJitterBoxes(0.1, mode).apply(in.copy(), new SplittableRandom(seed));
    checkValid(in, out);
    assertArrayEquals(before, out.pixels());
    for (int i = 0; i < n; i++) {
      float[] a = in.boxes()[i];
      float[] b = out.boxes()[i];
      float bh = a[2] - a[0];
      float bw = a[3] - a[1];
      // Each side moves by at most ratio * size / 2 (half-extents scale by 1 + u).
      float[] lim = {bh, bw, bh, bw};
      for (int k = 0; k < 4; k++) {
        assertTrue(Math.abs(a[k] - b[k]) <= 0.1f * lim[k] / 2 + 1e-5, mode + " side " + k);
      }
      checkOnRectangle(out, i, 0f, 0.1f * Math.max(bh, bw) * h / 2 + 1.01f);
    }
  }

  @Provide
  Arbitrary<RandomJitterBoxes.JitterMode> jitterModes() {
    return Arbitraries.of(RandomJitterBoxes.JitterMode.class);
  }

  /** Valid boxes, classes and weights kept in step, pixels in range. */
  static void checkValid(ImageBoxes in, ImageBoxes out) {
    assertEquals(out.numObjects(), out.classes().length);
    assertEquals(out.numObjects(), out.weights().length);
    assertTrue(out.numObjects() <= in.numObjects());
    for (float[] b : out.boxes()) {
      for (float v : b) {
        assertTrue(v >= 0f && v <= 1f, () -> "box outside [0,1]: " + java.util.Arrays.toString(b));
      }
      assertTrue(b[0] <= b[2] && b[1] <= b[3], "box inverted");
    }
    for (int i = 0; i < out.numObjects(); i++) {
      int cls = out.classes()[i];
      assertEquals(0.5f + (cls - 1), out.weights()[i], "weight travels with its object");
    }
    for (float v : out.pixels()) {
      assertTrue(v >= 0f && v <= 255f, "pixel out of range: " + v);
    }
    assertEquals(out.height() * out.width() * 3, out.pixels().length);
  }

  /** The box's centre is on its colour, and the colour's extent matches the box. */
  static void checkOnRectangle(ImageBoxes out, int i, float colourTol, float pixelTol) {
    float[] box = out.boxes()[i];
    float[] colour = Scenes.COLORS[out.classes()[i] - 1];
    assertTrue(
        Scenes.near(Scenes.centre(out, box), colour, colourTol),
        () -> "centre of box " + java.util.Arrays.toString(box) + " is not on its rectangle");
    int[] b = Scenes.colorBounds(out, colour, colourTol);
    assertNotNull(b);
    assertBoundsMatch(out, box, b, pixelTol);
  }

  static void assertBoundsMatch(ImageBoxes out, float[] box, int[] b, float tol) {
    float[] px = {
      box[0] * out.height(), box[1] * out.width(), box[2] * out.height(), box[3] * out.width()
    };
    for (int k = 0; k < 4; k++) {
      int kk = k;
      assertTrue(
          Math.abs(px[k] - b[k]) <= tol,
          () ->
              "box "
                  + java.util.Arrays.toString(px)
                  + " vs coloured pixels "
                  + java.util.Arrays.toString(b)
                  + " differ at "
                  + kk);
    }
  }
}
