package dev.detect.train.input.augment;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.ImageBoxes;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class CropAugmentationsTest {

  @Test
  void crop_removesObjectsBelowTheOverlapThresholdWithTheirClassesAndWeights() {
    float[][] boxes = {
      {0.0f, 0.0f, 0.5f, 0.5f}, // fully inside the window
      {0.4f, 0.4f, 0.6f, 0.6f}, // a quarter inside
      {0.6f, 0.6f, 1.0f, 1.0f}, // outside
    };
    ImageBoxes in =
        ImageBoxes.of(
            new float[100 * 100 * 3],
            100,
            100,
            boxes,
            new int[] {1, 2, 3},
            new float[] {1f, 2f, 3f},
            "t");
    ImageBoxes out = BoxOps.crop(in, 0, 0, 50, 50, 0.3f, true);
    assertEquals(50, out.height());
    assertArrayEquals(new int[] {1}, out.classes());
    assertArrayEquals(new float[] {1f}, out.weights());
    assertArrayEquals(new float[] {0f, 0f, 1f, 1f}, out.boxes()[0], 1e-6f);

    ImageBoxes loose = BoxOps.crop(in.copy(), 0, 0, 50, 50, 0.24f, true);
    assertArrayEquals(new int[] {1, 2}, loose.classes());
    assertArrayEquals(new float[] {0.8f, 0.8f, 1f, 1f}, loose.boxes()[1], 1e-6f);

    ImageBoxes unclipped = BoxOps.crop(in.copy(), 0, 0, 50, 50, 0.24f, false);
    assertArrayEquals(new float[] {0.8f, 0.8f, 1.2f, 1.2f}, unclipped.boxes()[1], 1e-6f);
  }

  @Test
  void crop_dropsBoxesThatTouchTheWindowOnlyUpToFloatRounding() {
    // Regression: after flips and a rotation a box edge landed at 0.85714275, just below the
    // window's edge 6/7 = 0.85714287, and survived as a zero-height sliver.
    float ymin = 0.85714275f;
    ImageBoxes in =
        ImageBoxes.of(
            new float[7 * 10 * 3],
            7,
            10,
            new float[][] {{ymin, 0.1f, 1f, 0.9f}},
            new int[] {1},
            new float[] {1},
            "t");
    assertTrue(ymin < 6f / 7f);
    assertEquals(0, BoxOps.crop(in, 0, 0, 6, 10, 0f, true).numObjects());
  }

  @Test
  void crop_removingEveryObjectLeavesANegativeExample() {
    ImageBoxes in =
        ImageBoxes.of(
            new float[10 * 10 * 3],
            10,
            10,
            new float[][] {{0.8f, 0.8f, 0.9f, 0.9f}},
            new int[] {1},
            new float[] {1},
            "t");
    ImageBoxes out = BoxOps.crop(in, 0, 0, 5, 5, 0f, true);
    assertEquals(0, out.numObjects());
    assertEquals(5, out.width());
  }

  @Test
  void randomCropImage_withFullCoverageKeepsTheCoveredObjectWhole() {
    SplittableRandom rng = new SplittableRandom(11);
    for (int i = 0; i < 200; i++) {
      ImageBoxes in = Scenes.draw(60, 60, 1, i);
      float[] b = in.boxes()[0].clone();
      ImageBoxes out = RandomCropImage.defaults().apply(in, rng);
      assertEquals(1, out.numObjects());
      // The crop covers the whole box, so the box keeps its size in pixels.
      float[] o = out.boxes()[0];
      assertEquals((b[2] - b[0]) * 60, (o[2] - o[0]) * out.height(), 1e-3);
      assertEquals((b[3] - b[1]) * 60, (o[3] - o[1]) * out.width(), 1e-3);
    }
  }

  @Test
  void sampler_keepsAspectAndAreaWithinTheirRanges() {
    SplittableRandom rng = new SplittableRandom(5);
    CropOperation op = new CropOperation(0.0, 0.5, 2.0, 0.1, 1.0, 0.0, true, 0.0);
    int whole = 0;
    for (int i = 0; i < 2000; i++) {
      int[] c = CropWindowSampler.sample(300, 400, new float[0][], op, rng);
      assertTrue(c[0] >= 0 && c[1] >= 0 && c[0] + c[2] <= 300 && c[1] + c[3] <= 400);
      double area = (double) c[2] * c[3] / (300 * 400);
      double aspect = (double) c[3] / c[2];
      assertTrue(area >= 0.1 - 1e-9 && area <= 1.0, "area " + area);
      assertTrue(aspect >= 0.5 - 0.02 && aspect <= 2.0 + 0.02, "aspect " + aspect);
      if (c[2] == 300 && c[3] == 400) {
        whole++;
      }
    }
    assertTrue(whole < 100, "whole image " + whole + " times");
  }

  @Test
  void sampler_fallsBackToTheWholeImageWhenNoCropSatisfiesTheConstraints() {
    SplittableRandom rng = new SplittableRandom(5);
    // A box under one pixel is ignored by the kernel, so nothing satisfies min_object_covered.
    float[][] tiny = {{0.5f, 0.5f, 0.501f, 0.501f}};
    CropOperation op = new CropOperation(0.5, 0.5, 2.0, 0.1, 0.5, 0.0, true, 0.0);
    assertArrayEquals(
        new int[] {0, 0, 100, 100}, CropWindowSampler.sample(100, 100, tiny, op, rng));
    // No boxes: the whole image is the box, and no crop of at most half its area covers it.
    CropOperation full = new CropOperation(1.0, 0.5, 2.0, 0.1, 0.5, 0.0, true, 0.0);
    assertArrayEquals(
        new int[] {0, 0, 100, 100}, CropWindowSampler.sample(100, 100, new float[0][], full, rng));
  }

  @Test
  void randomCoefOne_neverCrops() {
    ImageBoxes in = Scenes.draw(50, 50, 2, 1);
    CropOperation op = CropOperation.randomCropImageDefaults().withRandomCoef(1.0);
    assertSame(in, new RandomCropImage(op).apply(in, new SplittableRandom(1)));
  }

  @Test
  void ssdDefaults_areTheSevenOperationsOfTheOdApi() {
    List<CropOperation> ops = SsdRandomCrop.defaults().operations();
    assertEquals(7, ops.size());
    double[] expected = {0.0, 0.1, 0.3, 0.5, 0.7, 0.9, 1.0};
    for (int i = 0; i < 7; i++) {
      CropOperation op = ops.get(i);
      assertEquals(expected[i], op.minObjectCovered());
      assertEquals(expected[i], op.overlapThresh());
      assertEquals(0.5, op.minAspectRatio());
      assertEquals(2.0, op.maxAspectRatio());
      assertEquals(0.1, op.minArea());
      assertEquals(1.0, op.maxArea());
      assertEquals(0.15, op.randomCoef());
      assertTrue(op.clipBoxes());
    }
  }

  @Test
  void ssdCrop_leavesAboutFifteenPercentUncropped() {
    SplittableRandom rng = new SplittableRandom(8);
    int same = 0;
    for (int i = 0; i < 1000; i++) {
      ImageBoxes in = Scenes.draw(60, 80, 2, i);
      if (SsdRandomCrop.defaults().apply(in, rng) == in) {
        same++;
      }
    }
    assertEquals(150, same, 45);
  }

  @Test
  void invalidOperations_areRefused() {
    assertThrows(
        IllegalArgumentException.class,
        () -> new CropOperation(0.5, 2.0, 1.0, 0.1, 1.0, 0.3, true, 0));
    assertThrows(
        IllegalArgumentException.class,
        () -> new CropOperation(0.5, 0.5, 1.0, 0.0, 1.0, 0.3, true, 0));
    assertThrows(IllegalArgumentException.class, () -> new SsdRandomCrop(List.of()));
  }
}
