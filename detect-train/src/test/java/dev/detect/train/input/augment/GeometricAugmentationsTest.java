package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.detect.train.input.ImageBoxes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GeometricAugmentationsTest {
  static final float EPS = 1e-6f;

  /** A 2x3 image whose pixel (y, x) has value 10 * y + x in every channel, and one box. */
  static ImageBoxes ramp() {
    int h = 2;
    int w = 3;
    float[] px = new float[h * w * 3];
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        for (int c = 0; c < 3; c++) {
          px[(y * w + x) * 3 + c] = 10 * y + x;
        }
      }
    }
    return ImageBoxes.of(
        px, h, w, new float[][] {{0.1f, 0.2f, 0.5f, 0.6f}}, new int[] {4}, new float[] {1}, "ramp");
  }

  @Test
  void horizontalFlip_mirrorsPixelsAndMapsXminToOneMinusXmax() {
    ImageBoxes out = new RandomHorizontalFlip(1.0).apply(ramp(), new SplittableRandom(1));
    assertArrayEquals(new float[] {2, 2, 2}, Scenes.pixel(out, 0, 0));
    assertArrayEquals(new float[] {10, 10, 10}, Scenes.pixel(out, 1, 2));
    assertArrayEquals(new float[] {0.1f, 0.4f, 0.5f, 0.8f}, out.boxes()[0], EPS);
    assertArrayEquals(new int[] {4}, out.classes());
  }

  @Test
  void verticalFlip_mirrorsRowsAndMapsYminToOneMinusYmax() {
    ImageBoxes out = new RandomVerticalFlip(1.0).apply(ramp(), new SplittableRandom(1));
    assertArrayEquals(new float[] {10, 10, 10}, Scenes.pixel(out, 0, 0));
    assertArrayEquals(new float[] {2, 2, 2}, Scenes.pixel(out, 1, 2));
    assertArrayEquals(new float[] {0.5f, 0.2f, 0.9f, 0.6f}, out.boxes()[0], EPS);
  }

  @Test
  void rotation90_isCounterClockwiseLikeTfImageRot90() {
    ImageBoxes out = new RandomRotation90(1.0).apply(ramp(), new SplittableRandom(1));
    assertEquals(3, out.height());
    assertEquals(2, out.width());
    // Counter-clockwise: the top-right input pixel (0, 2) becomes the top-left one.
    assertArrayEquals(new float[] {2, 2, 2}, Scenes.pixel(out, 0, 0));
    assertArrayEquals(new float[] {12, 12, 12}, Scenes.pixel(out, 0, 1));
    assertArrayEquals(new float[] {0, 0, 0}, Scenes.pixel(out, 2, 0));
    assertArrayEquals(new float[] {1 - 0.6f, 0.1f, 1 - 0.2f, 0.5f}, out.boxes()[0], EPS);
  }

  @Test
  void probabilityZero_leavesTheExampleAlone() {
    ImageBoxes in = ramp();
    SplittableRandom rng = new SplittableRandom(3);
    assertSame(in, new RandomHorizontalFlip(0).apply(in, rng));
    assertSame(in, new RandomVerticalFlip(0).apply(in, rng));
    assertSame(in, new RandomRotation90(0).apply(in, rng));
  }

  @Test
  void flips_happenAboutHalfTheTimeByDefault() {
    SplittableRandom rng = new SplittableRandom(7);
    int flipped = 0;
    for (int i = 0; i < 2000; i++) {
      ImageBoxes in = ramp();
      if (RandomHorizontalFlip.defaults().apply(in, rng).boxes()[0][1] != 0.2f) {
        flipped++;
      }
    }
    assertEquals(1000, flipped, 100);
  }

  @Test
  void pad_shrinksBoxesByThePadRatio() {
    ImageBoxes in = Scenes.draw(40, 60, 2, 5);
    float[][] before = in.copy().boxes();
    ImageBoxes out =
        RandomPadImage.defaults()
            .withMinImageSize(80, 120)
            .withMaxImageSize(80, 120)
            .withPadColor(0, 0, 0)
            .apply(in, new SplittableRandom(2));
    assertEquals(80, out.height());
    assertEquals(120, out.width());
    for (int i = 0; i < 2; i++) {
      float[] a = before[i];
      float[] b = out.boxes()[i];
      assertEquals((a[2] - a[0]) / 2, b[2] - b[0], 1e-5);
      assertEquals((a[3] - a[1]) / 2, b[3] - b[1], 1e-5);
    }
    assertArrayEquals(new float[] {0, 0, 0}, Scenes.pixel(out, 0, 0));
  }

  @Test
  void pad_defaultsToTheMeanColourAndAtMostTwiceTheSize() {
    ImageBoxes in = ImageBoxes.ofImage(new float[] {0, 0, 0, 100, 50, 20}, 1, 2, "two");
    SplittableRandom rng = new SplittableRandom(9);
    for (int i = 0; i < 50; i++) {
      ImageBoxes out = RandomPadImage.defaults().apply(in.copy(), rng);
      assertEquals(true, out.height() >= 1 && out.height() < 2 + 1);
      assertEquals(true, out.width() >= 2 && out.width() < 4);
      if (out.width() == 3) {
        int x = out.pixels()[0] == 50f ? 0 : 2;
        assertArrayEquals(new float[] {50, 25, 10}, Scenes.pixel(out, 0, x));
      }
    }
  }

  @Test
  void imageScale_scalesTheSizeWithinTheRange() {
    SplittableRandom rng = new SplittableRandom(4);
    for (int i = 0; i < 50; i++) {
      ImageBoxes out = RandomImageScale.defaults().apply(Scenes.draw(50, 80, 1, i), rng);
      double f = out.height() / 50.0;
      assertEquals(true, f >= 0.5 - 0.02 && f < 2.0, "factor " + f);
      assertEquals(f, out.width() / 80.0, 0.03);
    }
  }

  @Test
  void invalidParameters_areRefused() {
    assertThrows(IllegalArgumentException.class, () -> new RandomHorizontalFlip(1.5));
    assertThrows(IllegalArgumentException.class, () -> new RandomImageScale(2, 1));
    assertThrows(
        IllegalArgumentException.class, () -> RandomPadImage.defaults().withMinImageSize(0, 3));
    assertThrows(
        IllegalArgumentException.class,
        () -> new RandomJitterBoxes(-1, RandomJitterBoxes.JitterMode.DEFAULT));
  }
}
