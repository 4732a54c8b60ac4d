package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.ImageDecoder;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TUint8;

/**
 * The real TF1 frozen graphs in {@code ../shared/data/models}: the Detector's detections equal
 * TensorFlow's own run of the same graph ({@code Graph.importGraphDef} + {@code Session}) on the
 * same RGB bytes, for a free-size input (VOC 20 classes, TF1 while loops inside) and a fixed {@code
 * [1, 256, 256, 3]} one (AIY person/cat/dog, older ops), which both sides resize the same way.
 */
@Tag("slow")
class DetectorFrozenGraphTest {
  static final Path MODELS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data")).resolve("models");
  static final Path VOC = MODELS.resolve("tf1_frozen_voc20_embedded_ssd_mobilenet_v1");
  static final Path AIY = MODELS.resolve("tf1_frozen_aiy_person_cat_dog_256");
  static final Path AIY_GRAPH = AIY.resolve("mobilenet_ssd_256res_0.125_person_cat_dog.pb");
  private static final DetectorOptions ALL =
      DetectorOptions.builder().minScore(0f).maxResults(1000).build();

  /** One raw detection: class (1-based, float as the graph gives it), score, box as given. */
  record Raw(float cls, float score, float[] box) {}

  /** Runs the graph with TensorFlow alone, fed {@code rgb} as a {@code [1, h, w, 3]} tensor. */
  static List<Raw> rawRun(Path graphFile, byte[] rgb, int height, int width) throws Exception {
    try (Graph g = new Graph()) {
      g.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(graphFile)));
      try (Session s = new Session(g);
          TUint8 in = TUint8.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(rgb));
          Result r =
              s.runner()
                  .feed("image_tensor", in)
                  .fetch("detection_boxes")
                  .fetch("detection_scores")
                  .fetch("detection_classes")
                  .fetch("num_detections")
                  .run()) {
        TFloat32 boxes = (TFloat32) r.get(0);
        TFloat32 scores = (TFloat32) r.get(1);
        TFloat32 classes = (TFloat32) r.get(2);
        int n = (int) ((TFloat32) r.get(3)).getFloat(0);
        List<Raw> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
          float[] box = new float[4];
          for (int k = 0; k < 4; k++) {
            box[k] = boxes.getFloat(0, i, k);
          }
          out.add(new Raw(classes.getFloat(0, i), scores.getFloat(0, i), box));
        }
        return out;
      }
    }
  }

  static Path abs(Path p) {
    return p.toAbsolutePath().normalize();
  }

  /** The RGB bytes the Detector feeds for an image file (decoded, rounded). */
  static ImageBoxes decode(Path image) throws Exception {
    return ImageDecoder.decode(Files.readAllBytes(image), image.toString());
  }

  private static void assertSameAsRaw(List<Raw> raw, List<Detection> found, int w, int h) {
    assertEquals(raw.size(), found.size(), "detections");
    for (int i = 0; i < raw.size(); i++) {
      Raw r = raw.get(i);
      Detection d = found.get(i);
      assertEquals(Math.round(r.cls()), d.labelId(), "class of #" + i);
      assertEquals(r.score(), d.score(), "score of #" + i);
      NormalizedBox expected =
          NormalizedBox.ofYxyx(r.box()[0], r.box()[1], r.box()[2], r.box()[3]).clip();
      assertEquals(expected, d.box(), "box of #" + i);
      PixelBox px = d.pixelBox();
      assertEquals(expected.xmin() * w, px.xmin(), 1e-3, "pixel xmin of #" + i);
      assertEquals(expected.ymax() * h, px.ymax(), 1e-3, "pixel ymax of #" + i);
    }
  }

  @Test
  void vocFrozenGraph_equalsTensorFlowsOwnRun_onBothPhotos() throws Exception {
    try (Detector detector = Detector.load(VOC, ALL)) {
      assertEquals(ModelSource.Kind.FROZEN_GRAPH, detector.modelSource().kind());
      assertEquals(abs(VOC.resolve("frozen_inference_graph.pb")), detector.modelSource().file());
      assertEquals("image_tensor", detector.inputName());
      assertEquals(
          abs(VOC.resolve("pascal_label_map.pbtxt")), detector.labelMapFile().orElseThrow());
      for (String name : List.of("image.jpg", "image_11.jpg")) {
        Path image = VOC.resolve(name);
        ImageBoxes img = decode(image);
        List<Raw> raw =
            rawRun(
                VOC.resolve("frozen_inference_graph.pb"),
                BilinearResize.bytes(img.pixels()),
                img.height(),
                img.width());
        List<Detection> found = detector.detect(image);
        assertSameAsRaw(raw, found, img.width(), img.height());
        assertSensible(found, detector);
      }
    }
  }

  @Test
  void fixedSizeAiyGraph_resizesFirst_andEqualsTensorFlowsOwnRunOnTheResizedBytes()
      throws Exception {
    try (Detector detector = Detector.load(AIY_GRAPH, ALL)) {
      assertEquals(abs(AIY.resolve("label_map.pbtxt")), detector.labelMapFile().orElseThrow());
      for (String name : List.of("image.jpg", "image_11.jpg")) {
        Path image = AIY.resolve(name);
        ImageBoxes img = decode(image);
        byte[] resized =
            BilinearResize.resize(
                BilinearResize.bytes(img.pixels()), img.height(), img.width(), 256, 256);
        List<Raw> raw = rawRun(AIY_GRAPH, resized, 256, 256);
        List<Detection> found = detector.detect(image);
        assertSameAsRaw(raw, found, img.width(), img.height());
        assertSensible(found, detector);
        // The BufferedImage path feeds the same bytes.
        assertEquals(found, detector.detect(javax.imageio.ImageIO.read(image.toFile())));
      }
      // image.jpg shows one person standing in the middle: the top detection, clearly.
      List<Detection> found = detector.detect(AIY.resolve("image.jpg"));
      Detection top = found.get(0);
      assertEquals("person", top.labelName());
      assertTrue(top.score() > 0.5f, "person score " + top.score());
      PixelBox px = top.pixelBox();
      assertTrue(px.xmin() < 600 && px.xmax() > 600, "the person box spans the middle: " + px);
      assertTrue(px.ymax() - px.ymin() > 400, "a standing person, most of 800 rows tall: " + px);
      for (Detection other : found.subList(1, found.size())) {
        assertTrue(other.score() < top.score() / 2, "one clear person: " + other);
      }
    }
  }

  @Test
  void fixedSizeAiyGraph_anImageOfTheInputSize_goesInAsItIs() throws Exception {
    ImageBoxes img = decode(AIY.resolve("image.jpg"));
    byte[] rgb =
        BilinearResize.resize(
            BilinearResize.bytes(img.pixels()), img.height(), img.width(), 256, 256);
    BufferedImage small = new BufferedImage(256, 256, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) small.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < rgb.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    ByteArrayOutputStream png = new ByteArrayOutputStream();
    ImageIO.write(small, "png", png);
    List<Raw> raw = rawRun(AIY_GRAPH, rgb, 256, 256);
    try (Detector detector = Detector.load(AIY_GRAPH, ALL)) {
      List<Detection> found = detector.detect(small);
      assertSameAsRaw(raw, found, 256, 256);
      assertEquals(found, detector.detect(png.toByteArray()));
      assertEquals("person", found.get(0).labelName());
    }
  }

  /** Descending scores in [0, 1], every class named by the label map, boxes inside the image. */
  private static void assertSensible(List<Detection> found, Detector detector) {
    assertFalse(found.isEmpty());
    for (int i = 0; i < found.size(); i++) {
      Detection d = found.get(i);
      assertTrue(d.score() >= 0 && d.score() <= 1, d.toString());
      assertTrue(i == 0 || found.get(i - 1).score() >= d.score(), "descending at " + i);
      assertTrue(detector.labelMap().item(d.labelId()).isPresent(), "known class: " + d);
      assertFalse(d.labelName().startsWith("class "), d.toString());
      assertTrue(
          d.box().ymin() <= d.box().ymax() && d.box().xmin() <= d.box().xmax(), d.toString());
    }
  }

  @Test
  void fixedSizeResize_matchesTensorFlowsResizeBilinear() throws Exception {
    for (String name : List.of("image.jpg", "image_11.jpg")) {
      ImageBoxes img = decode(AIY.resolve(name));
      byte[] rgb = BilinearResize.bytes(img.pixels());
      byte[] ours = BilinearResize.resize(rgb, img.height(), img.width(), 256, 256);
      byte[] tf = ResizeByTensorFlow.resize(rgb, img.height(), img.width(), 256, 256);
      int differ = 0;
      for (int i = 0; i < ours.length; i++) {
        int diff = Math.abs((ours[i] & 0xff) - (tf[i] & 0xff));
        assertTrue(diff <= 1, name + ": byte " + i + " differs by " + diff);
        differ += diff;
      }
      // Only float rounding at exact .5 ties may differ.
      assertTrue(differ <= ours.length / 1000, name + ": " + differ + " bytes differ by 1");
    }
  }

  @Test
  void concurrentCalls_giveTheSameDetections_andCloseRefusesLaterCalls() throws Exception {
    Detector detector = Detector.load(VOC, DetectorOptions.builder().minScore(0.05f).build());
    List<Detection> expected = detector.detect(VOC.resolve("image_11.jpg"));
    ExecutorService pool = Executors.newFixedThreadPool(2);
    try {
      List<Future<List<Detection>>> futures = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        Path image = VOC.resolve(i % 2 == 0 ? "image_11.jpg" : "image.jpg");
        futures.add(pool.submit(() -> detector.detect(image)));
      }
      for (int i = 0; i < futures.size(); i += 2) {
        assertEquals(expected, futures.get(i).get());
      }
    } finally {
      pool.shutdown();
      detector.close();
    }
    detector.close();
    assertThrows(IllegalStateException.class, () -> detector.detect(VOC.resolve("image.jpg")));
  }
}
