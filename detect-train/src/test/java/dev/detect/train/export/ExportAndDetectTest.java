package dev.detect.train.export;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.train.TinyModels;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.ssd.SsdInferenceGraph;
import java.awt.image.BufferedImage;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/** Export a (briefly) trained model, load it with TensorFlow alone and with our Detector. */
@Tag("slow")
class ExportAndDetectTest {
  @TempDir static Path dir;
  static Path export;
  static BufferedImage sample;
  static PipelineConfig config;

  @BeforeAll
  static void trainAndExport() throws Exception {
    config = TinyModels.config(dir, 24, 20);
    export = TinyModels.export(config, dir);
    try (var files = Files.list(dir.resolve("shapes/images"))) {
      sample = ImageIO.read(files.sorted().findFirst().orElseThrow().toFile());
    }
  }

  @Test
  void export_hasTheExporterMainV2Layout() throws Exception {
    for (String f :
        List.of(
            "saved_model/saved_model.pb",
            "saved_model/variables/variables.index",
            "checkpoint/ckpt-0.index",
            "checkpoint/checkpoint",
            "pipeline.config",
            "label_map.pbtxt",
            Exporter.FROZEN_GRAPH)) {
      assertTrue(Files.exists(export.resolve(f)), f);
    }
    try (var s = Files.list(dir)) {
      assertFalse(
          s.anyMatch(p -> p.getFileName().toString().startsWith(".exported")),
          "temporary export folder left");
    }
  }

