package dev.detect.examples.bench;

import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.types.TUint8;

/**
 * {@link DetectorBench}'s frozen-graph mode: {@link Detector#detect(BufferedImage)} on a TF1 frozen
 * graph against the raw {@code Session.run} of the same graph fed a pre-built uint8 tensor of the
 * same image (already resized for a fixed-size input), on the Detector's own session and on a
 * separately imported graph, call by call in rotating order. Prints the medians (ms per call) and
 * the ratio Detector/raw (goal ≤ 1.05). For a fixed-size input it also times the Detector on the
 * resized image itself, which separates the Detector's own overhead from the resize that the raw
 * side does not do.
 */
final class FrozenGraphBench {
  private static final String[] OUTPUTS = {
    "detection_boxes", "detection_scores", "detection_classes", "num_detections"
  };

  private FrozenGraphBench() {}

  /** Measures {@code model} (a .pb or a folder) on {@code image} ({@code samples} per side). */
  static void run(Path model, Path image, int warmup, int samples) throws Exception {
    BufferedImage img = ImageIO.read(image.toFile());
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector detector = Detector.load(model, all);
        Graph graph = new Graph()) {
      graph.importGraphDef(GraphDef.parseFrom(Files.readAllBytes(detector.modelSource().file())));
      Shape shape = detector.signatureFunction().signature().getInputs().get("image_tensor").shape;
      BufferedImage fed =
          shape.get(1) > 0 ? resized(img, (int) shape.get(2), (int) shape.get(1)) : img;
      try (Session separate = new Session(graph);
          TUint8 input =
              TUint8.tensorOf(
                  Shape.of(1, fed.getHeight(), fed.getWidth(), 3),
                  DataBuffers.of(rgb(fed), true, false))) {
        Session same = detector.signatureFunction().session();
        boolean fixed = fed != img;
        Runnable[] tasks = {
          () -> detector.detect(img),
          () -> rawRun(same, input),
          () -> rawRun(separate, input),
          // For a fixed-size input: the Detector on an image of that size (no resize to do).
          () -> detector.detect(fed)
        };
        int kinds = fixed ? 4 : 3;
        for (int i = 0; i < warmup; i++) {
          for (int k = 0; k < kinds; k++) {
            tasks[k].run();
          }
        }
        long[][] t = new long[kinds][samples];
        for (int i = 0; i < samples; i++) {
          for (int k = 0; k < kinds; k++) {
            int which = (i + k) % kinds;
            long t0 = System.nanoTime();
            tasks[which].run();
            t[which][i] = System.nanoTime() - t0;
          }
        }
        double d = median(t[0]);
        double r = median(t[1]);
        double r2 = median(t[2]);
        System.out.printf(
            Locale.ROOT,
            "frozen graph %s on %s (%dx%d, fed %dx%d): Detector.detect median %.3f ms | raw"
                + " Session.run, same session: median %.3f ms, ratio %.3f | separately imported"
                + " graph: median %.3f ms, ratio %.3f | %d samples each%n",
            detector.modelSource().file().getFileName(),
            image.getFileName(),
            img.getWidth(),
            img.getHeight(),
            fed.getWidth(),
            fed.getHeight(),
            d,
            r,
            d / r,
            r2,
            d / r2,
            samples);
        if (fixed) {
          double f = median(t[3]);
          System.out.printf(
              Locale.ROOT,
              "  the same image already %dx%d (the Detector's work without the resize):"
                  + " Detector.detect median %.3f ms, ratio %.3f to the same session; the resize"
                  + " of the %dx%d image adds %.3f ms%n",
              fed.getWidth(),
              fed.getHeight(),
              f,
              f / r,
              img.getWidth(),
              img.getHeight(),
              d - f);
        }
      }
    }
  }

  private static void rawRun(Session session, TUint8 input) {
    Session.Runner runner = session.runner().feed("image_tensor", input);
    for (String out : OUTPUTS) {
      runner.fetch(out);
    }
    try (Result result = runner.run()) {
      result.size();
    }
  }

  /**
   * A plain Java2D bilinear resize into ImageIO's JPEG type: the raw side is fed an image of the
   * input's fixed size, and the Detector is also timed on it.
   */
  private static BufferedImage resized(BufferedImage img, int width, int height) {
    BufferedImage out = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    var g = out.createGraphics();
    g.setRenderingHint(
        java.awt.RenderingHints.KEY_INTERPOLATION,
        java.awt.RenderingHints.VALUE_INTERPOLATION_BILINEAR);
    g.drawImage(img, 0, 0, width, height, null);
    g.dispose();
    return out;
  }

  private static byte[] rgb(BufferedImage image) {
    int w = image.getWidth();
    int h = image.getHeight();
    int[] argb = image.getRGB(0, 0, w, h, null, 0, w);
    byte[] out = new byte[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (byte) (argb[i] >> 16);
      out[3 * i + 1] = (byte) (argb[i] >> 8);
      out[3 * i + 2] = (byte) argb[i];
    }
    return out;
  }

  private static double median(long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return s[s.length / 2] / 1e6;
  }
}
