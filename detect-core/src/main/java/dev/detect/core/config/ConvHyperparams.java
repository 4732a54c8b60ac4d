package dev.detect.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code conv_hyperparams} ({@code Hyperparams} in hyperparams.proto), with its defaults.
 *
 * @param activation the activation after the convolution (default RELU)
 * @param regularizer {@code l2_regularizer}, {@code l1_regularizer} or empty when none
 * @param regularizerWeight the regularizer weight (proto default 1.0 inside a regularizer block; 0
 *     when there is no regularizer)
 * @param initializer {@code truncated_normal_initializer}, {@code random_normal_initializer},
 *     {@code variance_scaling_initializer}, … or empty when none
 * @param initializerMean mean of a (truncated) normal initializer (default 0.0)
 * @param initializerStddev stddev of a (truncated) normal initializer (default 1.0)
 * @param batchNorm the batch norm settings, empty when there is no {@code batch_norm} block (no
 *     normalization)
 * @param forceUseBias force_use_bias (default false)
 */
public record ConvHyperparams(
    Activation activation,
    String regularizer,
    double regularizerWeight,
    String initializer,
    double initializerMean,
    double initializerStddev,
    Optional<BatchNorm> batchNorm,
    boolean forceUseBias) {

  /** {@code Hyperparams.Activation}, in proto number order. */
  public enum Activation {
    /** 0: no activation. */
    NONE,
    /** 1: ReLU, the default. */
    RELU,
    /** 2: ReLU capped at 6. */
    RELU_6,
    /** 3: x·sigmoid(x). */
    SWISH
  }

  /**
   * {@code batch_norm} with its proto defaults.
   *
   * @param decay moving-average decay (default 0.999)
   * @param center add a beta offset (default true)
   * @param scale multiply by gamma (default false)
   * @param epsilon added to the variance (default 0.001)
   * @param train update the batch-norm statistics while training (default true)
   */
  public record BatchNorm(
      double decay, boolean center, boolean scale, double epsilon, boolean train) {}

  /** Checks for nulls. */
  public ConvHyperparams {
    Objects.requireNonNull(activation, "activation");
    Objects.requireNonNull(regularizer, "regularizer");
    Objects.requireNonNull(initializer, "initializer");
    Objects.requireNonNull(batchNorm, "batchNorm");
  }
}
