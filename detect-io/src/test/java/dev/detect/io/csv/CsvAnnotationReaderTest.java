package dev.detect.io.csv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReadResult;
import dev.detect.io.voc.VocReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvAnnotationReaderTest {
  static final Path DATA = CsvAnnotationWriterTest.DATA;
  static final String HEADER = "filename,width,height,class,xmin,ymin,xmax,ymax\n";

  private final CsvAnnotationReader reader = CsvAnnotationReader.defaults();

  /** What the 8 columns keep of a VOC annotation: name, size, labels and boxes. */
  static AnnotationSet csvView(AnnotationSet set) {
    return AnnotationSet.of(
        set.images().stream()
            .map(
                i ->
                    ImageAnnotation.builder(i.fileName(), i.width(), i.height())
                        .objects(
                            i.objects().stream()
                                .map(o -> ObjectAnnotation.of(o.label(), o.box()))
                                .toList())
                        .build())
            .toList());
  }

  @Test
  void read_authorsTrainLabels_matchesTheVocAnnotations() throws IOException {
    ReadResult csv = reader.read(DATA.resolve("raccoon/train_labels.csv"));
    assertEquals(160, csv.annotations().size());
    assertEquals(173, csv.annotations().objectCount());
    assertEquals(List.of(), csv.warnings());
    AnnotationSet voc =
        VocReader.defaults().read(DATA.resolve("raccoon/annotations")).annotations();
    // Same images, each with the same objects in the same order; only the image order differs.
    AnnotationSet vocView = csvView(voc);
    for (ImageAnnotation image : csv.annotations()) {
      assertEquals(vocView.find(image.fileName()).orElseThrow(), image);
    }
  }

  @Test
  void read_writeRoundTrip_ofBccd(@TempDir Path dir) throws IOException {
    AnnotationSet voc =
        csvView(VocReader.defaults().read(DATA.resolve("bccd/annotations")).annotations());
    Path csv = dir.resolve("bccd.csv");
    CsvAnnotationWriter.defaults().write(voc, csv);
    assertEquals(voc, reader.read(csv).annotations());
  }

  @Test
  void read_negativeRows_becomeNegativeImages() throws DatasetFormatException {
    AnnotationSet set =
        reader
            .parse(HEADER + "neg.jpg,640,480,,,,,\npos.jpg,2,2,a,0,0,1,1\n", "t.csv")
            .annotations();
    assertEquals(
        List.of("neg.jpg", "pos.jpg"), set.images().stream().map(i -> i.fileName()).toList());
    assertTrue(set.images().get(0).isNegative());
    assertEquals(640, set.images().get(0).width());
    AnnotationSet again =
        reader
            .parse(
                CsvAnnotationWriter.builder().keepNegatives(true).build().toCsv(set), "again.csv")
            .annotations();
    assertEquals(set, again);
  }

  @Test
  void read_negativeRowOfAnImageWithObjects_warns() throws DatasetFormatException {
    ReadResult r = reader.parse(HEADER + "p.jpg,2,2,a,0,0,1,1\np.jpg,2,2,,,,,\n", "m.csv");
    assertEquals(1, r.annotations().objectCount());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).message().startsWith("line 3:"), r.warnings().toString());
  }

  @Test
  void read_columnsByNameInAnyOrderWithExtrasCrlfBomAndQuotes() throws DatasetFormatException {
    String text =
        "\uFEFFclass,ymax,xmax,ymin,xmin,note,height,width,filename\r\n"
            + "\"b,c\",4,3,2,1,\"say \"\"hi\"\"\",10,20,\"x,y.jpg\"\r\n"
            + "\r\n"
            + "cat,8.5,7,6,5,,10,20,\"x,y.jpg\"\r\n";
    ImageAnnotation image = reader.parse(text, "o.csv").annotations().images().get(0);
    assertEquals("x,y.jpg", image.fileName());
    assertEquals(20, image.width());
    assertEquals(
        List.of(
            ObjectAnnotation.of("b,c", PixelBox.ofCorners(1, 2, 3, 4)),
            ObjectAnnotation.of("cat", PixelBox.ofCorners(5, 6, 7, 8.5))),
        image.objects());
  }

  @Test
  void read_relativeColumns_areScaledBySize() throws DatasetFormatException {
    String text =
        "filename,width,height,class,xmin_rel,xmax_rel,ymin_rel,ymax_rel\n"
            + "r.jpg,200,100,a,0.25,0.75,0.1,0.5\n";
    ImageAnnotation image = reader.parse(text, "rel.csv").annotations().images().get(0);
    assertEquals(PixelBox.ofCorners(50, 10, 150, 50), image.objects().get(0).box());
  }

  private DatasetFormatException refused(String text) {
    return assertThrows(DatasetFormatException.class, () -> reader.parse(text, "bad.csv"));
  }

  @Test
  void read_nonNumericValue_namesLineColumnAndValue() {
    DatasetFormatException e = refused(HEADER + "a.jpg,2,2,a,0,0,1,1\na.jpg,2,2,a,0,zero,1,1\n");
    assertEquals("bad.csv", e.source());
    assertEquals(Optional.of(3), e.line());
    assertTrue(e.getMessage().contains("column 'ymin' = 'zero' is not a number"), e.getMessage());
  }

  @Test
  void read_missingColumn_isRefused() {
    DatasetFormatException e = refused("filename,width,height,xmin,ymin,xmax,ymax\n");
    assertEquals(Optional.of(1), e.line());
    assertTrue(e.getMessage().contains("no column 'class'"), e.getMessage());
  }

  @Test
  void read_wrongFieldCount_isRefused() {
    DatasetFormatException e = refused(HEADER + "a.jpg,2,2,a,0,0,1\n");
    assertEquals(Optional.of(2), e.line());
    assertTrue(e.getMessage().contains("7 fields, but the header has 8"), e.getMessage());
  }

  @Test
  void read_sizeDifferingBetweenRowsOfOneImage_isRefused() {
    DatasetFormatException e = refused(HEADER + "a.jpg,2,2,a,0,0,1,1\na.jpg,3,2,a,0,0,1,1\n");
    assertEquals(Optional.of(3), e.line());
    assertTrue(e.getMessage().contains("differ from 2,2 on line 2"), e.getMessage());
  }

  @Test
  void read_zeroSizeFromViaJson_explainsTheCause() {
    DatasetFormatException e = refused(HEADER + "a.jpg,0,0,a,0,0,1,1\n");
    assertTrue(e.getMessage().contains("VIA JSON"), e.getMessage());
  }

  @Test
  void read_brokenQuotingAndEmptyFile_areRefused() {
    assertTrue(refused(HEADER + "\"a.jpg,2,2,a,0,0,1,1\n").getMessage().contains("unterminated"));
    assertTrue(refused(HEADER + "a\"b.jpg,2,2,a,0,0,1,1\n").getMessage().contains("unquoted"));
    assertTrue(refused("").getMessage().contains("empty file"));
    assertTrue(refused(HEADER + "a.jpg,2,2,,0,0,1,1\n").getMessage().contains("'class' is empty"));
  }

  @Test
  void read_notUtf8_isRefused(@TempDir Path dir) throws IOException {
    Path csv = dir.resolve("latin1.csv");
    Files.write(csv, (HEADER + "\u00e9.jpg,2,2,a,0,0,1,1\n").getBytes(StandardCharsets.ISO_8859_1));
    assertThrows(DatasetFormatException.class, () -> reader.read(csv));
  }
}
