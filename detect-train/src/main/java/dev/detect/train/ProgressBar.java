package dev.detect.train;

import java.io.PrintStream;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The console progress bar of {@link TrainingListener#progressBar()}. */
final class ProgressBar implements TrainingListener {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);
  private final PrintStream out;
  private final boolean terminal;
  private long lastDraw;

  ProgressBar(PrintStream out, boolean terminal) {
    this.out = out;
    this.terminal = terminal;
  }

  @Override
  public void onStart(TrainingStart s) {
    String line =
        String.format(
            Locale.ROOT,
            "training %,d parameters, %d anchors, batch %d, steps %d -> %d%s",
            s.trainableParameters(),
            s.anchors(),
            s.batchSize(),
            s.firstStep(),
            s.numSteps(),
            s.resumedFrom().map(p -> ", resumed from " + p.getFileName()).orElse(""));
    if (terminal) {
      out.println(line);
    } else {
      LOG.info(line);
    }
  }

  @Override
  public void onStep(StepInfo s) {
    long now = System.nanoTime();
    boolean last = s.step() >= s.numSteps();
    long interval = terminal ? 200_000_000L : 10_000_000_000L;
    if (!last && now - lastDraw < interval) {
      return;
    }
    lastDraw = now;
    String text =
        String.format(
            Locale.ROOT,
            "step %d/%d loss %.4f (cls %.4f loc %.4f reg %.4f) lr %.5f %.1f img/s ETA %s",
            s.step(),
            s.numSteps(),
            s.totalLoss(),
            s.classificationLoss(),
            s.localizationLoss(),
            s.regularizationLoss(),
            s.learningRate(),
            s.imagesPerSecond(),
            duration(s.etaSeconds()));
    if (terminal) {
      int width = 24;
      int filled = (int) Math.min(width, width * s.step() / Math.max(1, s.numSteps()));
      out.print("\r[" + "=".repeat(filled) + " ".repeat(width - filled) + "] " + text + "   ");
      if (last) {
        out.println();
      }
      out.flush();
    } else {
      LOG.info(text);
    }
  }

  @Override
  public void onCheckpoint(CheckpointInfo c) {
    if (!terminal) {
      LOG.info("checkpoint {}", c.prefix());
    }
  }

  @Override
  public void onEvaluation(EvaluationInfo e) {
    String line =
        String.format(
            Locale.ROOT,
            "eval at step %d: %s %.4f%s",
            e.step(),
            TrainingEvaluator.VOC_MAP,
            e.metric(),
            e.best() ? " (best)" : "");
    if (terminal) {
      out.println();
      out.println(line);
    } else {
      LOG.info(line);
    }
  }

  static String duration(double seconds) {
    if (!Double.isFinite(seconds)) {
      return "?";
    }
    long s = Math.round(seconds);
    return s >= 3600
        ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
        : String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60);
  }
}
