package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;

/**
 * Resident-memory readings taken after each of several open/close cycles, and their growth judged
 * robustly: the allocator keeps and returns freed memory unevenly, so single readings swing by tens
 * of MB, whereas a leak raises every later reading.
 */
public final class MemorySeries {
  private MemorySeries() {}

  /**
   * The growth in KiB from the start to the end of the series: the lower of the last two readings
   * minus the higher of the first two (at least 4 readings).
   */
  public static long growthKb(long[] rssKb) {
    if (rssKb.length < 4) {
      throw new IllegalArgumentException("need at least 4 readings, got " + rssKb.length);
    }
    int n = rssKb.length;
    return Math.min(rssKb[n - 1], rssKb[n - 2]) - Math.max(rssKb[0], rssKb[1]);
  }

  /**
   * Prints the series and asserts that resident memory grew less than {@code maxGrowthKb} (see
   * {@link #growthKb}) and that the thread count did not grow, where /proc readings exist.
   */
  public static void assertFlat(String what, long[] rssKb, long[] threads, long maxGrowthKb) {
    long growth = growthKb(rssKb);
    int n = rssKb.length;
    System.out.printf(
        Locale.ROOT,
        "%d %s cycles: RSS after each %s (growth %+d MB); threads %d → %d%n",
        n,
        what,
        toMb(rssKb),
        growth / 1024,
        threads[0],
        threads[n - 1]);
    if (rssKb[0] > 0) {
      assertTrue(growth < maxGrowthKb, "resident memory grew by " + growth / 1024 + " MB");
      assertTrue(
          threads[n - 1] <= threads[0],
          "threads "
              + threads[0]
              + " after the first cycle, "
              + threads[n - 1]
              + " after the last");
    }
  }

  /** The readings in MB, e.g. {@code "801 768 783 MB"}. */
  public static String toMb(long[] kb) {
    return Arrays.stream(kb).mapToObj(v -> Long.toString(v / 1024)).collect(Collectors.joining(" "))
        + " MB";
  }
}
