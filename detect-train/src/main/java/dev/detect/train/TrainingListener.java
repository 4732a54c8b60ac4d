package dev.detect.train;

/**
 * Receives training events. Every method has a no-op default, so a listener overrides only what it
 * needs. Called on the training thread; keep them quick.
 */
public interface TrainingListener {
  /** Training is about to run its first step. */
  default void onStart(TrainingStart start) {}

  /** A step finished. */
  default void onStep(StepInfo step) {}

  /** A checkpoint was written. */
  default void onCheckpoint(CheckpointInfo checkpoint) {}

  /** An evaluation on the eval input finished. */
  default void onEvaluation(EvaluationInfo evaluation) {}

  /** Training ended (also after a failure, with the failure in the result's outcome). */
  default void onEnd(TrainingResult result) {}

  /**
   * A console progress bar (step, losses, learning rate, images/s, ETA) on stderr, redrawn in place
   * on a terminal and turned into a log line every few seconds when stderr is not one.
   */
  static TrainingListener progressBar() {
    return new ProgressBar(System.err, System.console() != null);
  }
}
