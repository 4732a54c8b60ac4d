package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * SavedModels shaped like other exporters': the Python OD API's TF2 export (float outputs plus
 * extra raw outputs), one with integer classes and count, and a TF1-style input key.
 */
@Tag("slow")
class ForeignExportTest {
  @TempDir Path dir;

  /** Exports a model whose outputs are constants: two detections, classes 2 and 1. */
  private Path export(String inputKey, boolean integerOutputs, boolean extraOutputs)
      throws Exception {
    Path out = dir.resolve(inputKey + integerOutputs + extraOutputs);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> input =
          tf.withName(inputKey)
              .placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      Operand<TFloat32> boxes =
          tf.constant(
              new float[][][] {{{0.1f, 0.2f, 0.5f, 0.6f}, {0.0f, 0.0f, 1.0f, 1.0f}, {0, 0, 0, 0}}});
      Operand<TFloat32> scores = tf.constant(new float[][] {{0.9f, 0.3f, 0f}});
      Signature.Builder sig =
          Signature.builder()
              .key(Signature.DEFAULT_KEY)
              .input(inputKey, input)
              .output("detection_boxes", boxes)
              .output("detection_scores", scores);
      if (integerOutputs) {
        sig.output("detection_classes", tf.constant(new long[][] {{2, 1, 0}}))
            .output("num_detections", tf.constant(new long[] {2}));
      } else {
        sig.output("detection_classes", tf.constant(new float[][] {{2f, 1f, 0f}}))
            .output("num_detections", tf.constant(new float[] {2f}));
      }
      if (extraOutputs) {
        sig.output("raw_detection_boxes", tf.constant(new float[][][] {{{0, 0, 1, 1}}}))
            .output(
                "detection_multiclass_scores", tf.constant(new float[][][] {{{0.1f, 0.9f, 0f}}}))
            .output("detection_anchor_indices", tf.constant(new float[][] {{7f, 3f, 0f}}));
      }
      SavedModelBundle.exporter(out.resolve("saved_model").toString())
          .withSession(s)
          .withSignature(sig.build())
          .export();
    }
    LabelMapFormat.write(LabelMap.ofNames(List.of("cat", "dog")), out.resolve("label_map.pbtxt"));
    return out;
  }

  @Test
  void pythonOdApiLayout_withExtraOutputs_isRead() throws Exception {
    check(export("input_tensor", false, true));
  }

  @Test
  void integerClassesAndTf1InputKey_areRead() throws Exception {
    check(export("inputs", true, false));
  }

  private static void check(Path export) throws Exception {
    try (Detector d = Detector.load(export, DetectorOptions.builder().minScore(0.2f).build())) {
      assertFalse(d.takesBgrAsIs(), "a foreign model gets converted RGB");
      List<Detection> found = d.detect(new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB));
      assertEquals(2, found.size());
      assertEquals("dog", found.get(0).labelName());
      assertEquals(2, found.get(0).labelId());
      assertEquals(0.9f, found.get(0).score());
      assertEquals(40.0, found.get(0).pixelBox().xmin(), 1e-4);
      assertEquals(10.0, found.get(0).pixelBox().ymin(), 1e-4);
      assertEquals("cat", found.get(1).labelName());
    }
  }

  @Test
  void modelWithoutDetectionOutputs_isRefusedClearly() throws Exception {
    Path out = dir.resolve("classifier");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> input =
          tf.withName("input_tensor")
              .placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
      SavedModelBundle.exporter(out.toString())
          .withSession(s)
          .withSignature(
              Signature.builder()
                  .key(Signature.DEFAULT_KEY)
                  .input("input_tensor", input)
                  .output("logits", tf.constant(new float[] {1f}))
                  .build())
          .export();
    }
    assertThrows(DatasetFormatException.class, () -> Detector.load(out));
  }

  @Test
  void savedModelPbGivenDirectly_loads() throws Exception {
    Path export = export("input_tensor", false, false);
    try (Detector d =
        Detector.load(
            export.resolve("saved_model/saved_model.pb"),
            DetectorOptions.builder().minScore(0.2f).build())) {
      assertEquals(ModelSource.Kind.SAVED_MODEL, d.modelSource().kind());
      assertEquals(
          "dog",
          d.detect(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB)).get(0).labelName());
    }
  }

  @Test
  void tf1ZooLayout_withSavedModelAndFrozenGraph_loadsTheSavedModel() throws Exception {
    Path export = export("inputs", false, false);
    Files.createSymbolicLink(
        export.resolve("frozen_inference_graph.pb"),
        DetectorFrozenGraphTest.VOC.resolve("frozen_inference_graph.pb").toAbsolutePath());
    try (Detector d = Detector.load(export)) {
      assertEquals(
          new ModelSource(
              export.resolve("saved_model/saved_model.pb"), ModelSource.Kind.SAVED_MODEL),
          d.modelSource());
      assertEquals("inputs", d.inputName());
    }
  }

  @Test
  void renamedSavedModelPb_isRefusedWithTheReason() throws Exception {
    Path export = export("input_tensor", false, false);
    Path renamed =
        Files.copy(export.resolve("saved_model/saved_model.pb"), dir.resolve("model.pb"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> Detector.load(renamed));
    assertTrue(e.getMessage().contains("is a SavedModel"), e.getMessage());
    assertTrue(e.getMessage().contains(renamed.toString()), e.getMessage());
  }

  @Test
  void graphDefWithoutDetectionNodes_isRefusedListingItsPlaceholders() throws Exception {
    Path pb = dir.resolve("classifier.pb");
    try (Graph g = new Graph()) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> in = tf.withName("input").placeholder(TUint8.class);
      tf.withName("logits").identity(tf.dtypes.cast(in, TFloat32.class));
      Files.write(pb, g.toGraphDef().toByteArray());
    }
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Detector.load(pb));
    String m = e.getMessage();
    assertTrue(m.contains(pb.toString()), m);
    assertTrue(
        m.contains(
            "image_tensor or encoded_image_string_tensor or tf_example, detection_boxes,"
                + " detection_scores, detection_classes"),
        m);
    assertTrue(m.contains("placeholders: input)"), m);
    Path junk = Files.writeString(dir.resolve("junk.pb"), "not a protocol buffer at all");
    e = assertThrows(DatasetFormatException.class, () -> Detector.load(junk));
    assertTrue(e.getMessage().contains(junk.toString()), e.getMessage());
  }
}
