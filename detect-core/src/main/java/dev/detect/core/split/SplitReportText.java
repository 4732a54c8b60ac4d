package dev.detect.core.split;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Formats a {@link SplitReport} as an aligned text table. */
final class SplitReportText {
  private static final String[] HEADER = {
    "class", "train images", "train objects", "eval images", "eval objects", "train object %"
  };

  private SplitReportText() {}

  static String format(SplitReport r) {
    List<String[]> rows = new ArrayList<>();
    for (ClassSplit c : r.classes()) {
      rows.add(
          row(
              c.label(),
              c.trainImages(),
              Integer.toString(c.trainObjects()),
              c.evalImages(),
              Integer.toString(c.evalObjects()),
              percent(c.trainObjectFraction())));
    }
    int negatives = r.trainNegatives() + r.evalNegatives();
    if (negatives > 0) {
      rows.add(
          row(
              "(negative images)",
              r.trainNegatives(),
              "-",
              r.evalNegatives(),
              "-",
              percent((double) r.trainNegatives() / negatives)));
    }
    int objects = r.trainObjects() + r.evalObjects();
    rows.add(
        row(
            "total",
            r.trainImages(),
            Integer.toString(r.trainObjects()),
            r.evalImages(),
            Integer.toString(r.evalObjects()),
            objects == 0 ? "-" : percent((double) r.trainObjects() / objects)));
    StringBuilder sb = new StringBuilder();
    sb.append(title(r)).append('\n');
    table(sb, rows);
    sb.append(summary(r)).append('\n');
    for (String w : r.warnings()) {
      sb.append("warning: ").append(w).append('\n');
    }
    return sb.toString();
  }

  private static String title(SplitReport r) {
    return String.format(
        Locale.ROOT,
        "Split of %d images: train fraction %s, seed %d, %s",
        r.trainImages() + r.evalImages(),
        trim(r.trainFraction()),
        r.seed(),
        r.stratified() ? "stratified by class (objects per class)" : "random by image");
  }

  private static String summary(SplitReport r) {
    return String.format(
        Locale.ROOT,
        "train %d images (target %d), eval %d images; largest class deviation from %s: %.1f"
            + " points%s",
        r.trainImages(),
        r.targetTrainImages(),
        r.evalImages(),
        percent(r.trainFraction()),
        100 * r.maxObjectFractionDeviation(),
        worstClass(r));
  }

  private static String worstClass(SplitReport r) {
    ClassSplit worst = null;
    for (ClassSplit c : r.classes()) {
      double d = Math.abs(c.trainObjectFraction() - r.trainFraction());
      if (worst == null || d > Math.abs(worst.trainObjectFraction() - r.trainFraction())) {
        worst = c;
      }
    }
    return worst == null ? "" : " (" + worst.label() + ")";
  }

  private static String[] row(
      String label, int trainImages, String trainObj, int evalImages, String evalObj, String pct) {
    return new String[] {
      label, Integer.toString(trainImages), trainObj, Integer.toString(evalImages), evalObj, pct
    };
  }

  private static void table(StringBuilder sb, List<String[]> rows) {
    int[] width = new int[HEADER.length];
    for (int i = 0; i < HEADER.length; i++) {
      width[i] = HEADER[i].length();
      for (String[] row : rows) {
        width[i] = Math.max(width[i], row[i].length());
      }
    }
    line(sb, HEADER, width);
    for (int i = 0; i < width.length; i++) {
      sb.append(i == 0 ? "" : "-+-").append("-".repeat(width[i]));
    }
    sb.append('\n');
    for (String[] row : rows) {
      line(sb, row, width);
    }
  }

  private static void line(StringBuilder sb, String[] cells, int[] width) {
    for (int i = 0; i < cells.length; i++) {
      String pad = " ".repeat(width[i] - cells[i].length());
      sb.append(i == 0 ? "" : " | ").append(i == 0 ? cells[i] + pad : pad + cells[i]);
    }
    sb.append('\n');
  }

  private static String percent(double fraction) {
    return String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
  }

  private static String trim(double v) {
    return Double.toString(v);
  }
}
