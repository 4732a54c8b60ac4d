package dev.detect.examples.bench;

import dev.detect.io.internal.ProcessStatus;

/** Readings of this Linux process and machine that the benchmarks print. */
final class BenchSystem {
  private BenchSystem() {}

  /**
   * A {@code /proc/self/status} field in KiB (e.g. {@code VmRSS}, {@code VmHWM}); -1 if unknown.
   */
  static long memoryKb(String field) {
    return ProcessStatus.field(field).orElse(-1);
  }

  /** Prints the machine line every benchmark starts with: cores, load average, Java version. */
  static void printStart() {
    System.out.printf(
        java.util.Locale.ROOT,
        "cores %d, load average at start %s, java %s%n",
        Runtime.getRuntime().availableProcessors(),
        loadAverage(),
        System.getProperty("java.version"));
  }

  /** The 1, 5 and 15 minute load averages, or {@code n/a}. */
  static String loadAverage() {
    return ProcessStatus.loadAverage();
  }
}
