package dev.detect.train;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.detector.RgbPixels;
import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.ImageDecoder;
import dev.detect.train.ssd.SsdInferenceGraph;
import dev.detect.train.ssd.SsdSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * Evaluates checkpoints on the config's eval input with the inference graph (the graph that is
 * exported), computing the PASCAL VOC and COCO metrics in Java.
 */
final class TrainingEvaluator implements AutoCloseable {
  /** The metric that picks the best checkpoint. */
  static final String VOC_MAP = "PascalBoxes_Precision/mAP@0.5IOU";

  private final Graph graph;
  private final Session session;
  private final SsdInferenceGraph model;
  private final List<ImageAnnotation> truth = new ArrayList<>();
  private final List<byte[]> encoded = new ArrayList<>();
  private final Evaluator evaluator;

  TrainingEvaluator(PipelineConfig config, SsdSpec spec) throws IOException {
    var reader = config.evalInputs().get(0);
    LabelMap labels = LabelMapFormat.read(Path.of(reader.labelMapPath()));
    for (String p : reader.inputPaths()) {
      TfRecordReader.withLabelMap(labels)
          .forEach(
              Path.of(p),
              (file, index, ex) -> {
                truth.add(
                    ex.annotation().toBuilder()
                        .fileName(
                            file.getFileName() + "#" + index + "/" + ex.annotation().fileName())
                        .build());
                encoded.add(ex.encodedImage());
              });
    }
    this.evaluator = Evaluator.builder().labelMap(labels).build();
    this.graph = new Graph();
    try {
      this.model = new SsdInferenceGraph(graph, spec);
      this.session = new Session(graph);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /** Whether the eval input has images. */
  boolean hasImages() {
    return !truth.isEmpty();
  }

  /** Evaluates the checkpoint {@code prefix}. */
  EvaluationReport evaluate(Path prefix) throws IOException {
    session.restore(prefix.toString());
    List<ImageDetections> detections = new ArrayList<>(truth.size());
    for (int i = 0; i < truth.size(); i++) {
      detections.add(
          new ImageDetections(
              truth.get(i).fileName(), detect(encoded.get(i), truth.get(i).fileName())));
    }
    return evaluator.evaluate(dev.detect.core.annotation.AnnotationSet.of(truth), detections);
  }

  private List<Detection> detect(byte[] bytes, String source) throws IOException {
    ImageBoxes img = ImageDecoder.decode(bytes, source);
    try (TUint8 input = RgbPixels.tensor(img.pixels(), img.height(), img.width());
        Result r =
            session
                .runner()
                .feed(model.input, input)
                .fetch(model.boxes)
                .fetch(model.scores)
                .fetch(model.classes)
                .fetch(model.numDetections)
                .run()) {
      TFloat32 boxes = (TFloat32) r.get(0);
      TFloat32 scores = (TFloat32) r.get(1);
      TFloat32 classes = (TFloat32) r.get(2);
      int n = (int) ((TFloat32) r.get(3)).getFloat(0);
      List<Detection> out = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        NormalizedBox box =
            NormalizedBox.ofYxyx(
                    boxes.getFloat(0, i, 0),
                    boxes.getFloat(0, i, 1),
                    boxes.getFloat(0, i, 2),
                    boxes.getFloat(0, i, 3))
                .clip();
        out.add(
            Detection.of(
                Math.round(classes.getFloat(0, i)),
                "",
                scores.getFloat(0, i),
                box,
                img.width(),
                img.height()));
      }
      return out;
    }
  }

  /** The scalars for TensorBoard: every metric that is a number. */
  static Map<String, Double> scalars(EvaluationReport report) {
    Map<String, Double> out = new LinkedHashMap<>();
    report
        .metrics()
        .forEach(
            (k, v) -> {
              if (Double.isFinite(v)) {
                out.put(k, v);
              }
            });
    return out;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
