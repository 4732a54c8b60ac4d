package dev.detect.examples.bench;

import dev.detect.io.internal.ProcessStatus;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

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

  /**
   * {@code given} when set (kept afterwards), else a new temporary folder that is deleted with its
   * contents when the JVM exits.
   */
  static Path workDirectory(Path given, String prefix) throws IOException {
    if (given != null) {
      return given;
    }
    Path dir = Files.createTempDirectory(prefix);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteTree(dir), "bench-cleanup"));
    return dir;
  }

  private static void deleteTree(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    } catch (IOException | UncheckedIOException e) {
      System.err.println("could not delete " + dir + ": " + e);
    }
  }
}
