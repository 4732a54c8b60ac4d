package dev.detect.core.eval;

import dev.detect.core.box.PixelBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * COCO box metrics as pycocotools' {@code COCOeval} (iouType {@code bbox}) computes them through
 * the OD API's {@code CocoDetectionEvaluator}: {@code evaluate}, {@code evaluateImg}, {@code
 * accumulate}, {@code summarize}, with the default parameters.
 */
final class CocoEvaluation {
  /** {@code np.linspace(.5, 0.95, 10)}: {@code i * step + .5}, the last exactly {@code .95}. */
  static final double[] IOU_THRESHOLDS = linspace(.5, 0.95, 10);

  /** {@code np.linspace(.0, 1.00, 101)}. */
  static final double[] RECALL_THRESHOLDS = linspace(.0, 1.00, 101);

  /** {@code Params.maxDets}. */
  static final int[] MAX_DETS = {1, 10, 100};

  /** {@code Params.areaRng}: all, small, medium, large; both bounds inclusive. */
  static final double[][] AREA_RANGES = {
    {0, 1e5 * 1e5}, {0, 32 * 32}, {32 * 32, 96 * 96}, {96 * 96, 1e5 * 1e5}
  };

  private static final int T = IOU_THRESHOLDS.length;
  private static final int R = RECALL_THRESHOLDS.length;
  private static final int A = AREA_RANGES.length;
  private static final int M = MAX_DETS.length;

  /**
   * The result.
   *
   * @param stats the 12 {@code COCOeval.stats} of {@code summarize()}
   * @param perCategoryAp AP@[.5:.95] per category (area all, 100 detections), -1 without GT
   */
  record Result(double[] stats, double[] perCategoryAp) {}

  /** A box in COCO form {@code [x, y, w, h]} with its area; crowd only for ground truth. */
  private record Box(double x, double y, double w, double h, double area, boolean crowd) {
    static Box of(PixelBox b, boolean crowd) {
      double w = b.xmax() - b.xmin();
      double h = b.ymax() - b.ymin();
      return new Box(b.xmin(), b.ymin(), w, h, w * h, crowd);
    }
  }

  /** The evaluateImg result for one image, category and area range. */
  private record ImageResult(float[] scores, boolean[][] matched, boolean[][] ignored, int npig) {}

  private CocoEvaluation() {}

  static Result evaluate(EvalData data, boolean difficultAsCrowd) {
    List<EvalData.Image> images = new ArrayList<>(data.images);
    images.sort(Comparator.comparing(EvalData.Image::fileName, CocoEvaluation::compareCodePoints));
    int k = data.categories.size();
    ImageResult[][][] results = new ImageResult[k][A][images.size()];
    for (int i = 0; i < images.size(); i++) {
      EvalData.Image image = images.get(i);
      for (int c = 0; c < k; c++) {
        List<Box> gts = new ArrayList<>();
        for (EvalData.Gt g : image.gts()) {
          if (g.category() == c) {
            gts.add(Box.of(g.box(), difficultAsCrowd && g.difficult()));
          }
        }
        List<EvalData.Det> dets = new ArrayList<>();
        for (EvalData.Det d : image.dets()) {
          if (d.category() == c) {
            dets.add(d);
          }
        }
        if (gts.isEmpty() && dets.isEmpty()) {
          continue;
        }
        evaluateImage(gts, dets, results, c, i);
      }
    }
    double[] precision = new double[T * R * k * A * M];
    double[] recall = new double[T * k * A * M];
    Arrays.fill(precision, -1);
    Arrays.fill(recall, -1);
    accumulate(results, k, precision, recall);
    return summarize(precision, recall, k);
  }

  /** computeIoU and evaluateImg for every area range, maxDet 100. */
  private static void evaluateImage(
      List<Box> gts, List<EvalData.Det> dets, ImageResult[][][] results, int c, int image) {
    float[] allScores = new float[dets.size()];
    for (int d = 0; d < allScores.length; d++) {
      allScores[d] = dets.get(d).score();
    }
    int[] order = NumpyArithmetic.descendingStable(allScores);
    int nd = Math.min(order.length, MAX_DETS[M - 1]);
    Box[] dt = new Box[nd];
    float[] scores = new float[nd];
    for (int d = 0; d < nd; d++) {
      dt[d] = Box.of(dets.get(order[d]).box(), false);
      scores[d] = allScores[order[d]];
    }
    double[][] ious = new double[nd][gts.size()];
    for (int d = 0; d < nd; d++) {
      for (int g = 0; g < gts.size(); g++) {
        ious[d][g] = iou(dt[d], gts.get(g));
      }
    }
    for (int a = 0; a < A; a++) {
      results[c][a][image] = evaluateImage(gts, dt, scores, ious, AREA_RANGES[a]);
    }
  }

