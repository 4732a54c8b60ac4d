package dev.detect.core.eval;

import java.util.Arrays;

/** Average precision from a precision/recall curve, as the reference implementations integrate. */
final class AveragePrecision {
  private AveragePrecision() {}

  /**
   * The OD API's {@code metrics.compute_average_precision}: recall padded with 0 and 1, precision
   * with 0 and 0, precision made non-increasing from the right, then the sum of {@code (r[i] -
   * r[i-1]) * p[i]} where the recall changes. 0 for an empty curve.
   */
  static double allPoint(double[] precision, double[] recall) {
    int n = precision.length;
    if (n == 0) {
      return 0.0;
    }
    double[] r = new double[n + 2];
    double[] p = new double[n + 2];
    System.arraycopy(recall, 0, r, 1, n);
    System.arraycopy(precision, 0, p, 1, n);
    r[n + 1] = 1;
    for (int i = p.length - 2; i >= 0; i--) {
      p[i] = Math.max(p[i], p[i + 1]);
    }
    double[] terms = new double[n + 1];
    int count = 0;
    for (int i = 1; i < r.length; i++) {
      if (r[i] != r[i - 1]) {
        terms[count++] = (r[i] - r[i - 1]) * p[i];
      }
    }
    return NumpyArithmetic.sum(Arrays.copyOf(terms, count));
  }

  /**
   * The VOC 2007 11-point AP (VOCdevkit {@code voc_eval.py}, {@code use_07_metric}): for each
   * threshold {@code t = i * 0.1}, the highest precision at recall {@code >= t} (0 if none),
   * accumulated as {@code ap += p / 11}.
   */
  static double elevenPoint(double[] precision, double[] recall) {
    double ap = 0.;
    for (int i = 0; i <= 10; i++) {
      double t = i * 0.1;
      double p = 0;
      boolean any = false;
      for (int j = 0; j < recall.length; j++) {
        if (recall[j] >= t) {
          p = any ? Math.max(p, precision[j]) : precision[j];
          any = true;
        }
      }
      ap = ap + p / 11.;
    }
    return ap;
  }
}
