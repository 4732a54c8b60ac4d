package dev.detect.io.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrCurvePlotTest {

  private static EvaluationReport report() {
    AnnotationSet gt =
        AnnotationSet.of(
            ImageAnnotation.builder("a.jpg", 100, 100)
                .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(0, 0, 40, 40)))
                .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(50, 50, 90, 90)))
                .build());
    return Evaluator.builder()
        .build()
        .evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        Detection.of(
                            0,
                            "cat",
                            0.9f,
                            PixelBox.ofCorners(0, 0, 40, 40).toNormalized(100, 100),
                            100,
                            100),
                        Detection.of(
                            0,
                            "dog",
                            0.8f,
                            PixelBox.ofCorners(0, 50, 30, 90).toNormalized(100, 100),
                            100,
                            100)))));
  }

  @Test
  void write_producesAReadablePng_andLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    Path png = dir.resolve("out").resolve("pr.png");
    PrCurvePlot.write(report(), png);
    BufferedImage image = ImageIO.read(png.toFile());
    assertEquals(900, image.getWidth());
    assertEquals(640, image.getHeight());
    try (Stream<Path> files = Files.list(png.getParent())) {
      assertEquals(List.of(png), files.toList());
    }
    // Overwriting works too.
    PrCurvePlot.write(report(), png);
    assertTrue(Files.size(png) > 1000);
  }

  @Test
  void render_drawsTheCatCurveAtPrecisionOne() {
    BufferedImage image = PrCurvePlot.render(report());
    // cat: AP 1, the envelope is the line precision = 1 from recall 0 to 1: y = 40, x 70 … 590.
    int rgb = image.getRGB(330, 40) & 0xffffff;
    assertNotEquals(0xffffff, rgb);
    assertNotEquals(0x000000, rgb);
  }
}
