package dev.detect.examples;

import dev.detect.core.eval.EvaluationReport;
import dev.detect.io.plot.PrCurvePlot;
import dev.detect.train.eval.ModelEvaluator;
import java.nio.file.Path;
import java.util.List;

/**
 * Scores an exported model on a TFRecord with the PASCAL VOC and COCO metrics (the OD API's names)
 * and plots the precision-recall curves. Run: {@code EvaluateModel <export-dir> <eval.record>
 * <pr.png>}.
 */
public final class EvaluateModel {
  private EvaluateModel() {}

  /** Evaluates {@code args[0]} on {@code args[1]}, plotting to {@code args[2]}. */
  public static void main(String[] args) throws Exception {
    EvaluationReport report =
        ModelEvaluator.builder(Path.of(args[0]))
            .build()
            .evaluate(List.of(Path.of(args[1])))
            .report();
    System.out.println(report.toText());
    PrCurvePlot.write(report, Path.of(args[2]));
  }
}
