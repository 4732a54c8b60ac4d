package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.SessionFunction;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;

/**
 * A TF1 frozen inference graph ({@code export_inference_graph.py}'s {@code
 * frozen_inference_graph.pb}, or any {@code GraphDef} with the same node names), imported with
 * {@code Graph.importGraphDef} and run on a plain {@code Session}: TF1 control flow ({@code
 * Enter}/{@code Exit}/{@code Switch}/{@code Merge}, {@code TensorArrayV3}) and old op versions run
 * as they are. The runner builds a signature like a SavedModel's, with the image input under its
 * node's name: {@code image_tensor} (uint8 or float32 images), {@code encoded_image_string_tensor}
 * or {@code tf_example}, the TF1 exporter's names for its {@link InputType}s.
 */
final class FrozenGraphRunner implements ModelRunner {
  /** The input node of OD API frozen graphs of each input type (float images: image_tensor too). */
  static final List<String> INPUTS =
      List.of("image_tensor", "encoded_image_string_tensor", "tf_example");

  /** The output nodes: boxes, scores, classes (required) and the count (optional). */
  static final List<String> OUTPUTS =
      List.of("detection_boxes", "detection_scores", "detection_classes", "num_detections");

  private final ModelSource source;
  private final Graph graph;
  private final Session session;
  private final SessionFunction function;
  private final String input;
  private final InputType inputType;

  private FrozenGraphRunner(
      ModelSource source,
      Graph graph,
      Session session,
      Signature sig,
      String input,
      InputType inputType) {
    this.source = source;
    this.graph = graph;
    this.session = session;
    this.function = SessionFunction.create(sig, session);
    this.input = input;
    this.inputType = inputType;
  }

  /**
   * Reads and imports the frozen graph {@code source.file()}.
   *
   * @throws DatasetFormatException naming the file when it is not a {@code GraphDef} (a SavedModel
   *     included), lacks {@code image_tensor} or a detection output (the message lists the graph's
   *     placeholders), or TensorFlow cannot import it
   */
  static FrozenGraphRunner open(ModelSource source) throws IOException {
    GraphDef def = parse(source);
    checkNodes(def, source);
    Graph graph = new Graph();
    try {
      try {
        graph.importGraphDef(def);
      } catch (IllegalArgumentException | TensorFlowException e) {
        throw new DatasetFormatException(
            source.file(), "TensorFlow cannot import this graph: " + e.getMessage(), e);
      }
      String inputName = INPUTS.stream().filter(n -> graph.operation(n) != null).findFirst().get();
      GraphOperation input = graph.operation(inputName);
      InputType type = inputType(inputName, input.output(0).dataType(), source);
      Signature.Builder sig =
          Signature.builder().key(Signature.DEFAULT_KEY).input(inputName, input.output(0));
      for (String name : OUTPUTS) {
        GraphOperation op = graph.operation(name);
        if (op != null) {
          sig.output(name, op.output(0));
        }
      }
      return new FrozenGraphRunner(source, graph, new Session(graph), sig.build(), inputName, type);
    } catch (IOException | RuntimeException | Error e) {
      graph.close();
      throw e;
    }
  }

  /** The input type of the input node {@code name} of dtype {@code dtype}. */
  private static InputType inputType(String name, DataType dtype, ModelSource source)
      throws DatasetFormatException {
    boolean image = name.equals("image_tensor");
    if (image && dtype == DataType.DT_UINT8) {
      return InputType.IMAGE_TENSOR;
    }
    if (image && dtype == DataType.DT_FLOAT) {
      return InputType.FLOAT_IMAGE_TENSOR;
    }
    if (!image && dtype == DataType.DT_STRING) {
      return name.equals("tf_example")
          ? InputType.TF_EXAMPLE
          : InputType.ENCODED_IMAGE_STRING_TENSOR;
    }
    throw new DatasetFormatException(
        source.file(),
        name
            + " is "
            + dtype
            + "; OD API graphs take "
            + (image ? "uint8 or float32 images" : "strings")
            + " there");
  }

  private static GraphDef parse(ModelSource source) throws IOException {
    byte[] bytes = Files.readAllBytes(source.file());
    GraphDef def = null;
    String problem = "it has no nodes";
    try {
      def = GraphDef.parseFrom(bytes);
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      problem = e.getMessage();
    }
    if (def != null && def.getNodeCount() > 0) {
      return def;
    }
    // A SavedModel may fail to parse as a GraphDef or read as an empty one: tell them apart.
    if (isSavedModel(bytes)) {
      throw new DatasetFormatException(
          source.file(),
          "is a SavedModel, which TensorFlow loads only as saved_model.pb inside its folder"
              + " (beside variables/): rename it or pass that folder");
    }
    throw new DatasetFormatException(
        source.file(), "neither a frozen GraphDef nor a SavedModel (" + problem + ")");
  }

  private static boolean isSavedModel(byte[] bytes) {
    try {
      SavedModel m = SavedModel.parseFrom(bytes);
      return m.getMetaGraphsCount() > 0 && m.getMetaGraphs(0).getGraphDef().getNodeCount() > 0;
    } catch (com.google.protobuf.InvalidProtocolBufferException e) {
      return false;
    }
  }

  /** Checks for the OD API node names before importing, to name what is missing. */
  private static void checkNodes(GraphDef def, ModelSource source) throws DatasetFormatException {
    Map<String, String> ops = new HashMap<>();
    List<String> placeholders = new ArrayList<>();
    for (NodeDef n : def.getNodeList()) {
      ops.put(n.getName(), n.getOp());
      if (n.getOp().startsWith("Placeholder")) {
        placeholders.add(n.getName());
      }
    }
    List<String> missing = new ArrayList<>();
    if (INPUTS.stream().noneMatch(ops::containsKey)) {
      missing.add(String.join(" or ", INPUTS));
    }
    for (String name : OUTPUTS.subList(0, 3)) {
      if (!ops.containsKey(name)) {
        missing.add(name);
      }
    }
    if (!missing.isEmpty()) {
      throw new DatasetFormatException(
          source.file(),
          "is a GraphDef of "
              + def.getNodeCount()
              + " nodes but not an OD API detection graph: it lacks "
              + String.join(", ", missing)
              + " (its placeholders: "
              + (placeholders.isEmpty() ? "none" : String.join(", ", placeholders))
              + "); export it with export_inference_graph.py");
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
    return input;
  }

  @Override
  public InputType inputType() {
    return inputType;
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
