package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.core.testing.HostileImages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
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
import org.tensorflow.op.image.DecodeImage;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * The four input types of the OD API's exporters, on the real VOC 20-class frozen graph: its {@code
 * image_tensor} placeholder is replaced by the exporters' front ends (a string input decoded with
 * {@code DecodeImage}, a {@code tf.train.Example} parsed with {@code ParseSingleExample} first, a
 * float32 image), as TF1 frozen graphs with the TF1 exporter's node names and as SavedModels. Each
 * gives the detections the original graph gives for the same image.
 */
@Tag("slow")
class InputTypesTest {
  static final Path VOC = DetectorFrozenGraphTest.VOC;
  static DetectorOptions all;

  @TempDir static Path dir;
  static byte[] png;
  static byte[] jpeg;
  static BufferedImage image;
  static List<Detection> expectedPng;
  static List<Detection> expectedJpeg;

  @BeforeAll
  static void originalDetections() throws Exception {
    all =
        DetectorOptions.builder()
            .minScore(0f)
            .maxResults(1000)
            .labelMap(LabelMapFormat.read(VOC.resolve("pascal_label_map.pbtxt")))
            .build();
    image = ImageIO.read(VOC.resolve("image_11.jpg").toFile());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(image, "png", out);
    png = out.toByteArray();
    jpeg = Files.readAllBytes(VOC.resolve("image_11.jpg"));
    try (Detector original = Detector.load(VOC.resolve("frozen_inference_graph.pb"), all)) {
      assertEquals(InputType.IMAGE_TENSOR, original.inputType());
      expectedPng = original.detect(png);
      expectedJpeg = original.detect(jpeg);
      assertEquals(expectedPng, original.detect(image));
    }
    assertFalse(expectedPng.isEmpty());
  }

  /** The real graph with its image_tensor placeholder fed by {@code front} instead. */
  private static GraphDef withFrontEnd(String uint8Output, Consumer<Ops> front) throws Exception {
    GraphDef real =
        GraphDef.parseFrom(Files.readAllBytes(VOC.resolve("frozen_inference_graph.pb")));
    GraphDef frontDef;
    try (Graph g = new Graph()) {
      front.accept(Ops.create(g));
      frontDef = GraphDef.parseFrom(g.toGraphDef().toByteArray());
    }
    GraphDef.Builder b = real.toBuilder().clearNode();
    for (NodeDef n : real.getNodeList()) {
      if (n.getName().equals("image_tensor")) {
        continue;
      }
      NodeDef.Builder nb = n.toBuilder();
      for (int i = 0; i < nb.getInputCount(); i++) {
        if (nb.getInput(i).equals("image_tensor")) {
          nb.setInput(i, uint8Output);
        }
      }
      b.addNode(nb);
    }
    b.addAllNode(frontDef.getNodeList());
    return b.build();
  }

  private static Operand<TUint8> decoded(Ops tf, Operand<TString> oneFile) {
    return tf.expandDims(
        tf.image.decodeImage(
            oneFile, TUint8.class, DecodeImage.channels(3L), DecodeImage.expandAnimations(false)),
        tf.constant(0));
  }

  /** The first string of a {@code [-1]} string placeholder named {@code inputName}. */
  private static Operand<TString> firstOf(Ops tf, String inputName) {
    Placeholder<TString> batch =
        tf.withName(inputName).placeholder(TString.class, Placeholder.shape(Shape.of(-1)));
    Ops f = tf.withSubScope("front");
    return f.reshape(f.gather(batch, f.constant(0), f.constant(0)), f.constant(new int[0]));
  }

  private static GraphDef encodedGraph(String inputName) throws Exception {
    return withFrontEnd(
        "front/image",
        tf -> {
          Ops f = tf.withSubScope("front");
          f.withName("image").identity(decoded(f, firstOf(tf, inputName)));
        });
  }

  private static GraphDef exampleGraph(String inputName) throws Exception {
    return withFrontEnd(
        "front/image",
        tf -> {
          Ops f = tf.withSubScope("front");
          var parsed =
              f.io.parseSingleExample(
                  firstOf(tf, inputName),
                  List.of(f.constant("")),
                  0L,
                  List.of(),
                  List.of("image/encoded"),
                  List.of(),
                  List.of(Shape.scalar()));
          @SuppressWarnings("unchecked")
          Operand<TString> file = (Operand<TString>) parsed.denseValues().get(0);
          f.withName("image").identity(decoded(f, file));
        });
  }

  private static GraphDef floatGraph() throws Exception {
    return withFrontEnd(
        "front/image",
        tf -> {
          Placeholder<TFloat32> in =
              tf.withName("image_tensor")
                  .placeholder(TFloat32.class, Placeholder.shape(Shape.of(-1, -1, -1, 3)));
          tf.withSubScope("front").withName("image").dtypes.cast(in, TUint8.class);
        });
  }

  private static Path frozen(String name, GraphDef def) throws Exception {
    Path file = dir.resolve(name + ".pb");
    Files.write(file, def.toByteArray());
    return file;
  }

