package dev.detect.io.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.WriteResult;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocWriterTest {
  static final Path DATA = VocReaderTest.DATA;

  private final VocReader reader = VocReader.defaults();
  private final VocWriter writer = VocWriter.defaults();

  /**
   * The raccoon files are labelImg output: re-writing what was read gives the same bytes for 159 of
   * 160. raccoon-37.xml says {@code verified="no"}, which an older labelImg wrote; v1.8.6 (and this
   * writer) writes no attribute for unverified images, so only its first line differs.
   */
  @Test
  void toXml_reproducesLabelImgBytesForRaccoon() throws IOException {
    List<String> differing = differingFiles(DATA.resolve("raccoon/annotations"));
    assertEquals(List.of("raccoon-37.xml"), differing);
    Path file = DATA.resolve("raccoon/annotations/raccoon-37.xml");
    String original = Files.readString(file);
    String written = writer.toXml(reader.readFile(file));
    assertEquals(original.replace("<annotation verified=\"no\">", "<annotation>"), written);
  }

  /**
   * BCCD is labelImg output too: 291 of 292 are byte-identical; BloodImage_00228.xml was written by
   * another tool (two-space indentation, {@code verified="no"}).
   */
  @Test
  void toXml_reproducesLabelImgBytesForBccd() throws IOException {
    assertEquals(List.of("BloodImage_00228.xml"), differingFiles(DATA.resolve("bccd/annotations")));
  }

  private List<String> differingFiles(Path dir) throws IOException {
    List<String> differing = new ArrayList<>();
    List<Path> files;
    try (var s = Files.list(dir)) {
      files = s.sorted().toList();
    }
    for (Path f : files) {
      byte[] written = writer.toXml(reader.readFile(f)).getBytes(StandardCharsets.UTF_8);
      if (!Arrays.equals(Files.readAllBytes(f), written)) {
        differing.add(f.getFileName().toString());
      }
    }
    return differing;
  }

  @Test
  void write_thenRead_givesTheSameSet(@TempDir Path out) throws IOException {
    for (String dataset : List.of("raccoon/annotations", "bccd/annotations")) {
      AnnotationSet original = reader.read(DATA.resolve(dataset)).annotations();
      Path target = out.resolve(dataset.replace('/', '_'));
      WriteResult result = writer.write(original, target);
      assertEquals(original.size(), result.files().size());
      assertEquals(original.objectCount(), result.objects());
      assertEquals(original, reader.read(target).annotations());
    }
  }

  @Test
  void write_floatCoordinatesSurviveAndWriteShortest(@TempDir Path out) throws IOException {
    Path vott =
        DATA.resolve(
            "voc_edge_cases/vott_float_coords_png_named_jpg/dayride_type1_001.mp4#t=1094.xml");
    AnnotationSet original = reader.read(vott).annotations();
    writer.write(original, out);
    String xml = Files.readString(out.resolve("dayride_type1_001.mp4#t=1094.xml"));
    assertTrue(xml.contains("\t\t\t<xmin>0</xmin>\n"), xml);
    assertTrue(xml.contains("\t\t\t<ymin>369.8360655737705</ymin>\n"), xml);
    assertEquals(original, reader.read(out).annotations());
  }

  @Test
  void toXml_negativeImageAndEscapedText() {
    ImageAnnotation image =
        ImageAnnotation.builder("a&b.jpg", 10, 20)
            .depth(1)
            .verified(true)
            .addObject(
                new ObjectAnnotation(
                    "<cat> & \"dog\"", PixelBox.ofCorners(1.5, 2, 3, 4), true, false, ""))
            .build();
    String expected =
        "<annotation verified=\"yes\">\n"
            + "\t<folder/>\n"
            + "\t<filename>a&amp;b.jpg</filename>\n"
            + "\t<path>a&amp;b.jpg</path>\n"
            + "\t<source>\n\t\t<database>Unknown</database>\n\t</source>\n"
            + "\t<size>\n\t\t<width>10</width>\n\t\t<height>20</height>\n\t\t<depth>1</depth>\n"
            + "\t</size>\n\t<segmented>0</segmented>\n"
            + "\t<object>\n\t\t<name>&lt;cat&gt; &amp; \"dog\"</name>\n\t\t<pose/>\n"
            + "\t\t<truncated>0</truncated>\n\t\t<difficult>1</difficult>\n\t\t<bndbox>\n"
            + "\t\t\t<xmin>1.5</xmin>\n\t\t\t<ymin>2</ymin>\n\t\t\t<xmax>3</xmax>\n"
            + "\t\t\t<ymax>4</ymax>\n\t\t</bndbox>\n\t</object>\n"
            + "</annotation>\n";
    assertEquals(expected, writer.toXml(image));
    String negative = writer.toXml(ImageAnnotation.builder("n.jpg", 1, 1).build());
    assertTrue(negative.endsWith("\t<segmented>0</segmented>\n</annotation>\n"), negative);
  }

  @Test
  void write_twoImagesWithOneBaseName_isRefusedBeforeWriting(@TempDir Path out) {
    AnnotationSet set =
        AnnotationSet.of(
            ImageAnnotation.builder("a.jpg", 1, 1).build(),
            ImageAnnotation.builder("a.png", 1, 1).build());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> writer.write(set, out));
    assertTrue(e.getMessage().contains("a.xml"), e.getMessage());
    assertEquals(0, out.toFile().list().length);
  }

  @Test
  void toXml_refusesCharactersXmlCannotHold() {
    ImageAnnotation image = ImageAnnotation.builder("bell\u0007.jpg", 1, 1).build();
    assertThrows(IllegalArgumentException.class, () -> writer.toXml(image));
  }

  @Test
  void xmlFileName_usesTheImageBaseName() {
    assertEquals("raccoon-1.xml", VocWriter.xmlFileName("raccoon-1.jpg"));
    assertEquals("b.xml", VocWriter.xmlFileName("sub/b.jpeg"));
    assertEquals("x.mp4#t=1.xml", VocWriter.xmlFileName("x.mp4#t=1.jpg"));
  }
}
