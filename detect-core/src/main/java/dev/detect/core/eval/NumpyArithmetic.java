package dev.detect.core.eval;

import java.util.Arrays;

/**
 * The few numpy operations whose exact floating-point behaviour the reference evaluators depend on:
 * pairwise summation ({@code np.sum}, {@code np.mean}, {@code np.nanmean}) and the orders of {@code
 * np.argsort}.
 */
final class NumpyArithmetic {
  private static final int PAIRWISE_BLOCK = 128;

  private NumpyArithmetic() {}

  /** {@code np.sum} of a float64 array: numpy's pairwise summation, bit for bit. */
  static double sum(double[] values) {
    return pairwiseSum(values, 0, values.length);
  }

  /** {@code np.mean}: {@link #sum} divided by the length; NaN when empty. */
  static double mean(double[] values) {
    return sum(values) / values.length;
  }

  /** {@code np.nanmean}: the sum with NaNs as 0 divided by the number of non-NaN values. */
  static double nanMean(double[] values) {
    double[] zeroed = values.clone();
    int count = 0;
    for (int i = 0; i < zeroed.length; i++) {
      if (Double.isNaN(zeroed[i])) {
        zeroed[i] = 0;
      } else {
        count++;
      }
    }
    return sum(zeroed) / count;
  }

  // numpy/_core/src/umath/loops_utils.h.src pairwise_sum: 8 accumulators up to 128 values,
  // recursive halving (rounded to a multiple of 8) above.
  private static double pairwiseSum(double[] a, int from, int n) {
    if (n < 8) {
      double res = 0.;
      for (int i = 0; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else if (n <= PAIRWISE_BLOCK) {
      double[] r = Arrays.copyOfRange(a, from, from + 8);
      int i;
      for (i = 8; i < n - (n % 8); i += 8) {
        for (int j = 0; j < 8; j++) {
          r[j] += a[from + i + j];
        }
      }
      double res = ((r[0] + r[1]) + (r[2] + r[3])) + ((r[4] + r[5]) + (r[6] + r[7]));
      for (; i < n; i++) {
        res += a[from + i];
      }
      return res;
    } else {
      int n2 = n / 2;
      n2 -= n2 % 8;
      return pairwiseSum(a, from, n2) + pairwiseSum(a, from + n2, n - n2);
    }
  }

  /**
   * The indices of {@code scores} as {@code np.argsort(scores)[::-1]} orders them with a stable
   * ascending sort: highest score first, equal scores in reverse index order. (numpy's default
   * quicksort is only guaranteed to do this for up to 16 values without SIMD sorting.)
   */
  static int[] descendingLaterFirst(float[] scores) {
    Integer[] order = boxedRange(scores.length);
    Arrays.sort(
        order,
        (x, y) -> {
          int c = compareDescending(scores[x], scores[y]);
          return c != 0 ? c : Integer.compare(y, x);
        });
    return unbox(order);
  }

  /**
   * The indices of {@code scores} as {@code np.argsort(-scores, kind='mergesort')} orders them:
   * highest score first, equal scores in index order.
   */
  static int[] descendingStable(float[] scores) {
    Integer[] order = boxedRange(scores.length);
    Arrays.sort(order, (x, y) -> compareDescending(scores[x], scores[y]));
    return unbox(order);
  }

  // < and > rather than Float.compare: numpy treats -0.0 and 0.0 as equal.
  private static int compareDescending(float a, float b) {
    return a > b ? -1 : (a < b ? 1 : 0);
  }

  private static Integer[] boxedRange(int n) {
    Integer[] order = new Integer[n];
    for (int i = 0; i < n; i++) {
      order[i] = i;
    }
    return order;
  }

  private static int[] unbox(Integer[] order) {
    int[] result = new int[order.length];
    for (int i = 0; i < order.length; i++) {
      result[i] = order[i];
    }
    return result;
  }
}
