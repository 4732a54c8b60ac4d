package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;

/**
 * A SavedModel's {@code serving_default} signature: ours, {@code exporter_main_v2.py}'s (input
 * {@code input_tensor}) or {@code export_inference_graph.py}'s (input {@code inputs}).
 */
final class SavedModelRunner implements ModelRunner {
  private static final List<String> OUTPUTS =
      List.of("detection_boxes", "detection_scores", "detection_classes");

  private final ModelSource source;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String inputKey;

  private SavedModelRunner(
      ModelSource source, SavedModelBundle bundle, SessionFunction function, String inputKey) {
    this.source = source;
    this.bundle = bundle;
    this.function = function;
    this.inputKey = inputKey;
  }

  /**
   * Loads the SavedModel whose {@code saved_model.pb} is {@code source.file()}, with the tag {@code
   * serve}.
   *
   * @throws DatasetFormatException when it has no {@code serving_default} signature with one image
   *     input (or {@code input_tensor}) and the detection outputs
   */
  static SavedModelRunner open(ModelSource source) throws IOException {
    SavedModelBundle bundle = SavedModelBundle.load(source.directory().toString(), "serve");
    try {
      SessionFunction fn = servingDefault(bundle, source);
      Signature sig = fn.signature();
      String input =
          sig.inputNames().contains("input_tensor")
              ? "input_tensor"
              : sig.inputNames().size() == 1 ? sig.inputNames().iterator().next() : null;
      if (input == null || !sig.outputNames().containsAll(OUTPUTS)) {
        throw new DatasetFormatException(
            source.directory(),
            "the serving_default signature has inputs "
                + sig.inputNames()
                + " and outputs "
                + sig.outputNames()
                + "; an OD API detection model needs input_tensor and"
                + " detection_boxes, detection_scores, detection_classes");
      }
      return new SavedModelRunner(source, bundle, fn, input);
    } catch (IOException | RuntimeException | Error e) {
      bundle.close();
      throw e;
    }
  }

  private static SessionFunction servingDefault(SavedModelBundle bundle, ModelSource source)
      throws DatasetFormatException {
    try {
      return bundle.function(Signature.DEFAULT_KEY);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(
          source.directory(),
          "no serving_default signature (it has "
              + bundle.functions().stream().map(f -> f.signature().key()).toList()
              + "); export it with exporter_main_v2.py, export_inference_graph.py or detect export",
          e);
    }
  }

  @Override
  public ModelSource source() {
    return source;
  }

  @Override
  public SessionFunction function() {
    return function;
  }

  @Override
  public String inputKey() {
    return inputKey;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
