package dev.detect.core.eval;

import dev.detect.core.box.PixelBox;
import java.util.ArrayList;
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

  static final int T = IOU_THRESHOLDS.length;
  static final int R = RECALL_THRESHOLDS.length;
  static final int A = AREA_RANGES.length;
  static final int M = MAX_DETS.length;

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
  record ImageResult(float[] scores, boolean[][] matched, boolean[][] ignored, int npig) {}

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
    CocoAccumulator accumulator = new CocoAccumulator(k);
    for (int c = 0; c < k; c++) {
      for (int a = 0; a < A; a++) {
        accumulator.add(results[c][a], c, a);
      }
    }
    return accumulator.summarize();
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
