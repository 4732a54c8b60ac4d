package dev.detect.examples;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.io.plot.PrCurvePlot;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import java.nio.file.Path;
import java.util.ArrayList;
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
    List<ImageAnnotation> truth = new ArrayList<>();
    List<ImageDetections> detections = new ArrayList<>();
    try (Detector detector =
        Detector.load(Path.of(args[0]), DetectorOptions.builder().minScore(0f).build())) {
      TfRecordReader.withLabelMap(detector.labelMap())
          .forEach(
              Path.of(args[1]),
              (file, index, example) -> {
                String name = index + "/" + example.annotation().fileName();
                truth.add(example.annotation().toBuilder().fileName(name).build());
                detections.add(new ImageDetections(name, detector.detect(example.encodedImage())));
              });
      EvaluationReport report =
          Evaluator.builder()
              .labelMap(detector.labelMap())
              .build()
              .evaluate(dev.detect.core.annotation.AnnotationSet.of(truth), detections);
      System.out.println(report.toText());
      PrCurvePlot.write(report, Path.of(args[2]));
    }
  }
}
