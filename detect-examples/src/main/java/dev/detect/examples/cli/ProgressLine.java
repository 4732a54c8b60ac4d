package dev.detect.examples.cli;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * A one-line progress display on stderr: redrawn in place on a terminal, a line every 10% when
 * output is redirected, silent for small jobs.
 */
final class ProgressLine {
  private final PrintWriter err;
  private final String what;
  private final boolean terminal = System.console() != null;
  private final long start = System.nanoTime();
  private long lastDraw;
  private int lastDecile = -1;

  ProgressLine(PrintWriter err, String what) {
    this.err = err;
    this.what = what;
  }

  void update(int done, int total) {
    if (total < 200) {
      return;
    }
    long now = System.nanoTime();
    if (terminal) {
      if (now - lastDraw < 100_000_000L && done < total) {
        return;
      }
      lastDraw = now;
      err.print("\r" + line(done, total, now));
      if (done == total) {
        err.println();
      }
      err.flush();
    } else {
      int decile = (int) (10L * done / total);
      if (decile != lastDecile) {
        lastDecile = decile;
        err.println(line(done, total, now));
        err.flush();
      }
    }
  }

  private String line(int done, int total, long now) {
    double secs = (now - start) / 1e9;
    double rate = secs > 0 ? done / secs : 0;
    double eta = rate > 0 ? (total - done) / rate : 0;
    int width = 30;
    int filled = (int) ((long) width * done / total);
    return String.format(
        Locale.ROOT,
        "%s [%s%s] %d/%d %.0f/s ETA %.0fs",
        what,
        "=".repeat(filled),
        " ".repeat(width - filled),
        done,
        total,
        rate,
        eta);
  }
}
