package dev.detect.train;

import java.nio.file.Path;
import java.util.Optional;

/**
 * How a training run ended.
 *
 * @param outcome why it ended
 * @param step the global step reached
 * @param finalLoss the total loss of the last step (NaN when no step ran)
 * @param lastCheckpoint the latest checkpoint written
 * @param elapsedSeconds wall time of this run
 */
public record TrainingResult(
    Outcome outcome,
    long step,
    double finalLoss,
    Optional<Path> lastCheckpoint,
    double elapsedSeconds) {

  /** Why training ended. */
  public enum Outcome {
    /** {@code num_steps} was reached. */
    COMPLETED,
    /** {@link Trainer#stop()} was called. */
    STOPPED,
    /** Evaluation stopped improving (early stopping). */
    EARLY_STOPPED,
    /** The step counter was already at or past {@code num_steps}: nothing to do. */
    ALREADY_COMPLETE
  }
}
