package dev.detect.core.split;

/**
 * SplitMix64 (Steele, Lea, Flood 2014), written out here so that a seed gives the same sequence on
 * every JVM and JDK version: the split is a pure function of the input and the seed.
 */
final class SeededRandom {
  private long state;

  SeededRandom(long seed) {
    this.state = seed;
  }

  long nextLong() {
    long z = (state += 0x9E3779B97F4A7C15L);
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  /** Uniform in {@code [0, bound)} without modulo bias (rejection sampling). */
  int nextInt(int bound) {
    if (bound <= 0) {
      throw new IllegalArgumentException("bound must be positive, got " + bound);
    }
    while (true) {
      long r = nextLong() >>> 1;
      long v = r % bound;
      if (r - v + (bound - 1) >= 0) {
        return (int) v;
      }
    }
  }

  /** Uniform in {@code [0, 1)} with 53 random bits. */
  double nextDouble() {
    return (nextLong() >>> 11) * 0x1.0p-53;
  }

  boolean nextBoolean() {
    return nextLong() < 0;
  }
}
