package dev.detect.examples.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Readings of this Linux process and machine that the benchmarks print. */
final class BenchSystem {
  private BenchSystem() {}

  /**
   * A {@code /proc/self/status} field in KiB (e.g. {@code VmRSS}, {@code VmHWM}); -1 if unknown.
   */
  static long memoryKb(String field) {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith(field + ":")) {
          return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  /** The 1, 5 and 15 minute load averages, or {@code n/a}. */
  static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException e) {
      return "n/a";
    }
  }
}
