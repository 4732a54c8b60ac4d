package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.voc.VocWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** detect csv no longer turns difficult objects into ordinary ones without a word. */
class CsvAttributesCliTest {
  @TempDir Path dir;
  Path voc;

  @BeforeEach
  void vocFolder() throws Exception {
    voc = dir.resolve("annotations");
    VocWriter.defaults()
        .write(
            AnnotationSet.of(
                ImageAnnotation.builder("a.jpg", 100, 80)
                    .addObject(
                        new ObjectAnnotation(
                            "cat", PixelBox.ofCorners(1, 2, 30, 40), true, false, "Left"))
                    .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(5, 5, 50, 60)))
                    .build()),
            voc);
  }

  @Test
  void csv_default_reportsTheDifficultFlagOnStderr() throws Exception {
    Path out = dir.resolve("all.csv");
    Run r = run("csv", "--input", voc.toString(), "--output", out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("difficult flag of 1 objects in 1 images not written"), r.err());
    assertTrue(r.err().contains("--object-attributes"), r.err());
  }

  @Test
  void csv_objectAttributes_keepsThem_andSkipDifficult_dropsThem() throws Exception {
    Path kept = dir.resolve("kept.csv");
    Run r =
        run("csv", "--input", voc.toString(), "--output", kept.toString(), "--object-attributes");
    assertEquals(0, r.code(), r.err());
    ObjectAnnotation cat =
        CsvAnnotationReader.defaults().read(kept).annotations().images().get(0).objects().get(0);
    assertTrue(cat.difficult());
    assertEquals("Left", cat.pose());

    Path skipped = dir.resolve("skipped.csv");
    Run s =
        run("csv", "--input", voc.toString(), "--output", skipped.toString(), "--skip-difficult");
    assertEquals(0, s.code(), s.err());
    assertTrue(s.err().contains("left out 1 difficult object(s)"), s.err());
    assertEquals(1, CsvAnnotationReader.defaults().read(skipped).annotations().objectCount());
  }
}
