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
 * Loads an export (ours or the Python OD API's), detects objects in images and writes annotated
 * copies. Run: {@code DetectInImages <export-dir> <output-dir> <image>...}.
 */
public final class DetectInImages {
  private DetectInImages() {}

  /** Detects in {@code args[2..]} with the model {@code args[0]}, drawing into {@code args[1]}. */
  public static void main(String[] args) throws Exception {
    DetectorOptions options = DetectorOptions.builder().minScore(0.5f).maxResults(20).build();
    try (Detector detector = Detector.load(Path.of(args[0]), options)) {
      for (int i = 2; i < args.length; i++) {
        Path image = Path.of(args[i]);
        BufferedImage img = ImageIO.read(image.toFile());
        List<Detection> found = detector.detect(img);
        for (Detection d : found) {
          System.out.printf(
              "%s: %s %.2f %s%n",
              image.getFileName(), d.labelName(), d.score(), d.pixelBox().orElseThrow());
        }
        DetectionDrawer.write(
            DetectionDrawer.draw(img, found),
            Path.of(args[1]).resolve(image.getFileName() + ".png"));
      }
    }
  }
}
