package dev.detect.core.eval;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.labelmap.LabelMap;
import java.math.BigDecimal;
import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Computes PASCAL VOC and COCO detection metrics the way the TensorFlow Object Detection API
 * reports them ({@code pascal_voc_detection_metrics} and {@code coco_detection_metrics}).
 *
 * <p>Semantics, chosen to reproduce the reference implementations:
 *
 * <ul>
 *   <li>Classes are the label map items with id ≥ 1 (without a label map: the sorted distinct
 *       ground-truth labels and detection names). Ground-truth labels are resolved through the
 *       label map by name or display name (an unknown label is an error); a detection by its id
 *       (its name, if not empty, must agree) or, when the id is unknown, by its name; detections of
 *       other classes are ignored and reported in {@link EvaluationReport#warnings()}.
 *   <li>Only ground-truth images are evaluated: detections for a file name that has no ground truth
 *       are an {@link IllegalArgumentException} (pycocotools and the OD API's COCO evaluator reject
 *       them too). A ground-truth image without detections counts all its objects as misses.
 *   <li>Detections are converted to pixels with the ground-truth image size; IoUs are in pixels.
 *   <li>VOC: {@code PascalDetectionEvaluator}: IoU ≥ threshold, area without the +1 convention; per
 *       image and class, detections by descending score each take the ground truth of highest IoU
 *       among all of the class (difficult included): a difficult one makes the detection ignored, a
 *       taken one makes it a false positive (no fall-back to the second best). Detections with an
 *       empty or inverted box are dropped. Difficult objects are not counted. Classes without
 *       ground truth have AP NaN and are left out of the mAP.
 *   <li>Ties in score: the OD API orders with {@code np.argsort(scores)[::-1]}; we use the order a
 *       stable ascending sort gives reversed (equal scores: later image first, and within an image
 *       the later detection first), which is numpy's order for small arrays without SIMD sorting.
 *       numpy's quicksort is not stable, so on tied scores the reference may differ.
 *   <li>COCO: pycocotools {@code COCOeval} (bbox) with default parameters, image ids = file names
 *       (sorted by code point as Python sorts strings), GT and detection area = box area in pixels.
 *       The OD API passes no difficult flag to COCO: difficult objects are normal ground truth
 *       unless {@link Builder#difficultAsCrowd(boolean)} maps them to {@code iscrowd}.
 *   <li>Sums and means follow numpy's pairwise summation, so values match to the last bit where the
 *       inputs do.
 * </ul>
 *
 * <p>Immutable and thread-safe; derive variants with {@link #toBuilder()}.
 */
public final class Evaluator {
  private final LabelMap labelMap;
  private final double iouThreshold;
  private final VocAp vocAp;
  private final boolean includeCoco;
  private final boolean difficultAsCrowd;

  private Evaluator(Builder b) {
    this.labelMap = b.labelMap;
    this.iouThreshold = b.iouThreshold;
    this.vocAp = b.vocAp;
    this.includeCoco = b.includeCoco;
    this.difficultAsCrowd = b.difficultAsCrowd;
  }

  /** A builder with the defaults: no label map, IoU 0.5, all-point AP, COCO included. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this evaluator's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.labelMap = labelMap;
    b.iouThreshold = iouThreshold;
    b.vocAp = vocAp;
    b.includeCoco = includeCoco;
    b.difficultAsCrowd = difficultAsCrowd;
    return b;
  }

  /** The label map, if one was given. */
  public Optional<LabelMap> labelMap() {
    return Optional.ofNullable(labelMap);
  }

  /** The VOC matching IoU threshold. */
  public double iouThreshold() {
    return iouThreshold;
  }

  /** The VOC AP integration. */
  public VocAp vocAp() {
    return vocAp;
  }

  /** Whether COCO metrics are computed. */
  public boolean includeCoco() {
    return includeCoco;
  }

  /** Whether difficult objects are COCO crowd regions. */
  public boolean difficultAsCrowd() {
    return difficultAsCrowd;
  }

  /**
   * Evaluates detections against ground truth.
   *
   * @param groundTruth the ground truth, boxes in pixels of each image's size
   * @param detections the detections per image, matched to ground truth by file name; images may be
   *     missing (all their objects are misses)
   * @throws IllegalArgumentException for detections of an image not in {@code groundTruth}, the
   *     same image twice, a ground-truth label missing from the label map, or a detection whose id
   *     and name disagree with the label map
   */
  public EvaluationReport evaluate(AnnotationSet groundTruth, List<ImageDetections> detections) {
    Objects.requireNonNull(groundTruth, "groundTruth");
    Objects.requireNonNull(detections, "detections");
    EvalData data = EvalData.prepare(groundTruth, detections, labelMap());
    List<VocEvaluation.ClassOutcome> voc = VocEvaluation.evaluate(data, iouThreshold, vocAp);
    CocoEvaluation.Result coco =
        includeCoco ? CocoEvaluation.evaluate(data, difficultAsCrowd) : null;

    Map<String, Double> metrics = new LinkedHashMap<>();
    String threshold = pythonFloat(iouThreshold);
    String vocMapName = "PascalBoxes_Precision/mAP@" + threshold + "IOU";
    double[] apById = new double[data.categories.isEmpty() ? 0 : maxId(data)];
    Arrays.fill(apById, Double.NaN);
    for (int c = 0; c < data.categories.size(); c++) {
      apById[data.categories.get(c).id() - 1] = voc.get(c).averagePrecision();
    }
    metrics.put(vocMapName, NumpyArithmetic.nanMean(apById));
    for (int c = 0; c < data.categories.size(); c++) {
      String name = Normalizer.normalize(data.categories.get(c).metricName(), Normalizer.Form.NFKD);
      metrics.put(
          "PascalBoxes_PerformanceByCategory/AP@" + threshold + "IOU/" + name,
          voc.get(c).averagePrecision());
    }
    if (coco != null) {
      for (int i = 0; i < EvaluationReport.COCO_NAMES.size(); i++) {
        metrics.put("DetectionBoxes_" + EvaluationReport.COCO_NAMES.get(i), coco.stats()[i]);
      }
      for (int c = 0; c < data.categories.size(); c++) {
        metrics.put(
            "DetectionBoxes_PerformanceByCategory/mAP/" + data.categories.get(c).metricName(),
            coco.perCategoryAp()[c]);
      }
    }
    return new EvaluationReport(
        metrics,
        vocMapName,
        coco != null,
        classResults(data, voc, coco),
        curves(data, voc),
        data.images.size(),
        warnings(data, voc));
  }

  private static int maxId(EvalData data) {
    return data.categories.get(data.categories.size() - 1).id();
  }

  private static List<ClassResult> classResults(
      EvalData data, List<VocEvaluation.ClassOutcome> voc, CocoEvaluation.Result coco) {
    List<ClassResult> results = new ArrayList<>();
    for (int c = 0; c < data.categories.size(); c++) {
      EvalData.Category cat = data.categories.get(c);
      VocEvaluation.ClassOutcome o = voc.get(c);
      results.add(
          new ClassResult(
              cat.id(),
              cat.name(),
              cat.metricName(),
              o.groundTruth(),
              o.difficult(),
              o.detections(),
              o.truePositives(),
              o.falsePositives(),
              o.ignored(),
              o.invalid(),
              o.averagePrecision(),
              coco == null ? Double.NaN : coco.perCategoryAp()[c]));
    }
    return results;
  }

  private static Map<String, List<PrPoint>> curves(
      EvalData data, List<VocEvaluation.ClassOutcome> voc) {
    Map<String, List<PrPoint>> curves = new LinkedHashMap<>();
    for (int c = 0; c < data.categories.size(); c++) {
      curves.put(data.categories.get(c).name(), voc.get(c).curve());
    }
    return curves;
  }

  private static List<String> warnings(EvalData data, List<VocEvaluation.ClassOutcome> voc) {
    List<String> warnings = new ArrayList<>();
    if (data.unknownDetectionCount > 0) {
      warnings.add(
          data.unknownDetectionCount
              + " detection(s) of classes not in the label map were ignored (id:name): "
              + data.unknownDetectionLabels);
    }
    List<String> noGt = new ArrayList<>();
    int removed = 0;
    for (int c = 0; c < voc.size(); c++) {
      if (voc.get(c).groundTruth() == 0) {
        noGt.add(data.categories.get(c).name());
      }
      removed += voc.get(c).invalid();
    }
    if (!noGt.isEmpty()) {
      warnings.add(
          "classes without (non-difficult) ground truth, VOC AP NaN and left out of the mAP: "
              + noGt);
    }
    if (removed > 0) {
      warnings.add(
          removed
              + " detection(s) with an empty or inverted box (or score <= -10) were dropped"
              + " before VOC matching, as the OD API does");
    }
    long missing = data.images.stream().filter(i -> !i.detected()).count();
    if (missing > 0) {
      warnings.add(
          missing + " ground-truth image(s) had no detections entry: their objects are misses");
    }
    return warnings;
  }

  /** Python's {@code str(float)} for the thresholds used in metric names (0.5 → "0.5"). */
  static String pythonFloat(double v) {
    String plain = new BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    return plain.contains(".") ? plain : plain + ".0";
  }

  /** Builds {@link Evaluator}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private LabelMap labelMap;
    private double iouThreshold = 0.5;
    private VocAp vocAp = VocAp.ALL_POINT;
    private boolean includeCoco = true;
    private boolean difficultAsCrowd;

    private Builder() {}

    /**
     * Sets the label map that defines the classes, their ids and metric names (display names, as
     * the OD API evaluates with {@code use_display_name}).
     */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
      return this;
    }

    /** Sets the VOC matching IoU threshold, in {@code (0, 1]}; default 0.5. */
    public Builder iouThreshold(double iouThreshold) {
      if (!(iouThreshold > 0 && iouThreshold <= 1)) {
        throw new IllegalArgumentException("iouThreshold must be in (0, 1], got " + iouThreshold);
      }
      this.iouThreshold = iouThreshold;
      return this;
    }

    /** Sets the VOC AP integration; default {@link VocAp#ALL_POINT}, the OD API's. */
    public Builder vocAp(VocAp vocAp) {
      this.vocAp = Objects.requireNonNull(vocAp, "vocAp");
      return this;
    }

    /** Whether to compute the COCO metrics too; default true. */
    public Builder includeCoco(boolean includeCoco) {
      this.includeCoco = includeCoco;
      return this;
    }

    /**
     * Whether difficult objects are COCO crowd regions ({@code iscrowd}: ignored, matchable by many
     * detections, IoU over the detection area); default false, as the OD API passes no difficult
     * flag to COCO.
     */
    public Builder difficultAsCrowd(boolean difficultAsCrowd) {
      this.difficultAsCrowd = difficultAsCrowd;
      return this;
    }

    /** An evaluator with the current settings. */
    public Evaluator build() {
      return new Evaluator(this);
    }
  }
}
