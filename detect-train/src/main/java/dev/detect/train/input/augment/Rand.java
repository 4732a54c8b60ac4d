package dev.detect.train.input.augment;

import java.util.random.RandomGenerator;

/** Random draws with the OD API's conventions ({@code tf.random_uniform}: {@code [min, max)}). */
final class Rand {
  private Rand() {}

  /** Uniform in {@code [min, max)}, or {@code min} when the range is empty. */
  static float uniform(RandomGenerator rng, double min, double max) {
    return max > min ? (float) (min + (max - min) * rng.nextDouble()) : (float) min;
  }

  /** Whether an event of the given probability happens ({@code u < p}, u uniform in [0, 1)). */
  static boolean chance(RandomGenerator rng, double probability) {
    return rng.nextDouble() < probability;
  }

  static void checkProbability(String name, double p) {
    if (!(p >= 0 && p <= 1)) {
      throw new IllegalArgumentException(name + " must be in [0, 1], got " + p);
    }
  }

  static void checkRange(String what, double min, double max) {
    if (!(min <= max) || Double.isInfinite(min) || Double.isInfinite(max)) {
      throw new IllegalArgumentException(
          what + ": min must be <= max and finite, got [" + min + ", " + max + "]");
    }
  }

  static float clamp255(float v) {
    return v < 0f ? 0f : (v > 255f ? 255f : v);
  }
}
