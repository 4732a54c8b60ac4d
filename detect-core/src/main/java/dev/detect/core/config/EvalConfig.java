package dev.detect.core.config;

import java.util.List;

/**
 * {@code eval_config} (eval.proto) with its defaults.
 *
 * @param metricsSet metrics_set as written (empty: the OD API uses {@code coco_detection_metrics})
 * @param numExamples default 5000 (deprecated in TF2: the whole eval set is used)
 * @param useMovingAverages default false
 * @param batchSize default 1
 * @param includeMetricsPerCategory default false
 */
public record EvalConfig(
    List<String> metricsSet,
    int numExamples,
    boolean useMovingAverages,
    int batchSize,
    boolean includeMetricsPerCategory) {

  /** Copies the list. */
  public EvalConfig {
    metricsSet = List.copyOf(metricsSet);
  }
}
