package dev.detect.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;

/** {@link FrozenGraph} on a small graph: constants, pruning, a replaced input, bad names. */
class FrozenGraphTest {
  /** y = x · w + b (w, b variables; b set to [10, 20] after init), an unrelated op beside it. */
  private static GraphDef frozenAffine(Map<String, NodeDef> replacements) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> x =
          tf.withName("x").placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, 2)));
      Operand<TFloat32> w = tf.withName("w").variable(tf.constant(new float[][] {{1, 2}, {3, 4}}));
      Operand<TFloat32> b = tf.withName("b").variable(tf.constant(new float[] {0.5f, -0.5f}));
      Operand<TFloat32> unused = tf.withName("unused").variable(tf.constant(7f));
      tf.withName("other").math.mul(unused, tf.constant(2f));
      tf.withName("y").math.add(tf.linalg.matMul(x, w), b);
      try (Session s = new Session(g)) {
        // a trained value, not the initializer's: the frozen graph holds what the session holds
        s.runner().addTarget(tf.assign(b, tf.constant(new float[] {10, 20}))).run();
        return FrozenGraph.freeze(g, s, List.of("y"), replacements);
      }
    }
  }

  @Test
  void freeze_foldsVariablesIntoConstants_andKeepsOnlyWhatTheOutputNeeds() {
    GraphDef def = frozenAffine(Map.of());
    Map<String, String> ops =
        def.getNodeList().stream().collect(Collectors.toMap(NodeDef::getName, NodeDef::getOp));
    assertEquals("Const", ops.get("w"));
    assertEquals("Const", ops.get("b"));
    assertTrue(!ops.containsKey("unused") && !ops.containsKey("other"), ops.toString());
    assertTrue(!ops.containsValue("VariableV2") && !ops.containsValue("Assign"), ops.toString());
    assertEquals(List.of(17f, 30f), run(def, "x"));
  }

  @Test
  void freeze_replacesANode_andRewiresItsEdges() {
    NodeDef input =
        NodeDef.newBuilder()
            .setName("image")
            .setOp("Placeholder")
            .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
            .build();
    GraphDef def = frozenAffine(Map.of("x", input));
    Set<String> names =
        def.getNodeList().stream().map(NodeDef::getName).collect(Collectors.toSet());
    assertTrue(names.contains("image") && !names.contains("x"), names.toString());
    assertEquals(List.of(17f, 30f), run(def, "image"));
  }

  @Test
  void freeze_refusesAnUnknownOutputOrReplacement() {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops.create(g).withName("c").constant(1f);
      assertThrows(
          IllegalArgumentException.class, () -> FrozenGraph.freeze(g, s, List.of("d"), Map.of()));
      assertThrows(
          IllegalArgumentException.class,
          () -> FrozenGraph.freeze(g, s, List.of("c"), Map.of("d", NodeDef.getDefaultInstance())));
    }
  }

  /** Imports {@code def} into a fresh graph and computes y for x = [[1, 2]]. */
  private static List<Float> run(GraphDef def, String input) {
    try (Graph g = new Graph()) {
      g.importGraphDef(def);
      try (Session s = new Session(g);
          TFloat32 x =
              TFloat32.tensorOf(org.tensorflow.ndarray.StdArrays.ndCopyOf(new float[][] {{1, 2}}));
          Result r = s.runner().feed(input, x).fetch("y").run()) {
        TFloat32 y = (TFloat32) r.get(0);
        return List.of(y.getFloat(0, 0), y.getFloat(0, 1));
      }
    }
  }
}
