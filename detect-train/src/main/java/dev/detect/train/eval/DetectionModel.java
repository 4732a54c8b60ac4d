package dev.detect.train.eval;

import dev.detect.core.eval.Detection;
import java.io.IOException;
import java.util.List;

/**
 * Any model a {@link ModelEvaluator} can evaluate: detections for an encoded image. Lets a caller
 * evaluate a model this library does not load, or one it keeps open between evaluations.
 */
@FunctionalInterface
public interface DetectionModel {
  /**
   * The detections in an encoded image (JPEG, PNG, …), every one the model returns: the evaluator
   * keeps them all (give low scores too, as the OD API's evaluation does). Each has the 1-based
   * class id and the box normalized to the image; the name is ignored (the evaluator names
   * detections from their ids through its label map).
   *
   * @throws dev.detect.core.DatasetFormatException when the bytes are not a decodable image
   */
  List<Detection> detect(byte[] encodedImage) throws IOException;
}
