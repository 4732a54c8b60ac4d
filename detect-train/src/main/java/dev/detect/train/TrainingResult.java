package dev.detect.train;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * How a training run ended.
 *
 * @param outcome why it ended
 * @param step the global step reached
 * @param finalLoss the total loss of the last step (NaN when no step ran)
 * @param lastCheckpoint the latest checkpoint written
 * @param elapsedSeconds wall time of this run
 * @param fineTune what restoring {@code fine_tune_checkpoint} did (counts and names), when this run
 *     started from it; empty when it resumed from its own checkpoint or started from scratch
 */
public record TrainingResult(
    Outcome outcome,
    long step,
    double finalLoss,
    Optional<Path> lastCheckpoint,
    double elapsedSeconds,
    Optional<FineTuneReport> fineTune) {

  /** Checks for nulls. */
  public TrainingResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(lastCheckpoint, "lastCheckpoint");
    Objects.requireNonNull(fineTune, "fineTune");
  }

  /** A result of a run that did not start from {@code fine_tune_checkpoint}. */
  public TrainingResult(
      Outcome outcome,
      long step,
      double finalLoss,
      Optional<Path> lastCheckpoint,
      double elapsedSeconds) {
    this(outcome, step, finalLoss, lastCheckpoint, elapsedSeconds, Optional.empty());
  }

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
