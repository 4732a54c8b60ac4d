package dev.detect.examples;

import dev.detect.core.eval.Detection;
import dev.detect.train.detector.DetectionDrawer;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * Loads a model, detects objects in images and writes annotated copies. The model is anything
 * {@link Detector#load(Path, DetectorOptions)} takes: an export folder (ours, {@code
 * exporter_main_v2.py}'s, {@code export_inference_graph.py}'s or a TF1 model-zoo tarball's), a
 * SavedModel folder, or a TF1 frozen graph {@code .pb} such as {@code frozen_inference_graph.pb}.
 * Run: {@code DetectInImages <model-dir|model.pb> <output-dir> <image>...}.
 */
public final class DetectInImages {
  private DetectInImages() {}

  /** Detects in {@code args[2..]} with the model {@code args[0]}, drawing into {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    if (args.length < 3) {
      System.err.println("usage: DetectInImages <model-dir|model.pb> <output-dir> <image>...");
      System.exit(2);
    }
    DetectorOptions options = DetectorOptions.builder().minScore(0.5f).maxResults(20).build();
    try (Detector detector = Detector.load(Path.of(args[0]), options)) {
      System.out.println("model: " + detector.modelSource());
      for (int i = 2; i < args.length; i++) {
        Path image = Path.of(args[i]);
        BufferedImage img = ImageIO.read(image.toFile());
        List<Detection> found = detector.detect(img);
        for (Detection d : found) {
          System.out.printf(
              "%s: %s %.2f %s%n", image.getFileName(), d.labelName(), d.score(), d.pixelBox());
        }
        DetectionDrawer.write(
            DetectionDrawer.draw(img, found),
            Path.of(args[1]).resolve(image.getFileName() + ".png"));
      }
    }
  }
}