  @Test
  void export_loadsInAFreshJvmWithOnlyTensorFlow() throws Exception {
    String tfOnly =
        Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
            .filter(
                p ->
                    p.contains("tensorflow")
                        || p.contains("ndarray")
                        || p.contains("javacpp")
                        || p.contains("protobuf"))
            .filter(p -> !p.contains("detect-"))
            .collect(Collectors.joining(File.pathSeparator));
    Path source = dir.resolve("LoadCheck.java");
    Files.copy(ExportAndDetectTest.class.getResourceAsStream("LoadCheck.java"), source);
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                tfOnly,
                source.toString(),
                export.resolve("saved_model").toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes());
    assertEquals(0, p.waitFor(), out);
    assertTrue(out.contains("inputs [input_tensor]"), out);
    assertTrue(out.contains("output detection_boxes DT_FLOAT [1, 100, 4]"), out);
    assertTrue(out.contains("output detection_scores DT_FLOAT [1, 100]"), out);
    assertTrue(out.contains("output detection_classes DT_FLOAT [1, 100]"), out);
    assertTrue(out.contains("output num_detections DT_FLOAT [1]"), out);
  }

  @Test
  void detector_sameResultsForEveryImageTypeAndSource() throws Exception {
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector d = Detector.load(export, all)) {
      List<Detection> rgb = d.detect(convert(sample, BufferedImage.TYPE_INT_RGB));
      assertFalse(rgb.isEmpty());
      for (Detection det : rgb) {
        assertTrue(det.labelId() >= 1 && det.labelId() <= 3, det.toString());
        assertTrue(SyntheticShapes.CLASSES.contains(det.labelName()), det.toString());
        assertEquals(det.box().toPixels(det.imageWidth(), det.imageHeight()), det.pixelBox());
      }
      // BGR goes to our export as it is, through the permuted first convolution: the same
      // detections up to float rounding (equal on this machine, not promised everywhere)
      assertClose(rgb, d.detect(convert(sample, BufferedImage.TYPE_3BYTE_BGR)));
      assertEquals(rgb, d.detect(convert(sample, BufferedImage.TYPE_INT_ARGB)));
      Path png = dir.resolve("sample.png");
      ImageIO.write(sample, "png", png.toFile());
      assertEquals(rgb, d.detect(png));
      assertEquals(rgb, d.detect(Files.readAllBytes(png)));
      BufferedImage gray = convert(sample, BufferedImage.TYPE_BYTE_GRAY);
      BufferedImage grayAsRgb =
          new BufferedImage(gray.getWidth(), gray.getHeight(), BufferedImage.TYPE_INT_RGB);
      for (int y = 0; y < gray.getHeight(); y++) {
        for (int x = 0; x < gray.getWidth(); x++) {
          int v = gray.getRaster().getSample(x, y, 0);
          grayAsRgb.setRGB(x, y, v << 16 | v << 8 | v);
        }
      }
      assertEquals(d.detect(grayAsRgb), d.detect(gray));
    }
  }

  @Test
  void export_takesBgrPixelsAsTheyAre_throughTheChannelOrderInput() throws Exception {
    BufferedImage rgbImage = convert(sample, BufferedImage.TYPE_INT_RGB);
    int w = rgbImage.getWidth();
    int h = rgbImage.getHeight();
    byte[] rgb = new byte[w * h * 3];
    byte[] bgr = new byte[w * h * 3];
    for (int y = 0, o = 0; y < h; y++) {
      for (int x = 0; x < w; x++, o += 3) {
        int p = rgbImage.getRGB(x, y);
        rgb[o] = bgr[o + 2] = (byte) (p >> 16);
        rgb[o + 1] = bgr[o + 1] = (byte) (p >> 8);
        rgb[o + 2] = bgr[o] = (byte) p;
      }
    }
    try (SavedModelBundle b =
            SavedModelBundle.load(export.resolve("saved_model").toString(), "serve");
        TUint8 rgbTensor = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(rgb));
        TUint8 bgrTensor = TUint8.tensorOf(Shape.of(1, h, w, 3), DataBuffers.of(bgr));
        TInt32 bgrOrder = TInt32.vectorOf(2, 1, 0);
        TInt32 rgbOrder = TInt32.vectorOf(0, 1, 2)) {
      assertEquals(
          "PlaceholderWithDefault",
          b.graph().operation(SsdInferenceGraph.CHANNEL_ORDER).type(),
          "not in serving_default: Python and TF Serving callers never see it");
      assertFalse(
          b.function("serving_default").signature().inputNames().contains("input_channel_order"));
      float[] plain = outputs(b.session().runner().feed("input_tensor", rgbTensor));
      float[] asBgr =
          outputs(
              b.session()
                  .runner()
                  .feed("input_tensor", bgrTensor)
                  .feed(SsdInferenceGraph.CHANNEL_ORDER, bgrOrder));
      float[] explicitRgb =
          outputs(
              b.session()
                  .runner()
                  .feed("input_tensor", rgbTensor)
                  .feed(SsdInferenceGraph.CHANNEL_ORDER, rgbOrder));
      assertArrayEquals(plain, explicitRgb);
      assertArrayEquals(plain, asBgr, 1e-5f, "BGR with [2, 1, 0] is the RGB image");
      float[] bgrAsRgb = outputs(b.session().runner().feed("input_tensor", bgrTensor));
      assertFalse(Arrays.equals(plain, bgrAsRgb), "the channel order matters to this model");
    }
  }

  /** Scores then boxes of one run. */
  private static float[] outputs(Session.Runner runner) {
    try (Result r = runner.fetch("detection_scores").fetch("detection_boxes").run()) {
      TFloat32 scores = (TFloat32) r.get(0);
      TFloat32 boxes = (TFloat32) r.get(1);
      float[] out = new float[(int) (scores.size() + boxes.size())];
      scores.copyTo(DataBuffers.of(out, false, false).slice(0, scores.size()));
      boxes.copyTo(DataBuffers.of(out, false, false).slice(scores.size(), boxes.size()));
      return out;
    }
  }

  private static void assertClose(List<Detection> expected, List<Detection> actual) {
    assertEquals(expected.size(), actual.size(), actual.toString());
    for (int i = 0; i < expected.size(); i++) {
      Detection e = expected.get(i);
      Detection a = actual.get(i);
      assertEquals(e.labelId(), a.labelId(), "detection " + i);
      assertEquals(e.score(), a.score(), 1e-5f, "detection " + i);
      assertEquals(e.box().ymin(), a.box().ymin(), 1e-5, "detection " + i);
      assertEquals(e.box().xmin(), a.box().xmin(), 1e-5, "detection " + i);
      assertEquals(e.box().ymax(), a.box().ymax(), 1e-5, "detection " + i);
      assertEquals(e.box().xmax(), a.box().xmax(), 1e-5, "detection " + i);
    }
  }

  @Test
  void detector_optionsFilterResults() throws Exception {
    try (Detector d =
        Detector.load(
            export,
            DetectorOptions.builder()
                .minScore(0f)
                .maxResults(3)
                .allowedLabels(java.util.Set.of("square"))
                .build())) {
      List<Detection> found = d.detect(sample);
      assertTrue(found.size() <= 3);
      assertTrue(found.stream().allMatch(x -> x.labelName().equals("square")));
    }
  }

  @Test
  void detector_isThreadSafe() throws Exception {
    try (Detector d = Detector.load(export, DetectorOptions.builder().minScore(0f).build())) {
      List<Detection> expected = d.detect(sample);
      ExecutorService pool = Executors.newFixedThreadPool(4);
      try {
        List<Future<List<Detection>>> futures = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
          futures.add(pool.submit(() -> d.detect(sample)));
        }
        for (Future<List<Detection>> f : futures) {
          assertEquals(expected, f.get());
        }
      } finally {
        pool.shutdown();
      }
    }
  }

  @Test
  void export_refusesAnOutputWhoseReplacementWouldDeleteOtherFiles() throws Exception {
    Path model = dir.resolve("model");
    List<String> before;
    try (var files = Files.list(model)) {
      before = files.map(p -> p.getFileName().toString()).sorted().toList();
    }
    for (Path out : List.of(model, dir, model.resolve("sub/.."))) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class,
              () ->
                  Exporter.builder(config).checkpoint(model).outputDirectory(out).build().export());
      assertTrue(e.getMessage().contains("holds the checkpoint"), e.getMessage());
    }
    try (var files = Files.list(model)) {
      assertEquals(before, files.map(p -> p.getFileName().toString()).sorted().toList());
    }
    Path foreign = Files.createDirectories(dir.resolve("foreign"));
    Files.writeString(foreign.resolve("notes.txt"), "keep me");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Exporter.builder(config)
                    .checkpoint(model)
                    .outputDirectory(foreign)
                    .build()
                    .export());
    assertTrue(e.getMessage().contains("holds no earlier export"), e.getMessage());
    assertEquals("keep me", Files.readString(foreign.resolve("notes.txt")));
    // an earlier export is replaced
    Path again = dir.resolve("again");
    Exporter.builder(config).checkpoint(model).outputDirectory(again).build().export();
    Files.writeString(again.resolve("stale.txt"), "from the first export");
    Exporter.builder(config).checkpoint(model).outputDirectory(again).build().export();
    assertTrue(Files.isRegularFile(again.resolve("saved_model/saved_model.pb")));
    assertFalse(Files.exists(again.resolve("stale.txt")));
  }

  @Test
  void export_refusesAMissingCheckpoint() {
    assertThrows(
        java.nio.file.NoSuchFileException.class,
        () ->
            Exporter.builder(config)
                .checkpoint(dir.resolve("nowhere"))
                .outputDirectory(dir.resolve("x"))
                .build()
                .export());
  }

  static BufferedImage convert(BufferedImage src, int type) {
    BufferedImage out = new BufferedImage(src.getWidth(), src.getHeight(), type);
    out.getGraphics().drawImage(src, 0, 0, null);
    return out;
  }
}
