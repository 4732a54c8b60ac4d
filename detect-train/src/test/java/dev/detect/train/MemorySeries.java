package dev.detect.train;

import java.util.Arrays;
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

  /** The readings in MB, e.g. {@code "801 768 783 MB"}. */
  public static String toMb(long[] kb) {
    return Arrays.stream(kb).mapToObj(v -> Long.toString(v / 1024)).collect(Collectors.joining(" "))
        + " MB";
  }
}
