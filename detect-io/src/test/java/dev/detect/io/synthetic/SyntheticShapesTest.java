package dev.detect.io.synthetic;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.ReaderOptions;
import dev.detect.io.voc.VocReader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SyntheticShapesTest {
  @Test
  void write_producesALabelImgProjectThatReadsBack(@TempDir Path tmp) throws Exception {
    AnnotationSet set = SyntheticShapes.builder().images(40).seed(3).build().write(tmp);
    assertEquals(40, set.size());
    assertTrue(
        set.negativeCount() > 0 && set.negativeCount() < 15, "negatives " + set.negativeCount());
    assertTrue(set.labels().containsAll(SyntheticShapes.CLASSES), set.labels().toString());
    assertTrue(set.validateBoxes().isEmpty(), set.validateBoxes().toString());
    AnnotationSet read =
        VocReader.builder()
            .options(ReaderOptions.builder().imageDirectory(tmp.resolve("images")).build())
            .build()
            .read(tmp.resolve("annotations"))
            .annotations();
    assertEquals(set.size(), read.size());
    for (ImageAnnotation a : set) {
      assertEquals(a.objects(), read.find(a.fileName()).orElseThrow().objects());
      assertTrue(Files.size(tmp.resolve("images").resolve(a.fileName())) > 1000);
    }
  }

  @Test
  void objectsUnderFourPixels_areRefusedAtBuild() {
    IllegalArgumentException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            IllegalArgumentException.class,
            () -> SyntheticShapes.builder().imageSize(200, 150).objectSize(0.01, 0.5).build());
    assertTrue(e.getMessage().contains("gives objects of 1 pixels"), e.getMessage());
    SyntheticShapes.builder().imageSize(200, 150).objectSize(4.0 / 150, 0.5).build();
  }

  @Test
  void sample_isDeterministicAndShapesSitInTheirBoxes() {
    SyntheticShapes gen = SyntheticShapes.builder().seed(5).negativeFraction(0).build();
    var a = gen.sample(7);
    var b = gen.sample(7);
    assertEquals(a.annotation(), b.annotation());
    assertArrayEquals(
        a.image().getRGB(0, 0, 320, 240, null, 0, 320),
        b.image().getRGB(0, 0, 320, 240, null, 0, 320));
    for (var o : a.annotation().objects()) {
      int cx = (int) o.box().centerX();
      int cy = (int) (o.box().ymin() + o.box().height() * 0.7);
      int p = a.image().getRGB(cx, cy);
      int max = Math.max((p >> 16) & 0xFF, Math.max((p >> 8) & 0xFF, p & 0xFF));
      int min = Math.min((p >> 16) & 0xFF, Math.min((p >> 8) & 0xFF, p & 0xFF));
      assertTrue(max - min > 60, "saturated shape colour expected under " + o);
    }
  }
}
