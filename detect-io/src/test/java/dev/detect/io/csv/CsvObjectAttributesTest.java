package dev.detect.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.WriteResult;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * difficult, truncated and pose were dropped silently going to CSV, so difficult objects became
 * ordinary objects in the TFRecord and in evaluation.
 */
class CsvObjectAttributesTest {
  @TempDir Path dir;

  static final AnnotationSet VOC =
      AnnotationSet.of(
          ImageAnnotation.builder("a.jpg", 100, 80)
              .addObject(
                  new ObjectAnnotation(
                      "cat", PixelBox.ofCorners(1, 2, 30, 40), true, false, "Left"))
              .addObject(
                  new ObjectAnnotation(
                      "dog", PixelBox.ofCorners(5, 5, 50, 60), false, true, "Unspecified"))
              .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(6, 6, 20, 20)))
              .build(),
          ImageAnnotation.builder("b.jpg", 100, 80)
              .addObject(
                  new ObjectAnnotation(
                      "cat", PixelBox.ofCorners(1, 1, 9, 9), true, true, "a, \"b\""))
              .build());

  @Test
  void default_reportsEveryAttributeItCannotHold_withCountsAndFiles() throws Exception {
    WriteResult w = CsvAnnotationWriter.defaults().write(VOC, dir.resolve("all.csv"));
    String notWritten = w.notWritten().toString();
    assertEquals(3, w.notWritten().size(), notWritten);
    assertTrue(
        notWritten.contains("difficult flag of 2 objects in 2 images not written"), notWritten);
    assertTrue(notWritten.contains("truncated flag of 2 objects in 2 images"), notWritten);
    assertTrue(notWritten.contains("pose of 2 objects in 2 images"), notWritten);
    assertTrue(notWritten.contains("a.jpg, b.jpg"), notWritten);
  }

  @Test
  void objectAttributes_writesColumnsThatReadBackUnchanged() throws Exception {
    Path csv = dir.resolve("all.csv");
    WriteResult w = CsvAnnotationWriter.builder().objectAttributes(true).build().write(VOC, csv);
    assertEquals(0, w.notWritten().size(), w.notWritten().toString());
    assertTrue(
        java.nio.file.Files.readString(csv)
            .startsWith(
                "filename,width,height,class,xmin,ymin,xmax,ymax,difficult,truncated,pose\n"
                    + "a.jpg,100,80,cat,1,2,30,40,1,0,Left\n"));
    assertEquals(VOC.images(), CsvAnnotationReader.defaults().read(csv).annotations().images());
  }
}
