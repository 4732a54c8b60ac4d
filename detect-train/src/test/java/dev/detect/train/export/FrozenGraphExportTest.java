package dev.detect.train.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.train.TinyModels;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.ssd.SsdInferenceGraph;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

/**
 * The export's {@code frozen_inference_graph.pb}: weights folded in, TF1 names, and the same
 * detections as the SavedModel when TensorFlow alone runs it in another JVM.
 */
@Tag("slow")
class FrozenGraphExportTest {
  @TempDir static Path dir;
  static PipelineConfig config;
  static Path export;
  static List<BufferedImage> images;

  @BeforeAll
  static void trainAndExport() throws Exception {
    config = TinyModels.config(dir, 8, 20);
    export = TinyModels.export(config, dir);
    images = new ArrayList<>();
    try (var files = Files.list(dir.resolve("shapes/images"))) {
      for (Path p : files.sorted().limit(2).toList()) {
        images.add(
            ExportAndDetectTest.convert(ImageIO.read(p.toFile()), BufferedImage.TYPE_INT_RGB));
      }
    }
  }

  @Test
  void frozenGraph_holdsOnlyTheInferenceNodes_withTheWeightsAsConstants() throws Exception {
    GraphDef def = GraphDef.parseFrom(Files.readAllBytes(export.resolve(Exporter.FROZEN_GRAPH)));
    Map<String, NodeDef> nodes = new HashMap<>();
    def.getNodeList().forEach(n -> nodes.put(n.getName(), n));
    Set<String> ops = def.getNodeList().stream().map(NodeDef::getOp).collect(Collectors.toSet());
    for (String op : List.of("VariableV2", "Assign", "SaveV2", "RestoreV2", "NoOp")) {
      assertFalse(ops.contains(op), op + " in the frozen graph: " + ops);
    }
    NodeDef input = nodes.get("image_tensor");
    assertEquals("Placeholder", input.getOp());
    assertEquals(DataType.DT_UINT8, input.getAttrOrThrow("dtype").getType());
    assertEquals(
        List.of(-1L, -1L, -1L, 3L),
        input.getAttrOrThrow("shape").getShape().getDimList().stream()
            .map(d -> d.getSize())
            .toList());
    assertFalse(nodes.containsKey("input_tensor"), "the SavedModel's input name is not kept");
    assertTrue(
        def.getNodeList().stream()
            .flatMap(n -> n.getInputList().stream())
            .noneMatch(i -> i.replace("^", "").split(":")[0].equals("input_tensor")));
    assertEquals(
        "PlaceholderWithDefault", nodes.get(SsdInferenceGraph.CHANNEL_ORDER).getOp(), "optional");
    for (String out :
        List.of("detection_boxes", "detection_scores", "detection_classes", "num_detections")) {
      assertTrue(nodes.containsKey(out), out);
    }
    // every variable of the checkpoint became a constant of the same name
    long constants =
        def.getNodeList().stream()
            .filter(n -> n.getOp().equals("Const") && n.getName().endsWith("/weights"))
            .count();
    assertTrue(constants > 10, "weights as constants: " + constants);
  }

  @Test
  void frozenGraph_inAFreshJvmWithOnlyTensorFlow_detectsAsTheSavedModel() throws Exception {
    try (Detector d =
        Detector.load(export, DetectorOptions.builder().minScore(0f).maxResults(1000).build())) {
      List<Detection> first = d.detect(images.get(0));
      List<Detection> second = d.detect(images.get(1));
      assertFalse(first.isEmpty());
      assertFalse(first.equals(second), "the two test images give different detections");

      List<String> one = runFrozenGraph(images.subList(0, 1));
      assertTrue(one.get(0).matches("input \\[-1, -1, -1, 3]"), one.get(0));
      assertEquals("outputs [1, 100, 4] [1, 100] [1]", one.get(1));
      assertMatches(first, detections(one, 0));

      List<String> both = runFrozenGraph(images);
      assertMatches(first, detections(both, 0));
      assertMatches(second, detections(both, 1));
    }
  }

