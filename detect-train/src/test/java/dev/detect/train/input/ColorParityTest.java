package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.TensorFlowImageOps.Diff;
import dev.detect.train.input.augment.Augmentation;
import dev.detect.train.input.augment.RandomAdjustBrightness;
import dev.detect.train.input.augment.RandomAdjustContrast;
import dev.detect.train.input.augment.RandomAdjustHue;
import dev.detect.train.input.augment.RandomAdjustSaturation;
import dev.detect.train.input.augment.RandomDistortColor;
import dev.detect.train.input.augment.RandomRgbToGray;
import java.util.List;
import java.util.function.BiFunction;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The colour augmentations against the OD API's {@code preprocessor.py} built from TensorFlow's own
 * ops on real photos of the shared data: each {@code random_adjust_*} step divides the image by
 * 255, applies {@code tf.image.adjust_brightness} (an {@code AddV2} of the delta), {@code
 * AdjustContrastv2}, {@code AdjustSaturation} or {@code AdjustHue}, multiplies by 255 and clips to
 * [0, 255]. The random draws are fixed (a stub generator), at both ends of each range, so both
 * sides use the same factor. Differences are in levels of 255.
 */
class ColorParityTest {
  private static final List<String> PHOTOS =
      List.of(SharedPhotos.RACCOON, SharedPhotos.BCCD, SharedPhotos.PNG);

  /** Draws near both ends and the middle of a range. */
  private static final double[] DRAWS = {0.0, 0.5, 0.999};

  /**
   * Bound on any value, in levels of 255: float rounding only (the largest measured, 3.5e-4, is
   * {@code random_distort_color}'s chain of four steps). The Java kernels run on [0, 255] and
   * TensorFlow's on [0, 1], and contrast sums the channel means in another order.
   */
  static final double MAX = 2e-3;

  /** Bound on the mean difference, in levels of 255 (largest measured 5.0e-5). */
  static final double MEAN = 2e-4;

  /**
   * {@code random_adjust_brightness} (max delta 0.2, i.e. ±51 levels, both ends and 0) against
   * {@code adjust_brightness(image / 255, delta) * 255} clipped: max ≤ {@value #MAX}, mean ≤
   * {@value #MEAN}. Measured max 1.5e-5, mean 9.0e-6.
   */
  @Test
  void brightness_matchesAdjustBrightnessOfTheImageOver255ThenClip() {
    Diff worst = new Diff(0, 0, 0);
    for (double u : DRAWS) {
      float delta = drawn(-0.2, 0.2, u);
      worst =
          worst.worst(
              compare(
                  new RandomAdjustBrightness(0.2),
                  new double[] {u},
                  (tf, x) -> tf.math.add(x, tf.constant(delta))));
    }
    assertBounded("brightness", worst);
  }

  /**
   * {@code random_adjust_contrast} (factors 0.5, 1.0, 1.5) against {@code AdjustContrastv2}: max ≤
   * {@value #MAX}, mean ≤ {@value #MEAN}. Measured max 4.6e-5, mean 1.1e-5.
   */
  @Test
  void contrast_matchesAdjustContrastV2() {
    Diff worst = new Diff(0, 0, 0);
    for (double u : DRAWS) {
      float factor = drawn(0.5, 1.5, u);
      worst =
          worst.worst(
              compare(
                  new RandomAdjustContrast(0.5, 1.5),
                  new double[] {u},
                  (tf, x) -> tf.image.adjustContrast(x, tf.constant(factor))));
    }
    assertBounded("contrast", worst);
  }

  /**
   * {@code random_adjust_saturation} (factors 0.5, 1.0, 1.5) against {@code AdjustSaturation}: max
   * ≤ {@value #MAX}, mean ≤ {@value #MEAN}. Measured max 1.5e-4, mean 1.0e-5.
   */
  @Test
  void saturation_matchesAdjustSaturation() {
    Diff worst = new Diff(0, 0, 0);
    for (double u : DRAWS) {
      float factor = drawn(0.5, 1.5, u);
      worst =
          worst.worst(
              compare(
                  new RandomAdjustSaturation(0.5, 1.5),
                  new double[] {u},
                  (tf, x) -> tf.image.adjustSaturation(x, tf.constant(factor))));
    }
    assertBounded("saturation", worst);
  }

  /**
   * {@code random_adjust_hue} (deltas -0.5, 0, 0.499: the widest the proto allows, so hues wrap)
   * against {@code AdjustHue}: max ≤ {@value #MAX}, mean ≤ {@value #MEAN}. Measured max 2.6e-4,
   * mean 1.1e-5.
   */
  @Test
  void hue_matchesAdjustHueAcrossTheWholeCircle() {
    Diff worst = new Diff(0, 0, 0);
    for (double u : DRAWS) {
      float delta = drawn(-0.5, 0.5, u);
      worst =
          worst.worst(
              compare(
                  new RandomAdjustHue(0.5),
                  new double[] {u},
                  (tf, x) -> tf.image.adjustHue(x, tf.constant(delta))));
    }
    assertBounded("hue", worst);
  }

