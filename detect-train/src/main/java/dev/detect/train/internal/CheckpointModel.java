package dev.detect.train.internal;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.eval.Detection;
import dev.detect.train.detector.RgbPixels;
import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.ImageDecoder;
import dev.detect.train.ssd.SsdInferenceGraph;
import dev.detect.train.ssd.SsdSpec;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The inference graph that {@link dev.detect.train.export.Exporter} exports, in memory, with a
 * checkpoint restored: the detections of an export of that checkpoint without writing one. One
 * graph for many checkpoints ({@link #restore(Path)} again), as training evaluates. Not exported.
 */
public final class CheckpointModel implements AutoCloseable {
  private final Graph graph;
  private final Session session;
  private final SsdInferenceGraph model;

  /** Builds the inference graph of {@code spec}; {@link #restore(Path)} before detecting. */
  public CheckpointModel(SsdSpec spec) {
    this.graph = new Graph();
    try {
      this.model = new SsdInferenceGraph(graph, spec);
      this.session = new Session(graph);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /**
   * Loads the variables of checkpoint {@code prefix}.
   *
   * @throws IllegalStateException when the checkpoint does not fit the model
   */
  public void restore(Path prefix) {
    try {
      session.restore(prefix.toString());
    } catch (TensorFlowException e) {
      throw new IllegalStateException(
          "checkpoint "
              + prefix
              + " does not fit the model of this pipeline.config ("
              + e.getMessage()
              + "); evaluate with the config the checkpoint was trained with",
          e);
    }
  }

  /**
   * Every detection the graph returns for {@code encoded} (named by id only: empty name).
   *
   * @throws DatasetFormatException when the bytes are not a decodable image
   */
  public List<Detection> detect(byte[] encoded) throws DatasetFormatException {
    ImageBoxes img = ImageDecoder.decode(encoded, "image bytes");
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

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }
}
