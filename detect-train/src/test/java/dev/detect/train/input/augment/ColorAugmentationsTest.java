package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.ImageBoxes;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ColorAugmentationsTest {
  static final float EPS = 1e-3f;

  @Test
  void hue_shiftOfOneThirdTurnsRedIntoGreen() {
    float[] p = {255, 0, 0};
    ColorKernels.saturationHue(p, 1f, 1f / 3f);
    assertArrayEquals(new float[] {0, 255, 0}, p, EPS);
    float[] q = {255, 0, 0};
    ColorKernels.saturationHue(q, 1f, -1f / 6f);
    assertArrayEquals(new float[] {255, 0, 255}, q, EPS);
  }

  @Test
  void saturation_zeroGivesTheValueGrayAndGrayStaysGray() {
    float[] p = {200, 100, 50, 90, 90, 90};
    ColorKernels.saturationHue(p, 0f, 0f);
    assertArrayEquals(new float[] {200, 200, 200, 90, 90, 90}, p, EPS);
    float[] q = {200, 100, 50};
    ColorKernels.saturationHue(q, 2f, 0f);
    // s = 0.75 doubled and clipped to 1: the min channel goes to 0; value and hue are kept, so
    // (g - b) / (r - b) stays 1/3.
    assertArrayEquals(new float[] {200, 200f / 3, 0}, q, EPS);
  }

  @Test
  void contrast_scalesAroundEachChannelMean() {
    float[] p = {0, 100, 200, 100, 100, 100};
    ColorKernels.contrast(p, 2f);
    // means (50, 100, 150)
    assertArrayEquals(new float[] {0, 100, 250, 150, 100, 50}, p, EPS);
  }

  @Test
  void brightness_isAFractionOfTheFullRangeAndClips() {
    float[] p = {10, 250, 100};
    ColorKernels.brightness(p, 0.2f * 255f);
    assertArrayEquals(new float[] {61, 255, 151}, p, EPS);
  }

  @Test
  void gray_usesTheOdApiLumaWeights() {
    float[] p = {100, 150, 200};
    ColorKernels.gray(p);
    float v = 0.2989f * 100 + 0.5870f * 150 + 0.1140f * 200;
    assertArrayEquals(new float[] {v, v, v}, p, EPS);
  }

  @Test
  void randomBrightness_movesAllPixelsByTheSameDeltaWithinTheRange() {
    SplittableRandom rng = new SplittableRandom(3);
    boolean up = false;
    boolean down = false;
    for (int i = 0; i < 100; i++) {
      ImageBoxes in = ImageBoxes.ofImage(new float[] {100, 120, 140, 60, 60, 60}, 1, 2, "b");
      ImageBoxes out = RandomAdjustBrightness.defaults().apply(in, rng);
      float d = out.pixels()[0] - 100;
      assertTrue(Math.abs(d) <= 0.2f * 255 + EPS);
      for (int k = 0; k < 6; k++) {
        assertEquals(new float[] {100, 120, 140, 60, 60, 60}[k] + d, out.pixels()[k], EPS);
      }
      up |= d > 25;
      down |= d < -25;
    }
    assertTrue(up && down);
  }

  @Test
  void distortColor_changesColoursInBothOrderingsAndStaysInRange() {
    for (int ordering = 0; ordering < 2; ordering++) {
      ImageBoxes in = Scenes.draw(20, 30, 3, 1);
      float[] before = in.pixels().clone();
      ImageBoxes out = new RandomDistortColor(ordering).apply(in, new SplittableRandom(4));
      assertNotEquals(before[0], out.pixels()[0]);
      for (float v : out.pixels()) {
        assertTrue(v >= 0 && v <= 255);
      }
    }
  }

  @Test
  void rgbToGray_probabilityOneAlwaysGrays() {
    ImageBoxes out =
        new RandomRgbToGray(1.0)
            .apply(
                ImageBoxes.ofImage(new float[] {10, 20, 30}, 1, 1, "g"), new SplittableRandom(1));
    assertEquals(out.pixels()[0], out.pixels()[1]);
    assertEquals(out.pixels()[1], out.pixels()[2]);
  }

  @Test
  void blackPatches_haveTheConfiguredSide() {
    float[] px = new float[100 * 100 * 3];
    java.util.Arrays.fill(px, 100f);
    ImageBoxes out =
        new RandomBlackPatches(1, 1.0, 0.2)
            .apply(ImageBoxes.ofImage(px, 100, 100, "p"), new SplittableRandom(2));
    int black = 0;
    for (int i = 0; i < px.length; i += 3) {
      if (out.pixels()[i] == 0f) {
        black++;
      }
    }
    assertEquals(20 * 20, black);
  }
}
