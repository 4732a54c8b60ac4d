package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReaderOptions;
import dev.detect.io.TestImages;
import dev.detect.io.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloWriterTest {

  static AnnotationSet sample() {
    ImageAnnotation a =
        ImageAnnotation.builder("a.jpg", 200, 100)
            .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(50, 40, 150, 60)))
            .addObject(
                ObjectAnnotation.of("cat", PixelBox.ofCorners(0, 0, 20, 10)).withDifficult(true))
            .build();
    ImageAnnotation b = ImageAnnotation.builder("b.png", 30, 30).build();
    return AnnotationSet.of(a, b);
  }

  @Test
  void write_labelImgLineFormatAndClassesFile(@TempDir Path dir) throws Exception {
    WriteResult r = YoloWriter.builder().build().write(sample(), dir);
    assertEquals(
        "1 0.500000 0.500000 0.500000 0.200000\n0 0.050000 0.050000 0.100000 0.100000\n",
        Files.readString(dir.resolve("a.txt")));
    assertEquals("", Files.readString(dir.resolve("b.txt")));
    assertEquals("cat\ndog\n", Files.readString(dir.resolve("classes.txt")));
    assertEquals(3, r.files().size());
    assertEquals(2, r.images());
    assertEquals(2, r.objects());
  }

  @Test
  void write_reportsDifficultFlagAndImageSizeAsNotWritten(@TempDir Path dir) throws Exception {
    WriteResult r = YoloWriter.builder().build().write(sample(), dir);
    assertEquals(2, r.notWritten().size(), r.notWritten().toString());
    assertTrue(
        r.notWritten().get(0).message().startsWith("difficult flag of 1 objects in 1 images"),
        r.notWritten().toString());
    assertTrue(r.notWritten().get(0).message().contains("a.jpg"));
    assertTrue(r.notWritten().get(1).message().startsWith("image size and depth of 2 images"));
  }

  @Test
  void write_givenClassNames_usesTheirOrder(@TempDir Path dir) throws Exception {
    YoloWriter.builder().classNames(List.of("dog", "cat", "bird")).build().write(sample(), dir);
    assertTrue(Files.readString(dir.resolve("a.txt")).startsWith("0 0.5"));
    assertEquals("dog\ncat\nbird\n", Files.readString(dir.resolve("classes.txt")));
  }

  @Test
  void write_labelMissingFromClassNames_isRejectedBeforeWriting(@TempDir Path dir) {
    YoloWriter writer = YoloWriter.builder().classNames(List.of("dog")).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.write(sample(), dir));
    assertTrue(e.getMessage().contains("[cat]"), e.getMessage());
    assertTrue(dir.toFile().list().length == 0);
  }

  @Test
  void write_sameBaseName_isRejected(@TempDir Path dir) {
    AnnotationSet set =
        AnnotationSet.of(
            ImageAnnotation.builder("a.jpg", 10, 10).build(),
            ImageAnnotation.builder("a.png", 10, 10).build());
    assertThrows(
        IllegalArgumentException.class, () -> YoloWriter.builder().build().write(set, dir));
  }

  @Test
  void write_boxOutsideImage_isClippedAndReported(@TempDir Path dir) throws Exception {
    AnnotationSet set =
        AnnotationSet.of(
            ImageAnnotation.builder("a.jpg", 100, 100)
                .addObject(ObjectAnnotation.of("x", PixelBox.ofCorners(-10, 0, 50, 120)))
                .build());
    WriteResult r = YoloWriter.builder().build().write(set, dir);
    assertEquals("0 0.250000 0.500000 0.500000 1.000000\n", Files.readString(dir.resolve("a.txt")));
    assertTrue(r.notWritten().stream().anyMatch(w -> w.message().contains("clipped")));
  }

  @Test
  void writeThenRead_roundTripsWithImages(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("img/a.jpg"), 200, 100);
    TestImages.write(dir.resolve("img/b.png"), 30, 30);
    YoloWriter.builder().build().write(sample(), dir.resolve("labels"));
    AnnotationSet back =
        YoloReader.builder()
            .options(ReaderOptions.builder().imageDirectory(dir.resolve("img")).build())
            .build()
            .read(dir.resolve("labels"))
            .annotations();
    AnnotationSet expected =
        AnnotationSet.of(
            sample().images().stream()
                .map(
                    i ->
                        i.toBuilder()
                            .objects(i.objects().stream().map(o -> o.withDifficult(false)).toList())
                            .build())
                .toList());
    assertEquals(expected, back);
  }

  @Property(tries = 200)
  void normalizedLine_roundTripsWithinOneMillionthOfTheImage(
      @ForAll @IntRange(min = 1, max = 8000) int width,
      @ForAll @IntRange(min = 1, max = 8000) int height,
      @ForAll @DoubleRange(min = 0, max = 1) double x1,
      @ForAll @DoubleRange(min = 0, max = 1) double x2,
      @ForAll @DoubleRange(min = 0, max = 1) double y1,
      @ForAll @DoubleRange(min = 0, max = 1) double y2)
      throws Exception {
    PixelBox box =
        PixelBox.ofCorners(
            Math.min(x1, x2) * width,
            Math.min(y1, y2) * height,
            Math.max(x1, x2) * width,
            Math.max(y1, y2) * height);
    ImageAnnotation image =
        ImageAnnotation.builder("p.jpg", width, height)
            .addObject(ObjectAnnotation.of("c", box))
            .build();
    Path dir = Files.createTempDirectory("yolo-prop");
    try {
      YoloWriter.builder().build().write(AnnotationSet.of(image), dir);
      PixelBox back =
          YoloLabelFile.parse(dir.resolve("p.txt"), List.of("c"), width, height, 0).get(0).box();
      assertEquals(box.xmin(), back.xmin(), 1e-6 * width);
      assertEquals(box.ymin(), back.ymin(), 1e-6 * height);
      assertEquals(box.xmax(), back.xmax(), 1e-6 * width);
      assertEquals(box.ymax(), back.ymax(), 1e-6 * height);
    } finally {
      try (var files = Files.list(dir)) {
        for (Path f : files.toList()) {
          Files.delete(f);
        }
      }
      Files.delete(dir);
    }
  }
}
