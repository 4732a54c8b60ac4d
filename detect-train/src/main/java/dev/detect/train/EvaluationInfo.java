package dev.detect.train;

import dev.detect.core.eval.EvaluationReport;
import java.nio.file.Path;

/**
 * An evaluation made during training.
 *
 * @param step the global step evaluated
 * @param checkpoint the checkpoint evaluated
 * @param report the metrics (OD API names)
 * @param metric the value of the metric that selects the best checkpoint
 * @param best whether this is the best evaluation so far
 */
public record EvaluationInfo(
    long step, Path checkpoint, EvaluationReport report, double metric, boolean best) {}
