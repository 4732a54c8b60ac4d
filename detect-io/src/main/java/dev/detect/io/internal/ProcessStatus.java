package dev.detect.io.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * Readings of this process from Linux's {@code /proc} that the benchmarks print and the resource
 * tests check: resident memory, its peak and the number of OS threads (Java and native). Empty
 * where {@code /proc} is not there (macOS, Windows).
 */
public final class ProcessStatus {
  private static final Path STATUS = Path.of("/proc/self/status");

  private ProcessStatus() {}

  /**
   * The number in a {@code /proc/self/status} field: KiB for {@code VmRSS} (resident memory) and
   * {@code VmHWM} (its peak), a count for {@code Threads}; empty when unknown.
   */
  public static OptionalLong field(String name) {
    try {
      for (String line : Files.readAllLines(STATUS)) {
        if (line.startsWith(name + ":")) {
          return OptionalLong.of(
              Long.parseLong(line.substring(name.length() + 1).replaceAll("[^0-9]", "")));
        }
      }
    } catch (IOException | NumberFormatException e) {
      return OptionalLong.empty();
    }
    return OptionalLong.empty();
  }

  /** Resident memory ({@code VmRSS}) in KiB; empty when unknown. */
  public static OptionalLong residentKb() {
    return field("VmRSS");
  }

  /** The OS threads of this process, Java and native ({@code Threads}); empty when unknown. */
  public static OptionalLong threads() {
    return field("Threads");
  }

  /** The 1, 5 and 15 minute load averages separated by spaces, or {@code n/a}. */
  public static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | ArrayIndexOutOfBoundsException e) {
      return "n/a";
    }
  }
}
