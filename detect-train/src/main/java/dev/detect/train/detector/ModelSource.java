package dev.detect.train.detector;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Which file a {@link Detector} loaded, and as what: the answer to "which model is this?" when
 * {@link Detector#load(Path)} was given a folder that could hold several (an OD API export, a TF1
 * model-zoo tarball).
 *
 * @param file the loaded file: a SavedModel's {@code saved_model.pb} or a frozen graph's {@code
 *     .pb}, as an absolute path
 * @param kind whether it is a SavedModel or a frozen {@code GraphDef}
 */
public record ModelSource(Path file, Kind kind) {

  /** The two model formats the {@link Detector} runs. */
  public enum Kind {
    /**
     * A SavedModel folder ({@code saved_model.pb} and {@code variables/}) with a {@code
     * serving_default} signature: {@code exporter_main_v2.py}'s, {@code
     * export_inference_graph.py}'s, or {@code detect export}'s.
     */
    SAVED_MODEL,
    /**
     * A TF1 frozen inference graph: a {@code GraphDef} with the weights as constants, input {@code
     * image_tensor}, outputs {@code detection_boxes}, {@code detection_scores}, {@code
     * detection_classes} and {@code num_detections} ({@code frozen_inference_graph.pb}).
     */
    FROZEN_GRAPH
  }

  /** Checks the values and makes {@code file} absolute. */
  public ModelSource {
    Objects.requireNonNull(kind, "kind");
    file = Objects.requireNonNull(file, "file").toAbsolutePath().normalize();
  }

  /** The folder holding {@link #file()}: for a SavedModel, the SavedModel folder itself. */
  public Path directory() {
    return file.getParent();
  }

  /** A short description, e.g. {@code "frozen graph /models/ssd/frozen_inference_graph.pb"}. */
  @Override
  public String toString() {
    return (kind == Kind.SAVED_MODEL ? "SavedModel " : "frozen graph ") + file;
  }
}
