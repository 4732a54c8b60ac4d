package dev.detect.core.fuzz;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The outcome of a fuzz run: inputs tried, parsed and refused (and how many refusals give a line),
 * time, slowest input and largest allocation, with a few refusal messages as samples.
 *
 * @param name the parser
 * @param tried inputs fed
 * @param parsed inputs that parsed
 * @param refused inputs refused with the documented exception
 * @param refusedWithLine refusals whose {@link DatasetFormatException} names a line
 * @param seconds wall time of the run
 * @param slowestMillis the slowest input in wall time, in milliseconds
 * @param slowestCpuMillis the slowest input in CPU time of the parsing thread, in milliseconds
 * @param slowestIndex the index of the input that took the most CPU time
 * @param slowestSize the size of that input, in bytes
 * @param maxAllocatedMiB the most bytes one input allocated, in MiB
 * @param samples up to 12 distinct refusal messages that give no line
 */
public record FuzzReport(
    String name,
    int tried,
    int parsed,
    int refused,
    int refusedWithLine,
    double seconds,
    double slowestMillis,
    double slowestCpuMillis,
    int slowestIndex,
    int slowestSize,
    long maxAllocatedMiB,
    List<String> samples) {

  /** Copies the samples. */
  public FuzzReport {
    samples = List.copyOf(samples);
  }

  /** One line for the log. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "fuzz %s: %d inputs, %d parsed, %d refused (%d with a line), %.1f s,"
            + " slowest %.0f ms wall, %.0f ms CPU (#%d, %d bytes), max %d MiB allocated by one"
            + " input",
        name,
        tried,
        parsed,
        refused,
        refusedWithLine,
        seconds,
        slowestMillis,
        slowestCpuMillis,
        slowestIndex,
        slowestSize,
        maxAllocatedMiB);
  }

  /** Prints {@link #line()} and the samples, and appends them to {@code fuzz-reports/NAME.txt}. */
  void print() {
    StringBuilder sb = new StringBuilder(line()).append('\n');
    for (String s : samples) {
      sb.append("  no line: ").append(s).append('\n');
    }
    System.out.print(sb);
    Path dir =
        Path.of(System.getProperty("detect.fuzz.failures", "target/fuzz-failures"))
            .resolveSibling("fuzz-reports");
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve(name + ".txt"), sb.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      System.out.println("could not write the fuzz report: " + e);
    }
  }

  /** Counts outcomes during a run. */
  static final class Counter {
    private final String name;
    private final List<String> samples = new ArrayList<>();
    private final java.util.Set<String> seen = new java.util.HashSet<>();
    private int tried;
    private int parsed;
    private int refused;
    private int withLine;
    private long slowestNanos;
    private long slowestCpuNanos;
    private int slowestIndex;
    private int slowestSize;
    private long maxAllocated;

    Counter(String name) {
      this.name = name;
    }

    void time(long nanos, long cpuNanos, long allocated, int index, int size) {
      tried++;
      if (cpuNanos > slowestCpuNanos) {
        slowestIndex = index;
        slowestSize = size;
      }
      slowestCpuNanos = Math.max(slowestCpuNanos, cpuNanos);
      slowestNanos = Math.max(slowestNanos, nanos);
      maxAllocated = Math.max(maxAllocated, allocated);
    }

    void parsed() {
      parsed++;
    }

    void refused(Throwable t) {
      refused++;
      if (t instanceof DatasetFormatException d && d.line().isPresent()) {
        withLine++;
      }
      boolean lineless = !(t instanceof DatasetFormatException d && d.line().isPresent());
      String m = String.valueOf(t.getMessage());
      String key = m.replaceAll("[0-9]+", "N");
      key = key.substring(0, Math.min(key.length(), 200));
      if (lineless && samples.size() < 12 && seen.add(key)) {
        samples.add(m.length() > 300 ? m.substring(0, 300) + "…" : m);
      }
    }

    FuzzReport report(long nanos) {
      return new FuzzReport(
          name,
          tried,
          parsed,
          refused,
          withLine,
          nanos / 1e9,
          slowestNanos / 1e6,
          slowestCpuNanos / 1e6,
          slowestIndex,
          slowestSize,
          maxAllocated >> 20,
          samples);
    }
  }
}
