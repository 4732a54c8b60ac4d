package dev.detect.core.eval;

import dev.detect.core.box.PixelBox;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * PASCAL VOC average precision as the TF Object Detection API's {@code PascalDetectionEvaluator}
 * computes it ({@code utils/object_detection_evaluation.py}, {@code per_image_evaluation.py},
 * {@code metrics.py}, {@code np_box_ops.py}), without group-of boxes.
 */
final class VocEvaluation {
  /** {@code ObjectDetectionEvaluation(nms_max_output_boxes=10000)}: per image and class. */
  static final int MAX_DETECTIONS_PER_IMAGE_CLASS = 10_000;

  /** {@code np_box_list_ops.non_max_suppression(score_threshold=-10.0)} keeps scores above. */
  static final double SCORE_FLOOR = -10.0;

  /** The outcome for one category. */
  record ClassOutcome(
      int groundTruth,
      int difficult,
      int detections,
      int truePositives,
      int falsePositives,
      int ignored,
      int invalid,
      double averagePrecision,
      List<PrPoint> curve) {}

  private VocEvaluation() {}

  static List<ClassOutcome> evaluate(EvalData data, double iouThreshold, VocAp mode) {
    int k = data.categories.size();
    Pool[] pools = new Pool[k];
    for (int c = 0; c < k; c++) {
      pools[c] = new Pool();
    }
    for (EvalData.Image image : data.images) {
      for (EvalData.Gt gt : image.gts()) {
        Pool pool = pools[gt.category()];
        if (gt.difficult()) {
          pool.difficult++;
        } else {
          pool.groundTruth++;
        }
      }
      if (!image.detected()) {
        continue;
      }
      for (int c = 0; c < k; c++) {
        matchImageClass(image, c, iouThreshold, pools[c]);
      }
    }
    List<ClassOutcome> outcomes = new ArrayList<>(k);
    for (Pool pool : pools) {
      outcomes.add(pool.outcome(mode));
    }
    return outcomes;
  }

  /** per_image_evaluation._compute_tp_fp_for_single_class for one image and class. */
  private static void matchImageClass(
      EvalData.Image image, int category, double iouThreshold, Pool pool) {
    List<EvalData.Det> dets = new ArrayList<>();
    for (EvalData.Det d : image.dets()) {
      if (d.category() != category) {
        continue;
      }
      pool.detections++;
      PixelBox b = d.box();
      // _remove_invalid_boxes, then the score filter of non_max_suppression.
      if (!(b.ymin() < b.ymax() && b.xmin() < b.xmax()) || !(d.score() > SCORE_FLOOR)) {
        pool.invalid++;
      } else {
        dets.add(d);
      }
    }
    if (dets.isEmpty()) {
      return;
    }
    List<EvalData.Gt> gts = new ArrayList<>();
    for (EvalData.Gt g : image.gts()) {
      if (g.category() == category) {
        gts.add(g);
      }
    }
    float[] scores = new float[dets.size()];
    for (int i = 0; i < scores.length; i++) {
      scores[i] = dets.get(i).score();
    }
    int[] order = NumpyArithmetic.descendingLaterFirst(scores);
    int n = Math.min(order.length, MAX_DETECTIONS_PER_IMAGE_CLASS);
    pool.invalid += order.length - n;
    boolean[] gtTaken = new boolean[gts.size()];
    for (int r = 0; r < n; r++) {
      EvalData.Det det = dets.get(order[r]);
      if (gts.isEmpty()) {
        pool.add(det.score(), false);
        continue;
      }
      int best = argmax(det.box(), gts);
      double iou = iou(det.box(), gts.get(best).box());
      if (!(iou >= iouThreshold)) {
        pool.add(det.score(), false);
      } else if (gts.get(best).difficult()) {
        pool.ignored++;
      } else if (!gtTaken[best]) {
        gtTaken[best] = true;
        pool.add(det.score(), true);
      } else {
        pool.add(det.score(), false);
      }
    }
  }

  /** np.argmax over the IoUs with every ground truth of the class: the first maximum (or NaN). */
  private static int argmax(PixelBox det, List<EvalData.Gt> gts) {
    int best = 0;
    double bestIou = iou(det, gts.get(0).box());
    if (Double.isNaN(bestIou)) {
      return 0;
    }
    for (int j = 1; j < gts.size(); j++) {
      double v = iou(det, gts.get(j).box());
      if (Double.isNaN(v)) {
        return j;
      }
      if (v > bestIou) {
        bestIou = v;
        best = j;
      }
    }
    return best;
  }

  /** np_box_ops.iou: areas without the +1 pixel convention, in that order of operations. */
  static double iou(PixelBox a, PixelBox b) {
    double areaA = (a.ymax() - a.ymin()) * (a.xmax() - a.xmin());
    double areaB = (b.ymax() - b.ymin()) * (b.xmax() - b.xmin());
    double h = Math.max(0.0, Math.min(a.ymax(), b.ymax()) - Math.max(a.ymin(), b.ymin()));
    double w = Math.max(0.0, Math.min(a.xmax(), b.xmax()) - Math.max(a.xmin(), b.xmin()));
    double intersection = h * w;
    return intersection / (areaA + areaB - intersection);
  }

  /** The scores and TP/FP labels of one class, pooled over images in ground-truth order. */
  private static final class Pool {
    private float[] scores = new float[16];
    private boolean[] truePositive = new boolean[16];
    private int size;
    int groundTruth;
    int difficult;
    int detections;
    int ignored;
    int invalid;

    void add(float score, boolean tp) {
      if (size == scores.length) {
        scores = Arrays.copyOf(scores, size * 2);
        truePositive = Arrays.copyOf(truePositive, size * 2);
      }
      scores[size] = score;
      truePositive[size] = tp;
      size++;
    }

    ClassOutcome outcome(VocAp mode) {
      float[] s = Arrays.copyOf(scores, size);
      // metrics.compute_precision_recall: np.argsort(scores)[::-1]
      int[] order = NumpyArithmetic.descendingLaterFirst(s);
      double[] precision = new double[size];
      double[] recall = new double[size];
      List<PrPoint> curve = new ArrayList<>(size);
      double tp = 0;
      double fp = 0;
      for (int i = 0; i < size; i++) {
        if (truePositive[order[i]]) {
          tp += 1;
        } else {
          fp += 1;
        }
        precision[i] = tp / (tp + fp);
        recall[i] = tp / groundTruth;
        if (groundTruth > 0) {
          curve.add(new PrPoint(recall[i], precision[i], s[order[i]]));
        }
      }
      double ap;
      if (groundTruth == 0) {
        ap = Double.NaN;
      } else if (mode == VocAp.ELEVEN_POINT) {
        ap = AveragePrecision.elevenPoint(precision, recall);
      } else {
        ap = AveragePrecision.allPoint(precision, recall);
      }
      return new ClassOutcome(
          groundTruth,
          difficult,
          detections,
          (int) tp,
          (int) fp,
          ignored,
          invalid,
          ap,
          List.copyOf(curve));
    }
  }
}
