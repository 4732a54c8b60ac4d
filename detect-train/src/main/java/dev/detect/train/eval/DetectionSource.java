package dev.detect.train.eval;

import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import java.io.IOException;
import java.util.List;

/** A model opened for one evaluation: detections per encoded image, and the classes. */
interface DetectionSource extends AutoCloseable {
  /** The classes; empty when the model came without a label map. */
  LabelMap labelMap();

  /** Where a label map was looked for, for the warning when there is none. */
  String origin();

  /**
   * Every detection of the model in {@code encoded} (min score 0, as many as it returns); names
   * need not be set: the evaluator names detections from their ids.
   */
  List<Detection> detect(byte[] encoded) throws IOException;

  /** Releases what this evaluation opened (not a Detector the caller owns). */
  @Override
  void close();
}
