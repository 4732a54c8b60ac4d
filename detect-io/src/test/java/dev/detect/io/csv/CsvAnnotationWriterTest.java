package dev.detect.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.WriteResult;
import dev.detect.io.voc.VocReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvAnnotationWriterTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  static final ImageAnnotation NEGATIVE = ImageAnnotation.builder("neg.jpg", 640, 480).build();
  static final ImageAnnotation POSITIVE =
      ImageAnnotation.builder("pos.jpg", 650, 417)
          .addObject(ObjectAnnotation.of("raccoon", PixelBox.ofCorners(81, 88, 522, 408)))
          .addObject(ObjectAnnotation.of("b,c", PixelBox.ofCorners(1.5, 0, 2.25, 3)))
          .build();

  /** The author's train_labels.csv and our conversion of the same XML files hold the same rows. */
  @Test
  void write_raccoonAnnotations_givesTheSameRowsAsTheAuthorsCsv(@TempDir Path dir)
      throws IOException {
    AnnotationSet voc =
        VocReader.defaults().read(DATA.resolve("raccoon/annotations")).annotations();
    Path csv = dir.resolve("raccoon_labels.csv");
    WriteResult result = CsvAnnotationWriter.defaults().write(voc, csv);
    assertEquals(List.of(csv), result.files());
    assertEquals(160, result.images());
    assertEquals(173, result.objects());
    List<String> ours = Files.readAllLines(csv);
    List<String> theirs = Files.readAllLines(DATA.resolve("raccoon/train_labels.csv"));
    assertEquals(theirs.get(0), ours.get(0), "header");
    assertEquals(174, ours.size());
    assertEquals(sorted(theirs.subList(1, theirs.size())), sorted(ours.subList(1, ours.size())));
  }

  private static List<String> sorted(List<String> rows) {
    List<String> copy = new ArrayList<>(rows);
    copy.sort(null);
    return copy;
  }

  @Test
  void write_negativesAreReportedNotDropped() {
    AnnotationSet set = AnnotationSet.of(POSITIVE, NEGATIVE);
    CsvAnnotationWriter writer = CsvAnnotationWriter.defaults();
    String csv = writer.toCsv(set);
    assertEquals(
        "filename,width,height,class,xmin,ymin,xmax,ymax\n"
            + "pos.jpg,650,417,raccoon,81,88,522,408\n"
            + "pos.jpg,650,417,\"b,c\",1.5,0,2.25,3\n",
        csv);
  }

  @Test
  void write_listsNegativesInNotWritten(@TempDir Path dir) throws IOException {
    WriteResult r =
        CsvAnnotationWriter.defaults()
            .write(AnnotationSet.of(POSITIVE, NEGATIVE), dir.resolve("a.csv"));
    assertEquals(1, r.images());
    assertEquals(2, r.objects());
    assertEquals(1, r.notWritten().size());
    assertEquals("neg.jpg", r.notWritten().get(0).file());
    assertTrue(r.summary().contains("left out 1"), r.summary());
  }

  @Test
  void write_keepNegatives_writesAnEmptyClassRow(@TempDir Path dir) throws IOException {
    CsvAnnotationWriter writer = CsvAnnotationWriter.builder().keepNegatives(true).build();
    assertTrue(writer.keepNegatives());
    assertFalse(writer.toBuilder().keepNegatives(false).build().keepNegatives());
    Path csv = dir.resolve("n.csv");
    WriteResult r = writer.write(AnnotationSet.of(NEGATIVE, POSITIVE), csv);
    assertEquals(2, r.images());
    assertEquals(List.of(), r.notWritten());
    assertEquals("neg.jpg,640,480,,,,,", Files.readAllLines(csv).get(1));
  }

  @Test
  void write_quotesFieldsPerRfc4180() {
    ImageAnnotation odd =
        ImageAnnotation.builder("a \"b\",c.jpg", 2, 2)
            .addObject(ObjectAnnotation.of("line\nbreak", PixelBox.ofCorners(0, 0, 1, 1)))
            .build();
    assertEquals(
        "filename,width,height,class,xmin,ymin,xmax,ymax\n"
            + "\"a \"\"b\"\",c.jpg\",2,2,\"line\nbreak\",0,0,1,1\n",
        CsvAnnotationWriter.defaults().toCsv(AnnotationSet.of(odd)));
  }

  @Test
  void write_toAFolder_isRefused(@TempDir Path dir) {
    assertThrows(
        IllegalArgumentException.class,
        () -> CsvAnnotationWriter.defaults().write(AnnotationSet.empty(), dir));
  }

  @Test
  void write_isAtomicAndLeavesNoTemporaryFile(@TempDir Path dir) throws IOException {
    CsvAnnotationWriter.defaults().write(AnnotationSet.of(POSITIVE), dir.resolve("x.csv"));
    try (var files = Files.list(dir)) {
      assertEquals(List.of(dir.resolve("x.csv")), files.toList());
    }
  }
}
