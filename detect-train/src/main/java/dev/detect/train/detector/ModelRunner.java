package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import java.util.Optional;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;

/**
 * A loaded detection model as the {@link Detector} runs it: a session and an OD API style signature
 * (one image input of an {@link InputType}; outputs {@code detection_boxes}, {@code
 * detection_scores}, {@code detection_classes} and, optionally, {@code num_detections}), whether it
 * came from a SavedModel ({@link SavedModelRunner}) or a frozen graph ({@link FrozenGraphRunner}).
 * Implementations are thread-safe; {@link #close()} waits for runs in progress.
 */
interface ModelRunner extends AutoCloseable {

  /** The file loaded. */
  ModelSource source();

  /** The signature and the session it runs on; owned by this runner. */
  SessionFunction function();

  /**
   * The signature's image input key ({@code input_tensor}, {@code inputs}, {@code image_tensor}).
   */
  String inputKey();

  /** How the model takes its image. */
  InputType inputType();

  /** The session running the graph. */
  default Session session() {
    return function().session();
  }

  /** The graph tensor name of the image input, e.g. {@code image_tensor:0}. */
  default String inputTensor() {
    return function().signature().getInputs().get(inputKey()).name;
  }

  /**
   * The graph tensor name of an output ({@code detection_boxes}, …), or empty when the signature
   * lacks it.
   */
  default Optional<String> outputTensor(String key) {
    Signature.TensorDescription d = function().signature().getOutputs().get(key);
    return d == null ? Optional.empty() : Optional.of(d.name);
  }

  /**
   * The image size the input requires, when its height and width are fixed (e.g. {@code [1, 256,
   * 256, 3]}); empty when they are free ({@code -1}).
   */
  default Optional<InputSize> fixedInputSize() throws DatasetFormatException {
    if (inputType().encoded()) {
      return Optional.empty(); // the model decodes any size itself
    }
    return InputSize.of(function().signature().getInputs().get(inputKey()).shape, source().file());
  }

  /** Releases the graph and session (after runs in progress). Idempotent. */
  @Override
  void close();

  /**
   * The height and width, in pixels, that a model with a fixed-size image input takes.
   *
   * @param height rows, at least 1
   * @param width columns, at least 1
   */
  record InputSize(int height, int width) {

    /**
     * The fixed size of an image input of shape {@code shape}: empty when height and width are free
     * or the rank is unknown.
     *
     * @throws DatasetFormatException when the shape is not {@code [1 or -1, H, W, 3 or -1]}, or
     *     only one of height and width is fixed
     */
    static Optional<InputSize> of(Shape shape, java.nio.file.Path file)
        throws DatasetFormatException {
      if (shape == null || shape.isUnknown()) {
        return Optional.empty();
      }
      if (shape.numDimensions() != 4
          || (shape.get(0) != 1 && shape.get(0) != Shape.UNKNOWN_SIZE)
          || (shape.get(3) != 3 && shape.get(3) != Shape.UNKNOWN_SIZE)) {
        throw new DatasetFormatException(
            file,
            "the image input has shape "
                + shape
                + "; a detection model takes [1, height, width, 3] (batch 1 or -1)");
      }
      long h = shape.get(1);
      long w = shape.get(2);
      if (h == Shape.UNKNOWN_SIZE && w == Shape.UNKNOWN_SIZE) {
        return Optional.empty();
      }
      if (h <= 0 || w <= 0 || h > Integer.MAX_VALUE || w > Integer.MAX_VALUE) {
        throw new DatasetFormatException(
            file,
            "the image input has shape "
                + shape
                + "; height and width must both be fixed or both free (-1)");
      }
      return Optional.of(new InputSize((int) h, (int) w));
    }
  }
}
