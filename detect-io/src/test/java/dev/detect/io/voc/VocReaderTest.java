package dev.detect.io.voc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VocReaderTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path EDGE = DATA.resolve("voc_edge_cases");

  private final VocReader reader = VocReader.defaults();

  @Test
  void read_raccoonFolder_hasAll160ImagesAnd173Objects() throws IOException {
    ReadResult result = reader.read(DATA.resolve("raccoon/annotations"));
    AnnotationSet set = result.annotations();
    assertEquals(160, result.filesRead());
    assertEquals(160, set.size());
    assertEquals(173, set.objectCount());
    assertEquals(Map.of("raccoon", 173), set.classCounts());
    assertEquals(List.of(), result.warnings());
    assertEquals(
        "160 files, 160 images, 173 objects, 1 classes, 0 negative images, 0 warnings",
        result.summary());
    ImageAnnotation first = set.find("raccoon-1.jpg").orElseThrow();
    assertEquals(650, first.width());
    assertEquals(417, first.height());
    assertEquals(3, first.depth());
    assertTrue(first.verified());
    assertEquals(Optional.of("images"), first.folder());
    assertEquals(Optional.of("/Users/datitran/Desktop/raccoon/images/raccoon-1.jpg"), first.path());
    assertEquals(
        List.of(ObjectAnnotation.of("raccoon", PixelBox.ofCorners(81, 88, 522, 408))),
        first.objects());
    assertFalse(set.find("raccoon-37.jpg").orElseThrow().verified(), "verified=\"no\"");
    long truncated =
        set.images().stream().flatMap(i -> i.objects().stream()).filter(o -> o.truncated()).count();
    assertEquals(48, truncated, "grep -c '<truncated>1' over raccoon/annotations");
  }

  @Test
  void read_raccoonFolder_isSortedByXmlFileName() throws IOException {
    List<String> names =
        reader.read(DATA.resolve("raccoon/annotations")).annotations().images().stream()
            .map(i -> i.fileName().replace(".jpg", ".xml"))
            .toList();
    assertEquals(names.stream().sorted().toList(), names);
  }

  @Test
  void read_bccdFolder_has3943ObjectsInThreeClasses() throws IOException {
    ReadResult result = reader.read(DATA.resolve("bccd/annotations"));
    assertEquals(292, result.annotations().size());
    assertEquals(3943, result.annotations().objectCount());
    assertEquals(
        Map.of("RBC", 3350, "WBC", 301, "Platelets", 292), result.annotations().classCounts());
    assertEquals(List.of(), result.warnings());
    long truncated =
        result.annotations().images().stream()
            .flatMap(i -> i.objects().stream())
            .filter(ObjectAnnotation::truncated)
            .count();
    assertEquals(896, truncated, "grep -c '<truncated>1' over bccd/annotations");
  }

  @Test
  void read_everyEdgeCaseFile_readsOrIsRefusedForItsMissingImage() throws IOException {
    List<Path> xmls;
    try (Stream<Path> s = Files.walk(EDGE)) {
      xmls = s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }
    assertEquals(11, xmls.size());
    TreeSet<String> refused = new TreeSet<>();
    for (Path xml : xmls) {
      try {
        ReadResult r = reader.read(xml);
        assertEquals(1, r.annotations().size(), xml.toString());
      } catch (DatasetFormatException e) {
        // The two hand-written datumaro files have no <size> and their images are not in the repo:
        // the size is unknowable, so they are refused, naming the image paths tried.
        assertTrue(e.getMessage().contains("has no <size>"), e.getMessage());
        assertTrue(e.getMessage().contains("tried"), e.getMessage());
        assertTrue(e.getMessage().startsWith(xml.toString()), e.getMessage());
        refused.add(xml.getFileName().toString());
      }
    }
    assertEquals(new TreeSet<>(List.of("@.xml", "a.xml")), refused);
  }

  @Test
  void read_depthOneGrayscale() throws IOException {
    ImageAnnotation image = one(EDGE.resolve("depth1_grayscale/raccoon-150.xml"));
    assertEquals(1, image.depth());
    assertEquals(275, image.width());
  }

  @Test
  void read_keepsZeroAreaBoxForValidationToReport() throws IOException {
    ImageAnnotation image = one(EDGE.resolve("zero_area_box/BloodImage_00338.xml"));
    assertEquals(14, image.objects().size());
    assertEquals(PixelBox.ofCorners(504, 337, 504, 337), image.objects().get(12).box());
  }

  @Test
  void read_windowsPathKeptVerbatim() throws IOException {
    ReadResult r = reader.read(EDGE.resolve("windows_path_uppercase_jpg/IMG_2385.xml"));
    ImageAnnotation image = r.annotations().images().get(0);
    assertEquals("IMG_2385.JPG", image.fileName());
    assertEquals(Optional.of("C:\\tensorflow_cards\\train\\IMG_2385.JPG"), image.path());
    assertEquals(List.of(), r.warnings());
  }

  @Test
  void read_acceptsFloatCoordinatesLosslessly() throws IOException {
    ImageAnnotation image =
        one(EDGE.resolve("vott_float_coords_png_named_jpg/nightride_type3_001.mp4#t=715.xml"));
    assertTrue(image.verified());
    assertEquals(
        PixelBox.ofCorners(
            465.28470754898194, 451.4262490194352, 644.2781766231271, 501.3934501272733),
        image.objects().get(0).box());
    assertEquals(3, image.depth(), "the XML's depth is kept, though the PNG is RGBA");
  }

  @Test
  void read_acceptsIntegerZeroMixedWithFloats() throws IOException {
    ImageAnnotation image =
        one(EDGE.resolve("vott_float_coords_png_named_jpg/dayride_type1_001.mp4#t=1094.xml"));
    assertEquals(3, image.objects().size());
    assertEquals(
        PixelBox.ofCorners(0, 369.8360655737705, 104.7406838263542, 398.3606557377049),
        image.objects().get(0).box());
  }

  @Test
  void read_filenameMismatch_usesFilenameAndWarns() throws IOException {
    ReadResult r = reader.read(EDGE.resolve("filename_mismatch/000001.xml"));
    assertEquals("000002.jpg", r.annotations().images().get(0).fileName());
    String warnings = r.warnings().toString();
    assertTrue(warnings.contains("differs from the XML file name 000001.xml"), warnings);
    assertTrue(warnings.contains("owner"), "ignored <owner> is reported: " + warnings);
  }

  @Test
  void read_minimalFile_derivesFilenameAndDefaultsDepth() throws IOException {
    ReadResult r = reader.read(EDGE.resolve("minimal_no_filename_no_depth/000005.xml"));
    ImageAnnotation image = r.annotations().images().get(0);
    assertEquals("000005.jpg", image.fileName());
    assertEquals(3, image.depth());
    assertEquals(Optional.empty(), image.path());
    assertEquals(Optional.empty(), image.folder());
    assertEquals("right", image.objects().get(0).pose());
    assertTrue(image.objects().get(0).truncated());
    assertTrue(r.warnings().toString().contains("no <filename>"), r.warnings().toString());
  }

  @Test
  void read_takesOnlyTheObjectsOwnBndboxNotAPartsOne() throws IOException {
    ReadResult r = reader.read(EDGE.resolve("parts_and_actions/2007_000001.xml"));
    ImageAnnotation image = r.annotations().images().get(0);
    assertEquals(2, image.objects().size());
    ObjectAnnotation person = image.objects().get(1);
    assertEquals("person", person.label());
    assertEquals(PixelBox.ofCorners(4, 5, 6, 7), person.box());
    assertEquals(ObjectAnnotation.UNSPECIFIED_POSE, person.pose());
    String warnings = r.warnings().toString();
    assertTrue(warnings.contains("object/part"), warnings);
    assertTrue(warnings.contains("object/actions"), warnings);
    assertTrue(warnings.contains("segmented=1"), warnings);
  }

  @Test
  void read_bndboxChildrenInAnyOrder() throws IOException {
    ImageAnnotation image = one(EDGE.resolve("bndbox_child_order/train_001.xml"));
    assertEquals(PixelBox.ofCorners(2, 1, 5, 2), image.objects().get(0).box());
    assertEquals(Optional.empty(), image.folder(), "empty <folder></folder> is absent");
  }

  @Test
  void read_noSize_readsTheImageFromTheImageDirectory(@TempDir Path dir) throws IOException {
    writeJpeg(dir.resolve("a.jpg"), 32, 24);
    writeJpeg(dir.resolve("@.jpg"), 16, 8);
    VocReader withImages =
        VocReader.builder().options(ReaderOptions.builder().imageDirectory(dir).build()).build();

    ReadResult a = withImages.read(EDGE.resolve("no_size_float_coords/a.xml"));
    ImageAnnotation image = a.annotations().images().get(0);
    assertEquals(32, image.width());
    assertEquals(24, image.height());
    assertEquals(PixelBox.ofCorners(1, 2, 4, 6), image.objects().get(0).box());
    assertEquals("background", image.objects().get(0).label());
    assertTrue(a.warnings().toString().contains("read the size 32x24"), a.warnings().toString());
    assertTrue(a.warnings().toString().contains("object/occluded"), a.warnings().toString());

    ReadResult at = withImages.read(EDGE.resolve("no_size_no_objects/@.xml"));
    assertTrue(at.annotations().images().get(0).isNegative());
    assertEquals(16, at.annotations().images().get(0).width());
  }

  @Test
  void read_zeroSizeInXml_readsTheImageAndWarns(@TempDir Path dir) throws IOException {
    writeJpeg(dir.resolve("z.jpg"), 40, 30);
    Path xml = write(dir, "z.xml", labelImg("z.jpg", "0", "0", ""));
    ReadResult r = reader.read(xml);
    assertEquals(40, r.annotations().images().get(0).width());
    assertTrue(r.warnings().toString().contains("no positive <width>/<height>"));
    Files.delete(dir.resolve("z.jpg"));
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> reader.read(xml));
    assertTrue(e.getMessage().contains(dir.resolve("z.jpg").toString()), e.getMessage());
  }

  @Test
  void read_filenameWithoutExtension_findsTheImage(@TempDir Path dir) throws IOException {
    writeJpeg(dir.resolve("cat.png"), 10, 10);
    ReadResult r = reader.read(write(dir, "cat.xml", labelImg("cat", "10", "10", "")));
    assertEquals("cat.png", r.annotations().images().get(0).fileName());
    assertTrue(r.warnings().toString().contains("has no image extension"));
  }

  @Test
  void read_emptyFlagsAreZeroAndTextIsDecoded(@TempDir Path dir) throws IOException {
    String obj =
        "<object><name>a &amp; b &#233;&#x4E2D;<![CDATA[<x>]]></name><truncated/>"
            + "<difficult></difficult><bndbox><ymax>4</ymax><xmax>3</xmax><ymin>2</ymin>"
            + "<xmin>1</xmin></bndbox></object>";
    ImageAnnotation image = one(write(dir, "e.xml", labelImg("e.jpg", "5", "5", obj)));
    ObjectAnnotation o = image.objects().get(0);
    assertEquals("a & b \u00e9\u4e2d<x>", o.label());
    assertFalse(o.truncated());
    assertFalse(o.difficult());
    assertEquals(PixelBox.ofCorners(1, 2, 3, 4), o.box());
  }

  @Test
  void read_honoursBomDeclarationAndUtf16(@TempDir Path dir) throws IOException {
    String xml =
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<!-- c -->\n"
            + labelImg("b.jpg", "5", "5", "<object><name>\u00fcber</name>" + BOX + "</object>");
    byte[] utf8 = xml.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] bom = new byte[utf8.length + 3];
    bom[0] = (byte) 0xEF;
    bom[1] = (byte) 0xBB;
    bom[2] = (byte) 0xBF;
    System.arraycopy(utf8, 0, bom, 3, utf8.length);
    Files.write(dir.resolve("b.xml"), bom);
    assertEquals("\u00fcber", one(dir.resolve("b.xml")).objects().get(0).label());
    Files.write(dir.resolve("b.xml"), xml.getBytes(java.nio.charset.StandardCharsets.UTF_16));
    assertEquals("\u00fcber", one(dir.resolve("b.xml")).objects().get(0).label());
  }

  @Test
  void read_folderIsParallelButDeterministic(@TempDir Path dir) throws IOException {
    Path raccoon = DATA.resolve("raccoon/annotations/raccoon-1.xml");
    String text = Files.readString(raccoon);
    for (int i = 0; i < 300; i++) {
      String name = "img-" + (i * 7919 % 300);
      write(dir, name + ".xml", text.replace("raccoon-1.jpg", name + ".jpg"));
    }
    List<ImageAnnotation> images = reader.read(dir).annotations().images();
    assertEquals(300, images.size());
    List<String> names = images.stream().map(ImageAnnotation::fileName).toList();
    assertEquals(names.stream().sorted().toList(), names);
    assertEquals(reader.read(dir).annotations(), reader.read(dir).annotations());
  }

  @Test
  void read_twoXmlFilesForOneImage_isAnErrorNamingBoth(@TempDir Path dir) throws IOException {
    write(dir, "a.xml", labelImg("same.jpg", "5", "5", ""));
    write(dir, "b.xml", labelImg("same.jpg", "5", "5", ""));
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> reader.read(dir));
    assertTrue(e.getMessage().contains("b.xml"), e.getMessage());
    assertTrue(e.getMessage().contains("a.xml"), e.getMessage());
  }

  @Test
  void read_emptyFolder_warns(@TempDir Path dir) throws IOException {
    ReadResult r = reader.read(dir);
    assertTrue(r.annotations().isEmpty());
    assertEquals(1, r.warnings().size());
  }

  @Test
  void readFile_returnsTheImage() throws IOException {
    ImageAnnotation image = reader.readFile(DATA.resolve("raccoon/annotations/raccoon-1.xml"));
    assertEquals("raccoon-1.jpg", image.fileName());
  }

  static final String BOX =
      "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax></bndbox>";

  /** A labelImg-like document with the given filename, size and object elements. */
  static String labelImg(String fileName, String width, String height, String objects) {
    return "<annotation>\n\t<folder>f</folder>\n\t<filename>"
        + fileName
        + "</filename>\n\t<size>\n\t\t<width>"
        + width
        + "</width>\n\t\t<height>"
        + height
        + "</height>\n\t\t<depth>3</depth>\n\t</size>\n\t"
        + objects
        + "\n</annotation>\n";
  }

  static Path write(Path dir, String name, String text) throws IOException {
    return Files.writeString(dir.resolve(name), text);
  }

  static void writeJpeg(Path file, int width, int height) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    assertTrue(ImageIO.write(img, "jpeg", file.toFile()));
  }

  private ImageAnnotation one(Path xml) throws IOException {
    AnnotationSet set = reader.read(xml).annotations();
    assertEquals(1, set.size());
    return set.images().get(0);
  }
}
