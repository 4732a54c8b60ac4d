package dev.detect.core.eval;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NumpyArithmeticTest {

  @Test
  void sum_usesPairwiseSummationLikeNumpy() {
    // np.sum([0.1] * 10) == 1.0 (8 accumulators), while a running sum gives 0.9999999999999999.
    double[] tenth = new double[10];
    java.util.Arrays.fill(tenth, 0.1);
    assertEquals(1.0, NumpyArithmetic.sum(tenth), 0.0);
    // np.sum([0.1 * i for i in range(200)]) == 1990.0 (recursive halving above 128 values);
    // the running sum is 1990.0000000000002.
    double[] ramp = new double[200];
    for (int i = 0; i < ramp.length; i++) {
      ramp[i] = 0.1 * i;
    }
    assertEquals(1990.0, NumpyArithmetic.sum(ramp), 0.0);
  }

  @Test
  void nanMean_ignoresNaN_andIsNaNWhenAllAre() {
    assertEquals(0.375, NumpyArithmetic.nanMean(new double[] {Double.NaN, 0.5, 0.25, Double.NaN}));
    assertTrue(Double.isNaN(NumpyArithmetic.nanMean(new double[] {Double.NaN})));
  }

  @Test
  void descendingLaterFirst_putsLaterIndexFirstOnTies() {
    // np.argsort(x, kind='stable')[::-1] of [0.5, 0.3, 0.5, 0.9] is [3, 2, 0, 1].
    assertArrayEquals(
        new int[] {3, 2, 0, 1},
        NumpyArithmetic.descendingLaterFirst(new float[] {0.5f, 0.3f, 0.5f, 0.9f}));
  }

  @Test
  void descendingStable_keepsIndexOrderOnTies_andTreatsSignedZerosAsEqual() {
    // np.argsort(-x, kind='mergesort') of [0.5, 0.3, 0.5, 0.9, -0.0, 0.0] is [3, 0, 2, 1, 4, 5].
    assertArrayEquals(
        new int[] {3, 0, 2, 1, 4, 5},
        NumpyArithmetic.descendingStable(new float[] {0.5f, 0.3f, 0.5f, 0.9f, -0.0f, 0.0f}));
  }
}
