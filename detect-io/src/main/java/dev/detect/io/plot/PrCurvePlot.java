package dev.detect.io.plot;

import dev.detect.core.eval.ClassResult;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.PrPoint;
import dev.detect.core.internal.AtomicFiles;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import javax.imageio.ImageIO;

/**
 * Draws the VOC precision/recall curves of an {@link EvaluationReport} as a PNG: recall on x,
 * precision on y (both 0 to 1), one coloured line per class with ground truth showing the monotone
 * precision envelope that the all-point AP integrates, and a legend with each class's AP.
 */
public final class PrCurvePlot {
  private static final int WIDTH = 900;
  private static final int HEIGHT = 640;
  private static final int LEFT = 70;
  private static final int TOP = 40;
  private static final int PLOT = 520;
  private static final Color[] PALETTE = {
    new Color(0x1f77b4), new Color(0xff7f0e), new Color(0x2ca02c), new Color(0xd62728),
    new Color(0x9467bd), new Color(0x8c564b), new Color(0xe377c2), new Color(0x7f7f7f),
    new Color(0xbcbd22), new Color(0x17becf)
  };

  private PrCurvePlot() {}

  /**
   * Writes the plot to {@code png}, atomically (a temporary file in the same folder, then a
   * rename), replacing an existing file.
   *
   * @throws IOException when the file cannot be written
   */
  public static void write(EvaluationReport report, Path png) throws IOException {
    Objects.requireNonNull(report, "report");
    Objects.requireNonNull(png, "png");
    BufferedImage image = render(report);
    AtomicFiles.write(
        png,
        out -> {
          if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer available to write " + png);
          }
        });
  }

  /** Renders the plot as an RGB image. */
  public static BufferedImage render(EvaluationReport report) {
    Objects.requireNonNull(report, "report");
    BufferedImage image = new BufferedImage(WIDTH, HEIGHT, BufferedImage.TYPE_INT_RGB);
    Graphics2D g = image.createGraphics();
    try {
      g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
      g.setColor(Color.WHITE);
      g.fillRect(0, 0, WIDTH, HEIGHT);
      drawAxes(g, report);
      int drawn = 0;
      for (ClassResult c : report.classes()) {
        if (Double.isNaN(c.vocAp())) {
          continue;
        }
        Color color = PALETTE[drawn % PALETTE.length];
        drawCurve(g, report.precisionRecall(c.name()), color);
        drawLegendEntry(g, drawn, color, c);
        drawn++;
      }
    } finally {
      g.dispose();
    }
    return image;
  }

  private static void drawAxes(Graphics2D g, EvaluationReport report) {
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    for (int i = 0; i <= 10; i++) {
      int x = px(i / 10.0);
      int y = py(i / 10.0);
      g.setColor(new Color(0xe6e6e6));
      g.drawLine(x, TOP, x, TOP + PLOT);
      g.drawLine(LEFT, y, LEFT + PLOT, y);
      g.setColor(Color.DARK_GRAY);
      String label = String.format(Locale.ROOT, "%.1f", i / 10.0);
      g.drawString(label, x - 9, TOP + PLOT + 18);
      g.drawString(label, LEFT - 30, y + 4);
    }
    g.setColor(Color.BLACK);
    g.drawRect(LEFT, TOP, PLOT, PLOT);
    g.drawString("recall", LEFT + PLOT / 2 - 15, TOP + PLOT + 38);
    g.drawString("precision", 8, TOP - 12);
    g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 14));
    g.drawString(
        String.format(Locale.ROOT, "Precision/recall (VOC), mAP %s", formatAp(report.vocMap())),
        LEFT + 120,
        TOP - 14);
  }

  private static void drawCurve(Graphics2D g, List<PrPoint> curve, Color color) {
    if (curve.isEmpty()) {
      return;
    }
    // The envelope: precision made non-increasing from the right, as the AP integrates it.
    double[] envelope = new double[curve.size()];
    double max = 0;
    for (int i = curve.size() - 1; i >= 0; i--) {
      max = Math.max(max, curve.get(i).precision());
      envelope[i] = max;
    }
    Path2D.Double path = new Path2D.Double();
    path.moveTo(px(0), py(envelope[0]));
    double previousRecall = 0;
    for (int i = 0; i < curve.size(); i++) {
      double r = curve.get(i).recall();
      path.lineTo(px(previousRecall), py(envelope[i]));
      path.lineTo(px(r), py(envelope[i]));
      previousRecall = r;
    }
    g.setColor(color);
    g.setStroke(new BasicStroke(2f));
    g.draw(path);
    g.setStroke(new BasicStroke(1f));
  }

  private static void drawLegendEntry(Graphics2D g, int row, Color color, ClassResult c) {
    int x = LEFT + PLOT + 20;
    int y = TOP + 10 + row * 20;
    if (y > HEIGHT - 20) {
      return;
    }
    g.setColor(color);
    g.fillRect(x, y - 9, 18, 10);
    g.setColor(Color.BLACK);
    g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
    g.drawString(c.metricName() + "  AP " + formatAp(c.vocAp()), x + 24, y);
  }

  private static String formatAp(double ap) {
    return Double.isNaN(ap) ? "n/a" : String.format(Locale.ROOT, "%.3f", ap);
  }

  private static int px(double recall) {
    return LEFT + (int) Math.round(recall * PLOT);
  }

  private static int py(double precision) {
    return TOP + PLOT - (int) Math.round(precision * PLOT);
  }
}