  private static ImageResult evaluateImage(
      List<Box> gts, Box[] dt, float[] scores, double[][] ious, double[] range) {
    int g = gts.size();
    int nd = dt.length;
    // gt sorted with ignored ones last (stable).
    int[] gtind = new int[g];
    boolean[] gtIg = new boolean[g];
    int pos = 0;
    for (int pass = 0; pass < 2; pass++) {
      for (int j = 0; j < g; j++) {
        Box b = gts.get(j);
        boolean ignore = b.crowd() || b.area() < range[0] || b.area() > range[1];
        if (ignore == (pass == 1)) {
          gtIg[pos] = ignore;
          gtind[pos++] = j;
        }
      }
    }
    int npig = 0;
    for (boolean ig : gtIg) {
      npig += ig ? 0 : 1;
    }
    boolean[][] gtm = new boolean[T][g];
    boolean[][] dtm = new boolean[T][nd];
    boolean[][] dtIg = new boolean[T][nd];
    if (g > 0 && nd > 0) {
      for (int t = 0; t < T; t++) {
        for (int d = 0; d < nd; d++) {
          double iou = Math.min(IOU_THRESHOLDS[t], 1 - 1e-10);
          int m = -1;
          for (int j = 0; j < g; j++) {
            if (gtm[t][j] && !gts.get(gtind[j]).crowd()) {
              continue;
            }
            if (m > -1 && !gtIg[m] && gtIg[j]) {
              break;
            }
            double v = ious[d][gtind[j]];
            if (v < iou) {
              continue;
            }
            iou = v;
            m = j;
          }
          if (m == -1) {
            continue;
          }
          dtIg[t][d] = gtIg[m];
          dtm[t][d] = true;
          gtm[t][m] = true;
        }
      }
    }
    for (int d = 0; d < nd; d++) {
      boolean outside = dt[d].area() < range[0] || dt[d].area() > range[1];
      for (int t = 0; t < T; t++) {
        dtIg[t][d] = dtIg[t][d] || (!dtm[t][d] && outside);
      }
    }
    return new ImageResult(scores, dtm, dtIg, npig);
  }

  /** maskApi.c bbIou: for a crowd ground truth the union is the detection's area. */
  static double iou(Box dt, Box gt) {
    double ga = gt.w() * gt.h();
    double da = dt.w() * dt.h();
    double w = Math.min(dt.w() + dt.x(), gt.w() + gt.x()) - Math.max(dt.x(), gt.x());
    if (w <= 0) {
      return 0;
    }
    double h = Math.min(dt.h() + dt.y(), gt.h() + gt.y()) - Math.max(dt.y(), gt.y());
    if (h <= 0) {
      return 0;
    }
    double i = w * h;
    double u = gt.crowd() ? da : da + ga - i;
    return i / u;
  }

  private static void accumulate(
      ImageResult[][][] results, int k, double[] precision, double[] recall) {
    for (int c = 0; c < k; c++) {
      for (int a = 0; a < A; a++) {
        for (int m = 0; m < M; m++) {
          accumulate(results[c][a], MAX_DETS[m], c, a, m, k, precision, recall);
        }
      }
    }
  }

  private static void accumulate(
      ImageResult[] perImage,
      int maxDet,
      int c,
      int a,
      int m,
      int k,
      double[] precision,
      double[] recall) {
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

  private static Result summarize(double[] precision, double[] recall, int k) {
    double[] stats = new double[12];
    stats[0] = meanPrecision(precision, k, -1, -1, 0, 2);
    stats[1] = meanPrecision(precision, k, 0, -1, 0, 2);
    stats[2] = meanPrecision(precision, k, 5, -1, 0, 2);
    stats[3] = meanPrecision(precision, k, -1, -1, 1, 2);
    stats[4] = meanPrecision(precision, k, -1, -1, 2, 2);
    stats[5] = meanPrecision(precision, k, -1, -1, 3, 2);
    stats[6] = meanRecall(recall, k, 0, 0);
    stats[7] = meanRecall(recall, k, 0, 1);
    stats[8] = meanRecall(recall, k, 0, 2);
    stats[9] = meanRecall(recall, k, 1, 2);
    stats[10] = meanRecall(recall, k, 2, 2);
    stats[11] = meanRecall(recall, k, 3, 2);
    double[] perCategory = new double[k];
    for (int c = 0; c < k; c++) {
      perCategory[c] = meanPrecision(precision, k, -1, c, 0, 2);
    }
    return new Result(stats, perCategory);
  }

  /** Mean of precision[t?, :, c?, a, m] over entries > -1 in C order; -1 if none. */
  private static double meanPrecision(
      double[] precision, int k, int onlyT, int onlyC, int a, int m) {
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

  private static double meanRecall(double[] recall, int k, int a, int m) {
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

  private static double[] linspace(double start, double stop, int num) {
    double step = (stop - start) / (num - 1);
    double[] values = new double[num];
    for (int i = 0; i < num; i++) {
      values[i] = i * step + start;
    }
    values[num - 1] = stop;
    return values;
  }

  /** Python's str ordering (by code point), which pycocotools uses to sort string image ids. */
  private static int compareCodePoints(String a, String b) {
    int i = 0;
    int j = 0;
    while (i < a.length() && j < b.length()) {
      int ca = a.codePointAt(i);
      int cb = b.codePointAt(j);
      if (ca != cb) {
        return Integer.compare(ca, cb);
      }
      i += Character.charCount(ca);
      j += Character.charCount(cb);
    }
    return Integer.compare(a.length() - i, b.length() - j);
  }
}
