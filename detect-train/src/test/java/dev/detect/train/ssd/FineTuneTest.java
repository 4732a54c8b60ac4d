package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.FineTuneReport;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Fine-tune restores from checkpoints written here with exactly the names and shapes of the TF-slim
 * ImageNet MobileNetV2 ({@code MobilenetV2/...}) and of an OD API detection model.
 */
@Tag("slow")
class FineTuneTest {
  static final SsdSpec SPEC = SsdSpec.defaults(2, 64, 64, 0.35);
  static final String FE = "FeatureExtractor/";

  @TempDir Path dir;
  static Graph graph;
  static Session session;
  static SsdTrainingGraph model;

  /** One training graph for all tests (building it takes seconds); re-initialized before each. */
  @BeforeAll
  static void model() {
    graph = new Graph();
    model = new SsdTrainingGraph(graph, SPEC, OptimizerSpec.momentum(0.9), 1, 5);
    session = new Session(graph);
  }

  @BeforeEach
  void initialize() {
    session.forceInitialize();
  }

  @AfterAll
  static void close() {
    session.close();
    graph.close();
  }

  /** Names and shapes of the model variables of {@code spec}, from a forward-only graph. */
  static Map<String, long[]> variablesOf(SsdSpec spec) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelVariables vars = new ModelVariables(g, tf, false, 0);
      Placeholder<TFloat32> images =
          tf.placeholder(
              TFloat32.class,
              Placeholder.shape(Shape.of(1, spec.inputHeight(), spec.inputWidth(), 3)));
      new SsdNetwork(spec, new Scopes(tf), vars, false).build(images);
      Map<String, long[]> out = new LinkedHashMap<>();
      vars.all().forEach(e -> out.put(e.name(), e.shape()));
      return out;
    }
  }

  /**
   * Writes a V2 checkpoint whose variable {@code i} (in map order) is filled with {@code i + 1}.
   */
  static void writeCheckpoint(Path prefix, Map<String, long[]> vars) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops init = Ops.create(g).withInitScope();
      int i = 0;
      for (Map.Entry<String, long[]> e : vars.entrySet()) {
        Output<TFloat32> v =
            g.opBuilder("VariableV2", e.getKey(), init.scope())
                .setAttr("shape", Shape.of(e.getValue()))
                .setAttr("dtype", DataType.DT_FLOAT)
                .build()
                .output(0);
        init.assign(v, init.fill(init.constant(e.getValue()), init.constant((float) ++i)));
      }
      s.initialize();
      s.save(prefix.toString());
    }
  }

  float firstValue(String variable) {
    try (Result r = session.runner().fetch(variable).run()) {
      return ((TFloat32) r.get(0)).getFloat(0, 0, 0, 0);
    }
  }

  float firstValue1d(String variable) {
    try (Result r = session.runner().fetch(variable).run()) {
      return ((TFloat32) r.get(0)).getFloat(0);
    }
  }

  @Test
  void classification_restoresExactlyTheBackbone_fromTfSlimNames() throws Exception {
    Map<String, long[]> ours = variablesOf(SPEC);
    assertEquals(model.modelVariables, List.copyOf(ours.keySet()), "same names as training");
    Map<String, long[]> slim = new LinkedHashMap<>();
    List<String> backbone = new ArrayList<>();
    for (Map.Entry<String, long[]> e : ours.entrySet()) {
      if (e.getKey().startsWith(FE + "MobilenetV2/") && !e.getKey().contains("/layer_19_")) {
        slim.put(e.getKey().substring(FE.length()), e.getValue());
        backbone.add(e.getKey());
      }
    }
    // an ImageNet checkpoint also holds the classifier, which the detector has no use for
    slim.put("MobilenetV2/Logits/Conv2d_1c_1x1/weights", new long[] {1, 1, 448, 1001});
    slim.put("MobilenetV2/Logits/Conv2d_1c_1x1/biases", new long[] {1001});
    Path prefix = dir.resolve("mobilenet_v2_0.35_224.ckpt");
    writeCheckpoint(prefix, slim);
    assertTrue(slim.containsKey("MobilenetV2/Conv/weights"));
    assertTrue(slim.containsKey("MobilenetV2/expanded_conv_9/depthwise/depthwise_weights"));

    float headBefore = firstValue("BoxPredictor_0/ClassPredictor/weights");
    String extra =
        model.modelVariables.stream()
            .filter(n -> n.contains("/layer_19_1_Conv2d_2_1x1_") && n.endsWith("/weights"))
            .findFirst()
            .orElseThrow();
    float extraBefore = firstValue(extra);
    FineTuneReport report =
        FineTune.restore(model, session, prefix, FineTuneReport.Type.CLASSIFICATION);

    assertEquals(backbone, report.restored());
    assertEquals(List.of(), report.missing());
    assertEquals(List.of(), report.shapeMismatch());
    assertEquals(backbone.size(), report.candidates());
    // values: MobilenetV2/Conv/weights is the first variable written (filled with 1)
    assertEquals(1f, firstValue(FE + "MobilenetV2/Conv/weights"));
    int gammaIndex =
        new ArrayList<>(slim.keySet())
            .indexOf("MobilenetV2/expanded_conv_9/expand/BatchNorm/gamma");
    assertEquals(
        gammaIndex + 1f, firstValue1d(FE + "MobilenetV2/expanded_conv_9/expand/BatchNorm/gamma"));
    // the extra SSD layers and the box predictors are left as initialized
    assertEquals(headBefore, firstValue("BoxPredictor_0/ClassPredictor/weights"));
    assertEquals(extraBefore, firstValue(extra));
    List<String> rest = new ArrayList<>(model.modelVariables);
    rest.removeAll(report.restored());
    assertTrue(
        rest.stream().allMatch(n -> n.startsWith("BoxPredictor_") || n.contains("/layer_19_")),
        rest.toString());
  }

  @Test
  void detection_withAnotherNumberOfClasses_skipsExactlyTheClassHead() throws Exception {
    // an OD API checkpoint with 5 classes instead of 2: only ClassPredictor shapes differ
    Map<String, long[]> theirs = variablesOf(SsdSpec.defaults(5, 64, 64, 0.35));
    Path prefix = dir.resolve("model.ckpt");
    writeCheckpoint(prefix, theirs);
    FineTuneReport report = FineTune.restore(model, session, prefix, FineTuneReport.Type.DETECTION);

    List<String> classHead =
        model.modelVariables.stream().filter(n -> n.contains("/ClassPredictor/")).toList();
    assertEquals(12, classHead.size(), "weights and biases of 6 predictors");
    assertEquals(
        classHead,
        report.shapeMismatch().stream().map(s -> s.substring(0, s.indexOf(' '))).toList());
    List<String> others = new ArrayList<>(model.modelVariables);
    others.removeAll(classHead);
    assertEquals(others, report.restored());
    assertEquals(List.of(), report.missing());
    assertEquals(model.modelVariables.size(), report.candidates());
    // BoxPredictor_0/ClassPredictor/biases: 3 anchors x (2 + 1) here, 3 x (5 + 1) there
    assertTrue(
        report.shapeMismatch().contains("BoxPredictor_0/ClassPredictor/biases [9] vs [18]"),
        report.shapeMismatch().toString());
    int boxBias =
        new ArrayList<>(theirs.keySet()).indexOf("BoxPredictor_3/BoxEncodingPredictor/biases");
    assertEquals(boxBias + 1f, firstValue1d("BoxPredictor_3/BoxEncodingPredictor/biases"));
    int movingMean =
        new ArrayList<>(theirs.keySet()).indexOf(FE + "MobilenetV2/Conv_1/BatchNorm/moving_mean");
    assertEquals(movingMean + 1f, firstValue1d(FE + "MobilenetV2/Conv_1/BatchNorm/moving_mean"));
  }

  @Test
  void detection_fromAnotherDepthMultiplier_isRefusedClearly() throws Exception {
    Path prefix = dir.resolve("depth050.ckpt");
    writeCheckpoint(prefix, variablesOf(SsdSpec.defaults(2, 64, 64, 0.5)));
    float before = firstValue(FE + "MobilenetV2/Conv/weights");
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FineTune.restore(model, session, prefix, FineTuneReport.Type.DETECTION));
    assertTrue(e.getMessage().contains("does not fit this model"), e.getMessage());
    assertTrue(e.getMessage().contains("depth_multiplier"), e.getMessage());
    assertTrue(e.getMessage().contains(prefix.toString()), e.getMessage());
    assertEquals(before, firstValue(FE + "MobilenetV2/Conv/weights"), "nothing restored");
  }

  @Test
  void classification_fromADetectionCheckpoint_isRefused() throws Exception {
    Path prefix = dir.resolve("detection.ckpt");
    writeCheckpoint(prefix, variablesOf(SPEC));
    IllegalStateException e =
        assertThrows(
            IllegalStateException.class,
            () -> FineTune.restore(model, session, prefix, FineTuneReport.Type.CLASSIFICATION));
    assertTrue(e.getMessage().contains("fine_tune_checkpoint_type"), e.getMessage());
  }

  @Test
  void variablesOf_matchTheTrainingGraphShapes() {
    Map<String, long[]> ours = variablesOf(SPEC);
    for (ModelVariables.Entry e : model.variables()) {
      assertArrayEquals(e.shape(), ours.get(e.name()), e.name());
    }
  }
}
