package dev.detect.train.export;

import com.google.protobuf.ByteString;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Freezes a graph as TF1's {@code freeze_graph.py} does: only the nodes the outputs need (their
 * transitive data and control inputs), every variable among them replaced by a {@code Const} node
 * of the same name holding the value the session has for it; so the {@code GraphDef} runs in a
 * fresh session with no checkpoint and no initializer.
 */
final class FrozenGraph {
  /** The TF1 reference-variable ops; our graphs create {@code VariableV2}. */
  private static final Set<String> VARIABLE_OPS = Set.of("VariableV2", "Variable");

  /** Resource variables would need their reads rewritten too; our graphs have none. */
  private static final Set<String> RESOURCE_VARIABLE_OPS = Set.of("VarHandleOp");

  private FrozenGraph() {}

  /**
   * The frozen {@code GraphDef} of {@code graph}'s nodes that {@code outputs} need.
   *
   * @param session a session on {@code graph} whose variables hold the values to fold in (e.g.
   *     restored from a checkpoint)
   * @param outputs names of the output nodes
   * @param replacements nodes that take the place of the node named by their key, e.g. an input
   *     placeholder under another name; every edge to the old node then points to the new one
   * @throws IllegalArgumentException when an output or a replaced node is not in the graph
   */
  static GraphDef freeze(
      Graph graph, Session session, List<String> outputs, Map<String, NodeDef> replacements) {
    GraphDef def = graph.toGraphDef();
    Map<String, NodeDef> byName = new HashMap<>();
    for (NodeDef n : def.getNodeList()) {
      byName.put(n.getName(), n);
    }
    for (String name : replacements.keySet()) {
      if (!byName.containsKey(name)) {
        throw new IllegalArgumentException("no node " + name + " to replace in the graph");
      }
    }
    Set<String> needed = reachable(byName, outputs);
    List<String> variables = new ArrayList<>();
    for (NodeDef n : def.getNodeList()) {
      if (!needed.contains(n.getName())) {
        continue;
      }
      if (RESOURCE_VARIABLE_OPS.contains(n.getOp())) {
        throw new IllegalStateException(
            "cannot freeze resource variable " + n.getName() + " (" + n.getOp() + ")");
      }
      if (VARIABLE_OPS.contains(n.getOp())) {
        variables.add(n.getName());
      }
    }
    Map<String, TensorProto> values = values(session, variables);
    Map<String, String> renamed = new HashMap<>();
    replacements.forEach((old, node) -> renamed.put(old, node.getName()));
    GraphDef.Builder frozen = GraphDef.newBuilder().setVersions(def.getVersions());
    if (def.hasLibrary()) {
      frozen.setLibrary(def.getLibrary());
    }
    for (NodeDef n : def.getNodeList()) {
      if (!needed.contains(n.getName())) {
        continue;
      }
      NodeDef node = replacements.getOrDefault(n.getName(), n);
      if (values.containsKey(n.getName())) {
        node = constant(n.getName(), values.get(n.getName()));
      }
      frozen.addNode(withRenamedInputs(node, renamed));
    }
    return frozen.build();
  }

  /** The names of the nodes {@code outputs} depend on, the outputs included. */
  private static Set<String> reachable(Map<String, NodeDef> byName, List<String> outputs) {
    Set<String> seen = new HashSet<>();
    Deque<String> todo = new ArrayDeque<>();
    for (String o : outputs) {
      if (!byName.containsKey(o)) {
        throw new IllegalArgumentException("no output node " + o + " in the graph");
      }
      todo.push(o);
    }
    while (!todo.isEmpty()) {
      String name = todo.pop();
      if (seen.add(name)) {
        for (String input : byName.get(name).getInputList()) {
          todo.push(nodeName(input));
        }
      }
    }
    return seen;
  }

  /** The node an input names: {@code name}, {@code name:1} or {@code ^name} (control). */
  private static String nodeName(String input) {
    String s = input.startsWith("^") ? input.substring(1) : input;
    int colon = s.indexOf(':');
    return colon < 0 ? s : s.substring(0, colon);
  }

  /** The session's values of {@code variables}, fetched in one run, as tensor protos. */
  private static Map<String, TensorProto> values(Session session, List<String> variables) {
    Map<String, TensorProto> out = new HashMap<>();
    if (variables.isEmpty()) {
      return out;
    }
    Session.Runner runner = session.runner();
    variables.forEach(runner::fetch);
    try (Result r = runner.run()) {
      for (int i = 0; i < variables.size(); i++) {
        out.put(variables.get(i), tensorProto(r.get(i)));
      }
    }
    return out;
  }

  /** {@code t} as a {@code TensorProto} with its bytes in {@code tensor_content}. */
  private static TensorProto tensorProto(Tensor t) {
    TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
    for (long d : t.shape().asArray()) {
      shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
    }
    byte[] bytes = new byte[Math.toIntExact(t.numBytes())];
    t.asRawTensor().data().read(bytes);
    return TensorProto.newBuilder()
        .setDtype(t.dataType())
        .setTensorShape(shape)
        .setTensorContent(ByteString.copyFrom(bytes))
        .build();
  }

  /** A {@code Const} node named {@code name} holding {@code value}. */
  private static NodeDef constant(String name, TensorProto value) {
    return NodeDef.newBuilder()
        .setName(name)
        .setOp("Const")
        .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
        .putAttr("value", AttrValue.newBuilder().setTensor(value).build())
        .build();
  }

  /** {@code node} with its inputs that name a key of {@code renamed} pointing to the new name. */
  private static NodeDef withRenamedInputs(NodeDef node, Map<String, String> renamed) {
    if (renamed.isEmpty()) {
      return node;
    }
    NodeDef.Builder b = node.toBuilder().clearInput();
    for (String input : node.getInputList()) {
      String name = nodeName(input);
      String to = renamed.get(name);
      if (to == null) {
        b.addInput(input);
      } else {
        String control = input.startsWith("^") ? "^" : "";
        b.addInput(control + to + input.substring(control.length() + name.length()));
      }
    }
    return b.build();
  }
}
