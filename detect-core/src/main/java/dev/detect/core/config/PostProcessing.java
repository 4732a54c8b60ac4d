package dev.detect.core.config;

import java.util.Objects;

/**
 * {@code post_processing} (post_processing.proto): non-max suppression and the score converter. For
 * Faster R-CNN this is {@code second_stage_post_processing}.
 *
 * @param scoreThreshold drop boxes scoring below (default 0.0)
 * @param iouThreshold NMS IoU threshold (default 0.6)
 * @param maxDetectionsPerClass default 100
 * @param maxTotalDetections default 100
 * @param useClassAgnosticNms default false
 * @param scoreConverter logits → scores (default IDENTITY)
 * @param logitScale logits are divided by this first (default 1.0)
 */
public record PostProcessing(
    double scoreThreshold,
    double iouThreshold,
    int maxDetectionsPerClass,
    int maxTotalDetections,
    boolean useClassAgnosticNms,
    ScoreConverter scoreConverter,
    double logitScale) {

  /** {@code PostProcessing.ScoreConverter}, in proto number order. */
  public enum ScoreConverter {
    /** 0: the logits as they are, the proto default. */
    IDENTITY,
    /** 1: per-class sigmoid (SSD configs). */
    SIGMOID,
    /** 2: softmax over classes. */
    SOFTMAX
  }

  /** Checks for nulls. */
  public PostProcessing {
    Objects.requireNonNull(scoreConverter, "scoreConverter");
  }
}