  @Test
  void export_replacesAnEarlierExportKnownByItsFrozenGraph() throws Exception {
    Path earlier = Files.createDirectories(dir.resolve("earlier"));
    Files.copy(export.resolve(Exporter.FROZEN_GRAPH), earlier.resolve(Exporter.FROZEN_GRAPH));
    Files.writeString(earlier.resolve("stale.txt"), "from an older export");
    Exporter.builder(config)
        .checkpoint(dir.resolve("model"))
        .outputDirectory(earlier)
        .build()
        .export();
    assertFalse(Files.exists(earlier.resolve("stale.txt")));
    assertTrue(Files.isRegularFile(earlier.resolve("saved_model/saved_model.pb")));
    assertTrue(Files.size(earlier.resolve(Exporter.FROZEN_GRAPH)) > 0);
  }

  /** Runs {@link FrozenGraphCheck} on {@code batch} (same-size images) in a TensorFlow-only JVM. */
  private static List<String> runFrozenGraph(List<BufferedImage> batch) throws Exception {
    int w = batch.get(0).getWidth();
    int h = batch.get(0).getHeight();
    ByteArrayOutputStream pixels = new ByteArrayOutputStream();
    for (BufferedImage image : batch) {
      for (int y = 0; y < h; y++) {
        for (int x = 0; x < w; x++) {
          int p = image.getRGB(x, y);
          pixels.write(p >> 16);
          pixels.write(p >> 8);
          pixels.write(p);
        }
      }
    }
    Path raw = Files.write(dir.resolve("batch-" + batch.size() + ".rgb"), pixels.toByteArray());
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                tensorFlowOnlyClassPath(),
                FrozenGraphCheck.class.getName(),
                export.resolve(Exporter.FROZEN_GRAPH).toString(),
                raw.toString(),
                Integer.toString(batch.size()),
                Integer.toString(h),
                Integer.toString(w))
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    return out.lines()
        .filter(l -> l.startsWith("input ") || l.startsWith("outputs ") || l.startsWith("det "))
        .toList();
  }

  /**
   * The TensorFlow Java jars of this JVM's class path and a folder holding only the compiled {@link
   * FrozenGraphCheck}: no detect class can be loaded.
   */
  private static String tensorFlowOnlyClassPath() throws Exception {
    Path classes = dir.resolve("check-classes");
    String resource = FrozenGraphCheck.class.getName().replace('.', '/') + ".class";
    Path target = classes.resolve(resource);
    Files.createDirectories(target.getParent());
    try (InputStream in = FrozenGraphCheck.class.getClassLoader().getResourceAsStream(resource)) {
      Files.copy(in, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    }
    List<String> path = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String name = Path.of(entry).getFileName().toString();
      if (name.endsWith(".jar")
          && (name.startsWith("tensorflow-")
              || name.startsWith("ndarray")
              || name.startsWith("javacpp")
              || name.startsWith("protobuf-java"))) {
        path.add(entry);
      }
    }
    assertTrue(path.size() >= 4, "TensorFlow jars on the class path: " + path);
    path.add(classes.toString());
    return String.join(File.pathSeparator, path);
  }

  /** Image {@code b}'s detections printed by {@link FrozenGraphCheck}: class, score, box. */
  private static List<float[]> detections(List<String> lines, int b) {
    List<float[]> out = new ArrayList<>();
    for (String line : lines) {
      String[] f = line.split(" ");
      if (f[0].equals("det") && Integer.parseInt(f[1]) == b) {
        float[] v = new float[6];
        for (int i = 0; i < 6; i++) {
          v[i] = Float.parseFloat(f[3 + i]);
        }
        out.add(v);
      }
    }
    return out;
  }

  private static void assertMatches(List<Detection> expected, List<float[]> actual) {
    assertEquals(expected.size(), actual.size(), "detections");
    for (int i = 0; i < expected.size(); i++) {
      Detection e = expected.get(i);
      float[] a = actual.get(i);
      String what = "detection " + i + ": " + e + " vs " + Arrays.toString(a);
      assertEquals(e.labelId(), Math.round(a[0]), what);
      assertEquals(e.score(), a[1], 1e-5f, what);
      assertEquals(e.box().ymin(), a[2], 1e-5, what);
      assertEquals(e.box().xmin(), a[3], 1e-5, what);
      assertEquals(e.box().ymax(), a[4], 1e-5, what);
      assertEquals(e.box().xmax(), a[5], 1e-5, what);
    }
  }
}
