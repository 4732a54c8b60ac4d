package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.checkpoint.CheckpointIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;

/**
 * The networks built from the real TF1 zoo configs carry exactly the variables (names and shapes)
 * of the real zoo checkpoints' {@code model.ckpt.index}, so that {@code fine_tune_checkpoint}
 * restores every one of them. Builds forward graphs only (no initial values, no session).
 */
@Tag("slow")
class ZooCheckpointNamesTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path V2 = DATA.resolve("models/tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29");
  static final Path V1 = DATA.resolve("models/tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28");

  @Test
  void ssdMobilenetV2_tarballConfig_namesEveryZooVariableWithItsShape() throws IOException {
    PipelineConfig config =
        PipelineConfig.read(V2.resolve("pipeline.config")).toBuilder().numClasses(90).build();
    Map<String, List<Long>> ours = variablesOf(SsdSpecs.from(config));
    Map<String, List<Long>> real = modelVariables(V2.resolve("model.ckpt"));
    assertSame(real, ours);
    assertEquals(344, ours.size(), "the zoo index's 345 entries less global_step");
    assertTrue(
        ours.containsKey(
            MobilenetV2Extractor.SCOPE
                + "/layer_19_2_Conv2d_2_3x3_s2_512_depthwise/depthwise_weights"));
  }

  @Test
  void ssdMobilenetV2_otherClassCount_differsOnlyInTheClassPredictors() throws IOException {
    // The tarball's config as its user kept it: num_classes 1.
    PipelineConfig config = PipelineConfig.read(V2.resolve("pipeline.config"));
    assertEquals(1, config.numClasses());
    Map<String, List<Long>> ours = variablesOf(SsdSpecs.from(config));
    Map<String, List<Long>> real = modelVariables(V2.resolve("model.ckpt"));
    assertEquals(real.keySet(), ours.keySet());
    List<String> differ = new ArrayList<>();
    for (String name : ours.keySet()) {
      if (!ours.get(name).equals(real.get(name))) {
        differ.add(name);
      }
    }
    List<String> expected = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      expected.add("BoxPredictor_" + i + "/ClassPredictor/biases");
      expected.add("BoxPredictor_" + i + "/ClassPredictor/weights");
    }
    assertEquals(expected, differ);
    // 2 classes with background, times 3 anchors on the first map and 6 on the others
    assertEquals(List.of(3L, 3L, 576L, 6L), ours.get("BoxPredictor_0/ClassPredictor/weights"));
    assertEquals(List.of(12L), ours.get("BoxPredictor_1/ClassPredictor/biases"));
  }

  @Test
  void ssdMobilenetV1_tarballConfig_namesEveryZooVariableWithItsShape() throws IOException {
    PipelineConfig config = PipelineConfig.read(V1.resolve("pipeline.config"));
    assertEquals(90, config.numClasses());
    SsdSpec spec = SsdSpecs.from(config);
    assertEquals(SsdSpec.Backbone.MOBILENET_V1, spec.backbone());
    Map<String, List<Long>> ours = variablesOf(spec);
    Map<String, List<Long>> real = modelVariables(V1.resolve("model.ckpt"));
    assertSame(real, ours);
    assertEquals(199, ours.size(), "the zoo index's 200 entries less global_step");
  }

  /**
   * There is no SSDLite checkpoint here, so the expected names are derived: the feature extractor
   * is the zoo v2 one (same type, depth, min_depth and use_depthwise, so every FeatureExtractor
   * name and shape of the real v2 index); each predictor is the OD API's TF1 separable head ({@code
   * predictors/heads/box_head.py} {@code ConvolutionalBoxHead} and {@code class_head.py} {@code
   * ConvolutionalClassHead} with {@code use_depthwise}): {@code slim.separable_conv2d(net, None,
   * [k, k], scope='BoxEncodingPredictor_depthwise')} under the predictor's conv_hyperparams arg
   * scope (batch norm, so {@code depthwise_weights [k,k,C,1]} and {@code BatchNorm/{beta, gamma,
   * moving_mean, moving_variance} [C]}, no biases), then {@code slim.conv2d(..., [1, 1],
   * normalizer_fn=None, scope='BoxEncodingPredictor')} ({@code weights [1,1,C,out]}, {@code biases
   * [out]}); the same for {@code ClassPredictor}.
   */
  @Test
  void ssdLite_sampleConfig_hasTheOdApiSeparablePredictorNames() throws IOException {
    PipelineConfig config =
        PipelineConfig.read(DATA.resolve("pipeline_configs/tf1_ssdlite_mobilenet_v2_coco.config"));
    SsdSpec spec = SsdSpecs.from(config);
    assertTrue(spec.extraLayersDepthwise() && spec.predictorDepthwise());
    Map<String, List<Long>> ours = variablesOf(spec);
    Map<String, List<Long>> expected = new TreeMap<>();
    for (Map.Entry<String, List<Long>> e : modelVariables(V2.resolve("model.ckpt")).entrySet()) {
      String name = e.getKey();
      List<Long> shape = e.getValue();
      if (!name.endsWith("Predictor/weights")) {
        expected.put(name, shape);
        continue;
      }
      String head = name.substring(0, name.length() - "/weights".length());
      expected.put(name, List.of(1L, 1L, shape.get(2), shape.get(3)));
      List<Long> channels = List.of(shape.get(2));
      expected.put(head + "_depthwise/depthwise_weights", List.of(3L, 3L, shape.get(2), 1L));
      for (String bn : List.of("beta", "gamma", "moving_mean", "moving_variance")) {
        expected.put(head + "_depthwise/BatchNorm/" + bn, channels);
      }
    }
    assertSame(expected, ours);
    TreeSet<String> plain = new TreeSet<>(ours.keySet());
    plain.removeIf(n -> n.contains("_depthwise/") && n.startsWith("BoxPredictor_"));
    assertEquals(modelVariables(V2.resolve("model.ckpt")).keySet(), plain);
  }

  /** Names and shapes of the model variables {@code spec} builds, from a forward-only graph. */
  static Map<String, List<Long>> variablesOf(SsdSpec spec) {
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      ModelVariables vars = new ModelVariables(g, tf, false, 0);
      Placeholder<TFloat32> images =
          tf.placeholder(
              TFloat32.class,
              Placeholder.shape(Shape.of(1, spec.inputHeight(), spec.inputWidth(), 3)));
      new SsdNetwork(spec, new Scopes(tf), vars, true).build(images);
      Map<String, List<Long>> out = new TreeMap<>();
      vars.all().forEach(e -> out.put(e.name(), boxed(e.shape())));
      return out;
    }
  }

  /**
   * The model variables of a real checkpoint: all but {@code global_step}, optimizer slots ({@code
   * /RMSProp}, {@code /Momentum}) and moving averages ({@code ExponentialMovingAverage}).
   */
  static Map<String, List<Long>> modelVariables(Path prefix) throws IOException {
    Map<String, List<Long>> out = new TreeMap<>();
    for (CheckpointIndex.Entry e : CheckpointIndex.read(prefix).entries().values()) {
      String n = e.name();
      if (!n.equals("global_step")
          && !n.contains("/RMSProp")
          && !n.contains("/Momentum")
          && !n.contains("ExponentialMovingAverage")) {
        out.put(n, boxed(e.shape()));
      }
    }
    return out;
  }

  private static List<Long> boxed(long[] shape) {
    return Arrays.stream(shape).boxed().toList();
  }

  /** Equal maps, else a message naming what is missing, extra and of another shape. */
  private static void assertSame(Map<String, List<Long>> real, Map<String, List<Long>> ours) {
    List<String> missing = new ArrayList<>();
    List<String> shape = new ArrayList<>();
    int matched = 0;
    for (Map.Entry<String, List<Long>> e : real.entrySet()) {
      List<Long> mine = ours.get(e.getKey());
      if (mine == null) {
        missing.add(e.getKey());
      } else if (!mine.equals(e.getValue())) {
        shape.add(e.getKey() + " ours " + mine + " real " + e.getValue());
      } else {
        matched++;
      }
    }
    List<String> extra = new ArrayList<>(ours.keySet());
    extra.removeAll(real.keySet());
    System.out.printf(
        "matched %d of %d expected variables by name and shape; ours %d, missing %d, extra %d,"
            + " other shape %d%n",
        matched, real.size(), ours.size(), missing.size(), extra.size(), shape.size());
    assertTrue(
        missing.isEmpty() && extra.isEmpty() && shape.isEmpty(),
        "missing " + missing + "\nextra " + extra + "\nother shape " + shape);
  }
}
