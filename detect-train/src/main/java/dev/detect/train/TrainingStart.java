package dev.detect.train;

import java.nio.file.Path;
import java.util.List;

/**
 * What a training run is about to do.
 *
 * @param modelDir where checkpoints and event files go
 * @param firstStep the global step training starts from (0, or the resumed step)
 * @param numSteps the global step training stops at
 * @param batchSize images per step
 * @param trainableParameters number of trainable parameters
 * @param anchors number of anchors per image
 * @param resumedFrom the checkpoint resumed from, if any
 * @param unsupportedFields config fields present that the trainer does not honour
 */
public record TrainingStart(
    Path modelDir,
    long firstStep,
    long numSteps,
    int batchSize,
    long trainableParameters,
    int anchors,
    java.util.Optional<Path> resumedFrom,
    List<String> unsupportedFields) {
  /** Copies the list. */
  public TrainingStart {
    unsupportedFields = List.copyOf(unsupportedFields);
  }
}
