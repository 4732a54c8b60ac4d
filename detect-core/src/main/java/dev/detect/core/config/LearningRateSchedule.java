package dev.detect.core.config;

import java.util.List;
import java.util.Objects;

/**
 * The {@code learning_rate} of an optimizer (optimizer.proto {@code LearningRate} oneof), with
 * {@link #learningRate(long)} computing the rate at a global step exactly as the OD API's {@code
 * utils/learning_schedules.py} does (in double precision; TensorFlow computes in float32).
 */
public sealed interface LearningRateSchedule {
  /**
   * The learning rate at a global step (0-based, as counted by the trainer).
   *
   * @param step the global step
   */
  double learningRate(long step);

  /** The proto field name of this variant, e.g. {@code cosine_decay_learning_rate}. */
  String protoName();

  /**
   * {@code constant_learning_rate}.
   *
   * @param learningRate the rate (proto default 0.002)
   */
  record Constant(double learningRate) implements LearningRateSchedule {
    @Override
    public double learningRate(long step) {
      return learningRate;
    }

    @Override
    public String protoName() {
      return "constant_learning_rate";
    }
  }

  /**
   * {@code exponential_decay_learning_rate} ({@code exponential_decay_with_burnin}): {@code
   * burninLearningRate} (or the initial rate when it is 0) for the first {@code burninSteps} steps,
   * then {@code initial · decayFactor^((step − burninSteps) / decaySteps)} (the exponent floored
   * when {@code staircase}), never below {@code minLearningRate}.
   *
   * @param initialLearningRate proto default 0.002
   * @param decaySteps proto default 4000000
   * @param decayFactor proto default 0.95
   * @param staircase proto default true
   * @param burninLearningRate proto default 0 (= the initial rate)
   * @param burninSteps proto default 0
   * @param minLearningRate proto default 0
   */
  record ExponentialDecay(
      double initialLearningRate,
      long decaySteps,
      double decayFactor,
      boolean staircase,
      double burninLearningRate,
      long burninSteps,
      double minLearningRate)
      implements LearningRateSchedule {
    @Override
    public double learningRate(long step) {
      double burnin = burninLearningRate == 0 ? initialLearningRate : burninLearningRate;
      double rate;
      if (step < burninSteps) {
        rate = burnin;
      } else {
        double p = (double) (step - burninSteps) / decaySteps;
        rate = initialLearningRate * Math.pow(decayFactor, staircase ? Math.floor(p) : p);
      }
      return Math.max(rate, minLearningRate);
    }

    @Override
    public String protoName() {
      return "exponential_decay_learning_rate";
    }
  }

  /**
   * {@code cosine_decay_learning_rate} ({@code cosine_decay_with_warmup}): linear warm-up from
   * {@code warmupLearningRate} to {@code learningRateBase} over {@code warmupSteps}, the base rate
   * held for {@code holdBaseRateSteps}, then {@code 0.5 · base · (1 + cos(π · (step − warmup −
   * hold) / (total − warmup − hold)))}, and 0 after {@code totalSteps}.
   *
   * @param learningRateBase proto default 0.002
   * @param totalSteps proto default 4000000
   * @param warmupLearningRate proto default 0.0002
   * @param warmupSteps proto default 10000
   * @param holdBaseRateSteps proto default 0
   */
  record CosineDecay(
      double learningRateBase,
      long totalSteps,
      double warmupLearningRate,
      long warmupSteps,
      long holdBaseRateSteps)
      implements LearningRateSchedule {
    @Override
    public double learningRate(long step) {
      if (step > totalSteps) {
        return 0.0;
      }
      if (warmupSteps > 0 && step < warmupSteps) {
        double slope = (learningRateBase - warmupLearningRate) / warmupSteps;
        return slope * step + warmupLearningRate;
      }
      if (holdBaseRateSteps > 0 && step <= warmupSteps + holdBaseRateSteps) {
        return learningRateBase;
      }
      double span = (double) (totalSteps - warmupSteps - holdBaseRateSteps);
      return 0.5
          * learningRateBase
          * (1 + Math.cos(Math.PI * (step - warmupSteps - holdBaseRateSteps) / span));
    }

    @Override
    public String protoName() {
      return "cosine_decay_learning_rate";
    }
  }

  /**
   * {@code manual_step_learning_rate} ({@code manual_stepping}): {@code initialLearningRate} until
   * the first boundary, then each step's rate from its step on. With {@code warmup}, the rate rises
   * linearly from the initial rate to the first step's rate over {@code [0, first step)}.
   *
   * @param initialLearningRate proto default 0.002
   * @param schedule the boundaries, strictly increasing steps
   * @param warmup proto default false
   */
  record ManualStep(double initialLearningRate, List<Step> schedule, boolean warmup)
      implements LearningRateSchedule {
    /**
     * One {@code schedule { step, learning_rate }} entry.
     *
     * @param step the first global step with this rate
     * @param learningRate the rate (proto default 0.002)
     */
    public record Step(long step, double learningRate) {}

    /** Copies the schedule. */
    public ManualStep {
      schedule = List.copyOf(Objects.requireNonNull(schedule, "schedule"));
    }

    @Override
    public double learningRate(long step) {
      if (schedule.isEmpty()) {
        return initialLearningRate;
      }
      long first = schedule.get(0).step();
      if (warmup && step < first) {
        if (step < 0) {
          return initialLearningRate;
        }
        double slope = (schedule.get(0).learningRate() - initialLearningRate) / first;
        return initialLearningRate + slope * step;
      }
      double rate = initialLearningRate;
      for (Step s : schedule) {
        if (step >= s.step()) {
          rate = s.learningRate();
        }
      }
      return rate;
    }

    @Override
    public String protoName() {
      return "manual_step_learning_rate";
    }
  }
}
