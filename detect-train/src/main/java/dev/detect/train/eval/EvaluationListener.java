package dev.detect.train.eval;

import java.nio.file.Path;

/**
 * Receives the progress of a {@link ModelEvaluator}. Every method does nothing by default, so an
 * implementation overrides only what it needs; methods are called on the evaluating thread.
 */
public interface EvaluationListener {
  /** A listener that ignores everything. */
  EvaluationListener NONE = new EvaluationListener() {};

  /**
   * Called once before the images of a checkpoint evaluation, with the checkpoint found.
   *
   * @param prefix the checkpoint prefix, e.g. {@code model/ckpt-12}
   * @param step the step in its name, -1 when it has none
   */
  default void onCheckpoint(Path prefix, long step) {}

  /**
   * Called after each image has been through the model.
   *
   * @param done the number of images done so far, from 1
   */
  default void onImage(int done) {}
}
