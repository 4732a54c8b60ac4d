package dev.detect.core.config;

import java.util.Objects;

/**
 * {@code train_config.optimizer} (optimizer.proto) with its defaults.
 *
 * @param kind the optimizer
 * @param learningRate the schedule; {@code Constant(0.002)} (the proto default) when the optimizer
 *     has no {@code learning_rate} block, which validation reports
 * @param momentum {@code momentum_optimizer_value} of MOMENTUM and RMS_PROP (default 0.9); 0 for
 *     ADAM
 * @param decay RMS_PROP decay (default 0.9); 0 otherwise
 * @param epsilon ADAM epsilon (default 1e-8), RMS_PROP epsilon (default 1.0); 0 for MOMENTUM
 * @param useMovingAverage keep exponential moving averages of the weights (default true; TF2
 *     configs set false)
 * @param movingAverageDecay default 0.9999
 */
public record Optimizer(
    Kind kind,
    LearningRateSchedule learningRate,
    double momentum,
    double decay,
    double epsilon,
    boolean useMovingAverage,
    double movingAverageDecay) {

  /** The optimizer variant. */
  public enum Kind {
    /** {@code momentum_optimizer}: SGD with momentum. */
    MOMENTUM("momentum_optimizer"),
    /** {@code adam_optimizer}. */
    ADAM("adam_optimizer"),
    /** {@code rms_prop_optimizer}. */
    RMS_PROP("rms_prop_optimizer"),
    /** Another optimizer (none supported by detect). */
    OTHER(""),
    /** No optimizer block. */
    NONE("");

    private final String protoName;

    Kind(String protoName) {
      this.protoName = protoName;
    }

    /** The proto field name ({@code momentum_optimizer}, …); empty for OTHER and NONE. */
    public String protoName() {
      return protoName;
    }
  }

  /** Checks for nulls. */
  public Optimizer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(learningRate, "learningRate");
  }
}
