package dev.detect.core.eval;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The result of an {@link Evaluator} run: the metrics under the TF Object Detection API's names,
 * per-class results and the VOC precision/recall curves. Immutable.
 */
public final class EvaluationReport {
  /**
   * The COCO summary metric names in {@code COCOeval.stats} order, after {@code DetectionBoxes_}.
   */
  static final List<String> COCO_NAMES =
      List.of(
          "Precision/mAP",
          "Precision/mAP@.50IOU",
          "Precision/mAP@.75IOU",
          "Precision/mAP (small)",
          "Precision/mAP (medium)",
          "Precision/mAP (large)",
          "Recall/AR@1",
          "Recall/AR@10",
          "Recall/AR@100",
          "Recall/AR@100 (small)",
          "Recall/AR@100 (medium)",
          "Recall/AR@100 (large)");

  private final Map<String, Double> metrics;
  private final String vocMapName;
  private final boolean coco;
  private final List<ClassResult> classes;
  private final Map<String, List<PrPoint>> curves;
  private final int imageCount;
  private final List<String> warnings;

  EvaluationReport(
      Map<String, Double> metrics,
      String vocMapName,
      boolean coco,
      List<ClassResult> classes,
      Map<String, List<PrPoint>> curves,
      int imageCount,
      List<String> warnings) {
    this.metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    this.vocMapName = vocMapName;
    this.coco = coco;
    this.classes = List.copyOf(classes);
    this.curves = Collections.unmodifiableMap(new LinkedHashMap<>(curves));
    this.imageCount = imageCount;
    this.warnings = List.copyOf(warnings);
  }

  /**
   * Every metric in a stable order: {@code PascalBoxes_Precision/mAP@0.5IOU}, {@code
   * PascalBoxes_PerformanceByCategory/AP@0.5IOU/<name>} per class by id, then (with COCO) the 12
   * {@code DetectionBoxes_…} summary metrics and {@code DetectionBoxes_PerformanceByCategory/mAP/
   * <name>} per class. VOC values are NaN for classes without ground truth, COCO values -1.
   */
  public Map<String, Double> metrics() {
    return metrics;
  }

  /** The VOC mAP: the mean AP over classes with non-difficult ground truth; NaN if none has. */
  public double vocMap() {
    return metrics.get(vocMapName);
  }

  /** Whether the COCO metrics were computed ({@link Evaluator.Builder#includeCoco(boolean)}). */
  public boolean hasCoco() {
    return coco;
  }

  /**
   * The COCO mAP@[.5:.95] ({@code DetectionBoxes_Precision/mAP}); -1 without ground truth.
   *
   * @throws IllegalStateException when COCO metrics were not computed
   */
  public double cocoMap() {
    return cocoMetric(0);
  }

  /** The COCO mAP at IoU .50; see {@link #cocoMap()}. */
  public double cocoMap50() {
    return cocoMetric(1);
  }

  /** The COCO mAP at IoU .75; see {@link #cocoMap()}. */
  public double cocoMap75() {
    return cocoMetric(2);
  }

  private double cocoMetric(int index) {
    if (!coco) {
      throw new IllegalStateException(
          "COCO metrics were not computed: build the Evaluator with includeCoco(true)");
    }
    return metrics.get("DetectionBoxes_" + COCO_NAMES.get(index));
  }

  /** VOC AP per class name (label map {@code name}), by id; NaN for classes without GT. */
  public Map<String, Double> perClassVocAp() {
    Map<String, Double> ap = new LinkedHashMap<>();
    for (ClassResult c : classes) {
      ap.put(c.name(), c.vocAp());
    }
    return Collections.unmodifiableMap(ap);
  }

  /** COCO AP@[.5:.95] per class name, by id; -1 for classes without GT; see {@link #cocoMap()}. */
  public Map<String, Double> perClassCocoAp() {
    cocoMetric(0);
    Map<String, Double> ap = new LinkedHashMap<>();
    for (ClassResult c : classes) {
      ap.put(c.name(), c.cocoAp());
    }
    return Collections.unmodifiableMap(ap);
  }

  /** The per-class results (counts, TP/FP at the VOC IoU threshold, APs), by id. */
  public List<ClassResult> classes() {
    return classes;
  }

  /** The result of the class with this label map name or display name. */
  public Optional<ClassResult> classResult(String className) {
    Objects.requireNonNull(className, "className");
    for (ClassResult c : classes) {
      if (c.name().equals(className)) {
        return Optional.of(c);
      }
    }
    for (ClassResult c : classes) {
      if (c.metricName().equals(className)) {
        return Optional.of(c);
      }
    }
    return Optional.empty();
  }

  /** The number of ground-truth images evaluated. */
  public int imageCount() {
    return imageCount;
  }

  /** Ground-truth objects over all classes, difficult ones included. */
  public int groundTruthCount() {
    int n = 0;
    for (ClassResult c : classes) {
      n += c.groundTruth() + c.difficult();
    }
    return n;
  }

  /** Detections of known classes over all images. */
  public int detectionCount() {
    int n = 0;
    for (ClassResult c : classes) {
      n += c.detections();
    }
    return n;
  }

  /**
   * The VOC precision/recall curve of a class: one point per ranked detection (difficult matches
   * left out), highest score first; empty for a class without detections or ground truth.
   *
   * @param className the label map name or display name
   * @throws IllegalArgumentException for an unknown class
   */
  public List<PrPoint> precisionRecall(String className) {
    ClassResult c =
        classResult(className)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        "unknown class '" + className + "'; classes: " + curves.keySet()));
    return curves.get(c.name());
  }

  /** What the evaluation ignored or found suspicious (unknown classes, dropped boxes, …). */
  public List<String> warnings() {
    return warnings;
  }

  /**
   * The metrics one per line as the OD API logs them ({@code name: value} with six decimals, {@code
   * nan} for NaN).
   */
  public String toText() {
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, Double> e : metrics.entrySet()) {
      sb.append(e.getKey()).append(": ").append(format(e.getValue())).append('\n');
    }
    return sb.toString();
  }

  static String format(double v) {
    return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%f", v);
  }

  @Override
  public String toString() {
    return "EvaluationReport{"
        + imageCount
        + " images, "
        + classes.size()
        + " classes, mAP@0.5="
        + format(vocMap())
        + (coco ? ", COCO mAP=" + format(cocoMap()) : "")
        + "}";
  }
}
