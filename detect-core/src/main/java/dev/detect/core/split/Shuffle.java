package dev.detect.core.split;

/** Seeded Fisher-Yates permutations: the same seed gives the same order on every JVM. */
final class Shuffle {
  private Shuffle() {}

  /** A random permutation of {@code 0 .. n-1}. */
  static int[] permutation(int n, SeededRandom random) {
    int[] p = new int[n];
    for (int i = 0; i < n; i++) {
      p[i] = i;
    }
    for (int i = n - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      int t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  }
}
