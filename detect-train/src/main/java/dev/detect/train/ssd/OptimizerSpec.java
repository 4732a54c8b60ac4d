package dev.detect.train.ssd;

/**
 * The optimizer of {@code train_config.optimizer}; the learning rate is fed per step.
 *
 * @param kind which optimizer
 * @param momentum momentum ({@code momentum_optimizer_value}) for momentum and RMSProp
 * @param beta1 Adam beta1 (0.9)
 * @param beta2 Adam beta2 (0.999)
 * @param epsilon Adam (1e-8) or RMSProp (1.0) epsilon
 * @param rmsDecay RMSProp decay (0.9)
 * @param gradientClipNorm clip gradients to this global norm; 0 = no clipping
 */
public record OptimizerSpec(
    Kind kind,
    double momentum,
    double beta1,
    double beta2,
    double epsilon,
    double rmsDecay,
    double gradientClipNorm) {

  /** The optimizers the OD API offers. */
  public enum Kind {
    /** {@code momentum_optimizer}. */
    MOMENTUM,
    /** {@code adam_optimizer}. */
    ADAM,
    /** {@code rms_prop_optimizer}. */
    RMS_PROP
  }

  /** Momentum 0.9, no clipping. */
  public static OptimizerSpec momentum(double momentum) {
    return new OptimizerSpec(Kind.MOMENTUM, momentum, 0.9, 0.999, 1e-8, 0.9, 0);
  }

  /** Adam with the OD API defaults (epsilon 1e-8). */
  public static OptimizerSpec adam() {
    return new OptimizerSpec(Kind.ADAM, 0.9, 0.9, 0.999, 1e-8, 0.9, 0);
  }

  /** RMSProp with the OD API defaults (momentum 0.9, decay 0.9, epsilon 1.0). */
  public static OptimizerSpec rmsProp() {
    return new OptimizerSpec(Kind.RMS_PROP, 0.9, 0.9, 0.999, 1.0, 0.9, 0);
  }

  /** A copy with global-norm gradient clipping. */
  public OptimizerSpec withGradientClipNorm(double norm) {
    return new OptimizerSpec(kind, momentum, beta1, beta2, epsilon, rmsDecay, norm);
  }
}
