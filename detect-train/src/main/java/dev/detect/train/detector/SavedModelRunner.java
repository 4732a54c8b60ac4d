package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.util.List;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * A SavedModel's {@code serving_default} signature: ours, {@code exporter_main_v2.py}'s (input
 * {@code input_tensor}) or {@code export_inference_graph.py}'s (input {@code inputs}), of any of
 * their {@link InputType}s.
 */
final class SavedModelRunner implements ModelRunner {
  private static final List<String> OUTPUTS =
      List.of("detection_boxes", "detection_scores", "detection_classes");

  private final ModelSource source;
  private final SavedModelBundle bundle;
  private final SessionFunction function;
  private final String inputKey;
  private final InputType inputType;

  private SavedModelRunner(
      ModelSource source,
      SavedModelBundle bundle,
      SessionFunction function,
      String inputKey,
      InputType inputType) {
    this.source = source;
    this.bundle = bundle;
    this.function = function;
    this.inputKey = inputKey;
    this.inputType = inputType;
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
      return new SavedModelRunner(
          source, bundle, fn, input, inputType(bundle, sig.getInputs().get(input), source));
    } catch (IOException | RuntimeException | Error e) {
      bundle.close();
      throw e;
    }
  }

  /**
   * The input type from the input's dtype; a string input takes {@code tf.train.Example}s when the
   * graph or one of its functions parses Examples, else encoded images.
   */
  private static InputType inputType(
      SavedModelBundle bundle, Signature.TensorDescription input, ModelSource source)
      throws DatasetFormatException {
    switch (input.dataType) {
      case DT_UINT8:
        return InputType.IMAGE_TENSOR;
      case DT_FLOAT:
        return InputType.FLOAT_IMAGE_TENSOR;
      case DT_STRING:
        GraphDef graph = bundle.metaGraphDef().getGraphDef();
        boolean parses =
            graph.getNodeList().stream().anyMatch(SavedModelRunner::parsesExamples)
                || graph.getLibrary().getFunctionList().stream()
                    .flatMap(f -> f.getNodeDefList().stream())
                    .anyMatch(SavedModelRunner::parsesExamples);
        return parses ? InputType.TF_EXAMPLE : InputType.ENCODED_IMAGE_STRING_TENSOR;
      default:
        throw new DatasetFormatException(
            source.directory(),
            "the serving_default input is "
                + input.dataType
                + "; an OD API detection model takes uint8 or float32 images, encoded images or"
                + " tf.train.Examples (the exporters' --input_type)");
    }
  }

  private static boolean parsesExamples(NodeDef node) {
    return node.getOp().startsWith("ParseExample") || node.getOp().startsWith("ParseSingleExample");
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
  public InputType inputType() {
    return inputType;
  }

  @Override
  public void close() {
    bundle.close();
  }
}