  /** The graph as a SavedModel whose serving_default input is {@code input} under input_tensor. */
  private static Path savedModel(String name, GraphDef def, String input) throws Exception {
    Path out = dir.resolve(name);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      g.importGraphDef(def);
      Signature.Builder sig =
          Signature.builder()
              .key(Signature.DEFAULT_KEY)
              .input("input_tensor", g.operation(input).output(0));
      for (String o :
          List.of("detection_boxes", "detection_scores", "detection_classes", "num_detections")) {
        sig.output(o, g.operation(o).output(0));
      }
      SavedModelBundle.exporter(out.resolve("saved_model").toString())
          .withSession(s)
          .withSignature(sig.build())
          .export();
    }
    return out;
  }

  private static void assertSameDetections(Path model, InputType type, boolean exactJpeg)
      throws Exception {
    try (Detector d = Detector.load(model, all)) {
      assertEquals(type, d.inputType(), model.toString());
      assertEquals(expectedPng, d.detect(png), "PNG bytes");
      assertEquals(expectedPng, d.detect(image), "BufferedImage");
      List<Detection> fromJpeg = d.detect(jpeg);
      if (exactJpeg) {
        assertEquals(expectedJpeg, fromJpeg, "JPEG bytes");
      } else {
        // TensorFlow decodes the JPEG itself, with libjpeg: the same image within rounding.
        assertEquals(expectedJpeg.get(0).labelName(), fromJpeg.get(0).labelName());
        assertEquals(expectedJpeg.get(0).score(), fromJpeg.get(0).score(), 0.02f);
        assertEquals(expectedJpeg.get(0).box().xmin(), fromJpeg.get(0).box().xmin(), 0.02f);
      }
    }
  }

  @Test
  void encodedImageStringTensor_frozenAndSavedModel() throws Exception {
    GraphDef def = encodedGraph("encoded_image_string_tensor");
    assertSameDetections(frozen("encoded", def), InputType.ENCODED_IMAGE_STRING_TENSOR, false);
    assertSameDetections(
        savedModel("encoded_saved", def, "encoded_image_string_tensor"),
        InputType.ENCODED_IMAGE_STRING_TENSOR,
        false);
    // Early TF1 exporters took one scalar string instead of a [-1] batch.
    GraphDef scalar =
        withFrontEnd(
            "front/image",
            tf -> {
              Placeholder<TString> in =
                  tf.withName("encoded_image_string_tensor")
                      .placeholder(TString.class, Placeholder.shape(Shape.scalar()));
              Ops f = tf.withSubScope("front");
              f.withName("image").identity(decoded(f, in));
            });
    assertSameDetections(
        frozen("encoded_scalar", scalar), InputType.ENCODED_IMAGE_STRING_TENSOR, false);
  }

  @Test
  void tfExample_frozenAndSavedModel() throws Exception {
    GraphDef def = exampleGraph("tf_example");
    assertSameDetections(frozen("example", def), InputType.TF_EXAMPLE, false);
    // A SavedModel's string input is told apart by the Example parsing in its graph.
    assertSameDetections(
        savedModel("example_saved", def, "tf_example"), InputType.TF_EXAMPLE, false);
  }

  @Test
  void floatImageTensor_frozenAndSavedModel() throws Exception {
    GraphDef def = floatGraph();
    assertSameDetections(frozen("float", def), InputType.FLOAT_IMAGE_TENSOR, true);
    assertSameDetections(
        savedModel("float_saved", def, "image_tensor"), InputType.FLOAT_IMAGE_TENSOR, true);
  }

  @Test
  void encodedInput_corruptImage_isATypedErrorNamingIt() throws Exception {
    try (Detector d =
        Detector.load(frozen("encoded2", encodedGraph("encoded_image_string_tensor")), all)) {
      byte[] truncated = java.util.Arrays.copyOf(jpeg, jpeg.length / 2);
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> d.detect(truncated));
      assertTrue(e.getMessage().contains("image bytes"), e.getMessage());
    }
  }

  @Test
  void encodedInput_cmykJpeg_givesTheDetectionsOfItsRgb() throws Exception {
    // A four-channel JPEG: TensorFlow's decoder converts it to RGB within a level of Java's (216,
    // 52, 158 against 216.2, 52.8, 158.5), so the model sees the colours the image_tensor graph
    // sees. On a uniform image many scores nearly tie: compare the leading ones with a tolerance.
    byte[] cmyk = HostileImages.cmykJpeg(64, 48, 30, 200, 90, 10);
    try (Detector original = Detector.load(VOC.resolve("frozen_inference_graph.pb"), all);
        Detector encoded =
            Detector.load(frozen("encoded3", encodedGraph("encoded_image_string_tensor")), all)) {
      List<Detection> expected = original.detect(cmyk);
      List<Detection> found = encoded.detect(cmyk);
      assertEquals(expected.size(), found.size());
      for (int i = 0; i < 3; i++) {
        assertEquals(expected.get(i).labelId(), found.get(i).labelId(), "class of #" + i);
        assertEquals(expected.get(i).score(), found.get(i).score(), 0.01f, "score of #" + i);
      }
    }
  }

  @Test
  void savedModelWithAnotherInputType_isRefusedAtLoad_namingIt() throws Exception {
    Path out = dir.resolve("int_input");
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TInt32> in = tf.withName("ids").placeholder(TInt32.class);
      Signature sig =
          Signature.builder()
              .key(Signature.DEFAULT_KEY)
              .input("input_tensor", in)
              .output("detection_boxes", tf.constant(new float[][][] {{{0, 0, 1, 1}}}))
              .output("detection_scores", tf.constant(new float[][] {{0.5f}}))
              .output("detection_classes", tf.constant(new float[][] {{1f}}))
              .build();
      SavedModelBundle.exporter(out.resolve("saved_model").toString())
          .withSession(s)
          .withSignature(sig)
          .export();
    }
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> Detector.load(out));
    assertTrue(e.getMessage().contains("DT_INT32"), e.getMessage());
    assertTrue(e.getMessage().contains("--input_type"), e.getMessage());
  }
}