  /**
   * {@code random_rgb_to_gray} against {@code rgb_to_grayscale} (a tensordot, here a {@code MatMul}
   * with the weights 0.2989, 0.5870, 0.1140) tiled back to three channels ({@code
   * grayscale_to_rgb}); the OD API does not divide by 255 here: max ≤ {@value #MAX}, mean ≤ {@value
   * #MEAN}. Measured max 0, mean 0.
   */
  @Test
  void gray_matchesRgbToGrayscaleThenGrayscaleToRgb() {
    Diff worst = new Diff(0, 0, 0);
    for (String photo : PHOTOS) {
      ImageBoxes img = SharedPhotos.decoded(photo);
      int h = img.height();
      int w = img.width();
      float[] tf =
          TensorFlowImageOps.run(
              img.pixels(),
              h,
              w,
              img.pixels().length,
              (ops, x) -> {
                // rgb_to_grayscale: tensordot with the luma weights; grayscale_to_rgb: tile.
                Operand<TFloat32> gray =
                    ops.linalg.matMul(
                        ops.reshape(x, ops.constant(new int[] {h * w, 3})),
                        ops.constant(new float[][] {{0.2989f}, {0.5870f}, {0.1140f}}));
                return ops.reshape(
                    ops.tile(gray, ops.constant(new int[] {1, 3})),
                    ops.constant(new int[] {h, w, 3}));
              });
      float[] java = new RandomRgbToGray(1.0).apply(copy(img), draws(0.5)).pixels();
      worst = worst.worst(Diff.of(tf, java));
    }
    assertBounded("gray", worst);
  }

  /**
   * {@code random_distort_color}, both orderings, whose Java code fuses the steps (one HSV round
   * trip for saturation and hue, brightness and the contrast means in one pass), against the OD
   * API's four separately clipped steps: max ≤ {@value #MAX}, mean ≤ {@value #MEAN}. Measured max
   * 3.5e-4, mean 5.0e-5.
   */
  @Test
  void distortColor_matchesTheOdApiChainOfFourClippedSteps() {
    Diff worst = new Diff(0, 0, 0);
    double[][] draws = {{0.0, 0.0, 0.0, 0.0}, {0.999, 0.999, 0.999, 0.999}, {0.9, 0.1, 0.7, 0.3}};
    for (double[] u : draws) {
      float brightness = drawn(-32.0 / 255, 32.0 / 255, u[0]);
      // Ordering 0: brightness, saturation, hue, contrast.
      float sat0 = drawn(0.5, 1.5, u[1]);
      float hue0 = drawn(-0.2, 0.2, u[2]);
      float con0 = drawn(0.5, 1.5, u[3]);
      worst =
          worst.worst(
              compareChain(
                  new RandomDistortColor(0),
                  u,
                  (tf, x) -> {
                    Operand<TFloat32> y = brightness(tf, x, brightness);
                    y =
                        TensorFlowImageOps.odApiStep(
                            tf, y, (t, z) -> t.image.adjustSaturation(z, t.constant(sat0)));
                    y =
                        TensorFlowImageOps.odApiStep(
                            tf, y, (t, z) -> t.image.adjustHue(z, t.constant(hue0)));
                    return TensorFlowImageOps.odApiStep(
                        tf, y, (t, z) -> t.image.adjustContrast(z, t.constant(con0)));
                  }));
      // Ordering 1: brightness, contrast, saturation, hue.
      float con1 = drawn(0.5, 1.5, u[1]);
      float sat1 = drawn(0.5, 1.5, u[2]);
      float hue1 = drawn(-0.2, 0.2, u[3]);
      worst =
          worst.worst(
              compareChain(
                  new RandomDistortColor(1),
                  u,
                  (tf, x) -> {
                    Operand<TFloat32> y = brightness(tf, x, brightness);
                    y =
                        TensorFlowImageOps.odApiStep(
                            tf, y, (t, z) -> t.image.adjustContrast(z, t.constant(con1)));
                    y =
                        TensorFlowImageOps.odApiStep(
                            tf, y, (t, z) -> t.image.adjustSaturation(z, t.constant(sat1)));
                    return TensorFlowImageOps.odApiStep(
                        tf, y, (t, z) -> t.image.adjustHue(z, t.constant(hue1)));
                  }));
    }
    assertBounded("distort color", worst);
  }

  private static void assertBounded(String what, Diff diff) {
    assertTrue(
        diff.max() <= MAX && diff.mean() <= MEAN,
        () -> what + ", Java vs TensorFlow on " + PHOTOS + ": " + diff);
  }

  private static Operand<TFloat32> brightness(Ops tf, Operand<TFloat32> x, float delta) {
    return TensorFlowImageOps.odApiStep(tf, x, (t, z) -> t.math.add(z, t.constant(delta)));
  }

  /** One OD API step ({@code op} between the divide by 255 and the clip) against {@code step}. */
  private static Diff compare(
      Augmentation step, double[] u, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op) {
    return compareChain(step, u, (tf, x) -> TensorFlowImageOps.odApiStep(tf, x, op));
  }

  private static Diff compareChain(
      Augmentation step, double[] u, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> chain) {
    Diff worst = new Diff(0, 0, 0);
    for (String photo : PHOTOS) {
      ImageBoxes img = SharedPhotos.decoded(photo);
      float[] tf =
          TensorFlowImageOps.run(
              img.pixels(), img.height(), img.width(), img.pixels().length, chain);
      float[] java = step.apply(copy(img), draws(u)).pixels();
      worst = worst.worst(Diff.of(tf, java));
    }
    return worst;
  }

  /** The value {@code Rand.uniform} draws from {@code [min, max)} for {@code nextDouble() = u}. */
  static float drawn(double min, double max, double u) {
    return (float) (min + (max - min) * u);
  }

  private static ImageBoxes copy(ImageBoxes img) {
    return ImageBoxes.ofImage(img.pixels().clone(), img.height(), img.width(), img.source());
  }

  /** A generator whose {@code nextDouble()} and {@code nextFloat()} return {@code u} in order. */
  static RandomGenerator draws(double... u) {
    return new RandomGenerator() {
      private int next;

      @Override
      public long nextLong() {
        throw new UnsupportedOperationException("the colour steps draw doubles and floats");
      }

      @Override
      public double nextDouble() {
        return u[next++];
      }

      @Override
      public float nextFloat() {
        return (float) u[next++];
      }
    };
  }
}
