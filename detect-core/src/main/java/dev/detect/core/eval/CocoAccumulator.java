package dev.detect.core.eval;

import static dev.detect.core.eval.CocoEvaluation.A;
import static dev.detect.core.eval.CocoEvaluation.M;
import static dev.detect.core.eval.CocoEvaluation.MAX_DETS;
import static dev.detect.core.eval.CocoEvaluation.R;
import static dev.detect.core.eval.CocoEvaluation.RECALL_THRESHOLDS;
import static dev.detect.core.eval.CocoEvaluation.T;

import dev.detect.core.eval.CocoEvaluation.ImageResult;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * pycocotools' {@code COCOeval.accumulate} and {@code summarize}: precision at the 101 recall
 * thresholds and the final recall per IoU threshold, category, area range and max detections, -1
 * where there is no ground truth; then the 12 summary statistics.
 */
final class CocoAccumulator {
  private final int k;

  /** precision[T][R][K][A][M], flattened in C order. */
  private final double[] precision;

  /** recall[T][K][A][M], flattened in C order. */
  private final double[] recall;

  CocoAccumulator(int k) {
    this.k = k;
    this.precision = new double[T * R * k * A * M];
    this.recall = new double[T * k * A * M];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
  }

  /** Accumulates the evaluateImg results of category {@code c}, area range {@code a}. */
  void add(ImageResult[] perImage, int c, int a) {
    for (int m = 0; m < M; m++) {
      accumulate(perImage, c, a, m);
    }
  }

  private void accumulate(ImageResult[] perImage, int c, int a, int m) {
    int maxDet = MAX_DETS[m];
    List<ImageResult> e = new ArrayList<>();
    int total = 0;
    int npig = 0;
    for (ImageResult r : perImage) {
      if (r != null) {
        e.add(r);
        total += Math.min(maxDet, r.scores().length);
        npig += r.npig();
      }
    }
    if (e.isEmpty() || npig == 0) {
      return;
    }
    float[] scores = new float[total];
    boolean[][] dtm = new boolean[T][total];
    boolean[][] dtIg = new boolean[T][total];
    int pos = 0;
    for (ImageResult r : e) {
      int n = Math.min(maxDet, r.scores().length);
      System.arraycopy(r.scores(), 0, scores, pos, n);
      for (int t = 0; t < T; t++) {
        System.arraycopy(r.matched()[t], 0, dtm[t], pos, n);
        System.arraycopy(r.ignored()[t], 0, dtIg[t], pos, n);
      }
      pos += n;
    }
    int[] inds = NumpyArithmetic.descendingStable(scores);
    for (int t = 0; t < T; t++) {
      double[] rc = new double[total];
      double[] pr = new double[total];
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < total; i++) {
        int d = inds[i];
        if (!dtIg[t][d]) {
          if (dtm[t][d]) {
            tp += 1;
          } else {
            fp += 1;
          }
        }
        rc[i] = tp / npig;
        pr[i] = tp / (fp + tp + Math.ulp(1.0));
      }
      recall[((t * k + c) * A + a) * M + m] = total > 0 ? rc[total - 1] : 0;
      for (int i = total - 1; i > 0; i--) {
        if (pr[i] > pr[i - 1]) {
          pr[i - 1] = pr[i];
        }
      }
      // q stays 0 from the first recall threshold that is never reached.
      double[] q = new double[R];
      for (int ri = 0; ri < R; ri++) {
        int pi = searchSortedLeft(rc, RECALL_THRESHOLDS[ri]);
        if (pi >= total) {
          break;
        }
        q[ri] = pr[pi];
      }
      for (int ri = 0; ri < R; ri++) {
        precision[(((t * R + ri) * k + c) * A + a) * M + m] = q[ri];
      }
    }
  }

  /** np.searchsorted(sorted, value, side='left'): the number of elements below {@code value}. */
  private static int searchSortedLeft(double[] sorted, double value) {
    int lo = 0;
    int hi = sorted.length;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (sorted[mid] < value) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  CocoEvaluation.Result summarize() {
    double[] stats = new double[12];
    stats[0] = meanPrecision(-1, -1, 0, 2);
    stats[1] = meanPrecision(0, -1, 0, 2);
    stats[2] = meanPrecision(5, -1, 0, 2);
    stats[3] = meanPrecision(-1, -1, 1, 2);
    stats[4] = meanPrecision(-1, -1, 2, 2);
    stats[5] = meanPrecision(-1, -1, 3, 2);
    stats[6] = meanRecall(0, 0);
    stats[7] = meanRecall(0, 1);
    stats[8] = meanRecall(0, 2);
    stats[9] = meanRecall(1, 2);
    stats[10] = meanRecall(2, 2);
    stats[11] = meanRecall(3, 2);
    double[] perCategory = new double[k];
    for (int c = 0; c < k; c++) {
      perCategory[c] = meanPrecision(-1, c, 0, 2);
    }
    return new CocoEvaluation.Result(stats, perCategory);
  }

  /** Mean of precision[t?, :, c?, a, m] over entries > -1 in C order; -1 if none. */
  private double meanPrecision(int onlyT, int onlyC, int a, int m) {
    double[] values = new double[T * R * k];
    int n = 0;
    for (int t = 0; t < T; t++) {
      if (onlyT >= 0 && t != onlyT) {
        continue;
      }
      for (int r = 0; r < R; r++) {
        for (int c = 0; c < k; c++) {
          if (onlyC >= 0 && c != onlyC) {
            continue;
          }
          double v = precision[(((t * R + r) * k + c) * A + a) * M + m];
          if (v > -1) {
            values[n++] = v;
          }
        }
      }
    }
    return n == 0 ? -1 : NumpyArithmetic.mean(Arrays.copyOf(values, n));
  }

  private double meanRecall(int a, int m) {
    double[] values = new double[T * k];
    int n = 0;
    for (int t = 0; t < T; t++) {
      for (int c = 0; c < k; c++) {
        double v = recall[((t * k + c) * A + a) * M + m];
        if (v > -1) {
          values[n++] = v;
        }
      }
    }
    return n == 0 ? -1 : NumpyArithmetic.mean(Arrays.copyOf(values, n));
  }
}
