package dev.detect.train;

/**
 * Training failed: a non-finite loss, a TensorFlow error, or bad input met during training. The
 * message names the step and what to try; the last good checkpoint is left intact.
 */
public class TrainingException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final long step;

  /** A failure at {@code step}. */
  public TrainingException(long step, String message, Throwable cause) {
    super("step " + step + ": " + message, cause);
    this.step = step;
  }

  /** The global step at which training failed. */
  public long step() {
    return step;
  }
}
