package dev.detect.train.eval;

import dev.detect.core.eval.EvaluationReport;
import java.util.List;
import java.util.Objects;

/**
 * What a {@link ModelEvaluator} found.
 *
 * @param report the metrics under the OD API's names, per-class results and curves
 * @param warnings everything renamed, ignored or guessed, for a person to read: first the
 *     evaluator's own (repeated file names renamed, detections matched by class id, extra eval
 *     inputs left out), then the {@link EvaluationReport#warnings()}
 */
public record EvaluationResult(EvaluationReport report, List<String> warnings) {
  /** Validates and copies the values. */
  public EvaluationResult {
    Objects.requireNonNull(report, "report");
    warnings = List.copyOf(warnings);
  }
}
