package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.TestImages;
import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloReaderTest {
  static final Path YOLO = TestImages.DATA.resolve("yolo_example");

  @Test
  void read_yoloExampleFolder_countsClassesAndSizes() throws Exception {
    ReadResult r = YoloReader.builder().build().read(YOLO.resolve("img"));
    AnnotationSet set = r.annotations();
    assertEquals(10, set.size());
    assertEquals(35, set.objectCount());
    assertEquals(Map.of("air", 28, "bird", 7), set.classCounts());
    assertEquals(10, r.filesRead());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    for (ImageAnnotation image : set) {
      BufferedImage pixels = ImageIO.read(YOLO.resolve("img").resolve(image.fileName()).toFile());
      assertEquals(pixels.getWidth(), image.width(), image.fileName());
      assertEquals(pixels.getHeight(), image.height(), image.fileName());
    }
    // the source rounds one box of air4.jpg to 0.0003 px below the image: reported, not changed
    assertEquals(1, set.validateBoxes().size(), set.validateBoxes().toString());
    assertTrue(set.validateBoxes().get(0).toString().contains("air4.jpg object 8"));
  }

  @Test
  void read_yoloExampleFolder_convertsCentreToCorners() throws Exception {
    ImageAnnotation air1 =
        YoloReader.builder().build().read(YOLO.resolve("img")).annotations().find("air1.jpg").get();
    // air1.txt: 0 0.498437 0.479861 0.117188 0.168056
    double w = air1.width();
    double h = air1.height();
    PixelBox b = air1.objects().get(0).box();
    assertEquals("air", air1.objects().get(0).label());
    assertEquals((0.498437 - 0.117188 / 2) * w, b.xmin(), 1e-9);
    assertEquals((0.479861 - 0.168056 / 2) * h, b.ymin(), 1e-9);
    assertEquals((0.498437 + 0.117188 / 2) * w, b.xmax(), 1e-9);
    assertEquals((0.479861 + 0.168056 / 2) * h, b.ymax(), 1e-9);
  }

  @Test
  void read_labelFileNotUtf8_failsAtLineAndColumn(@TempDir Path dir) throws Exception {
    // Found by YoloReaderFuzzTest: a 0xFF byte escaped as java.nio.charset.MalformedInputException.
    Path labels = Files.createDirectories(dir.resolve("labels"));
    Files.write(
        labels.resolve("air1.jpg".replace(".jpg", ".txt")),
        "0 0.5 0.5 0.1 0.1\n0 0.5 0.\u00ff5 0.1 0.1\n".getBytes(StandardCharsets.ISO_8859_1));
    YoloReader reader =
        YoloReader.builder()
            .options(
                ReaderOptions.builder()
                    .classNames(YOLO.resolve("obj.names"))
                    .imageDirectory(YOLO.resolve("img"))
                    .build())
            .build();
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> reader.read(labels));
    assertTrue(
        e.getMessage().contains("air1.txt:2:9: byte 0xff at byte offset 26"), e.getMessage());
  }

  @Test
  void read_classNamesNotUtf8_failsNamingTheFile(@TempDir Path dir) throws Exception {
    Path names = dir.resolve("obj.names");
    Files.write(names, new byte[] {'a', 'i', 'r', '\n', (byte) 0xC3, '(', '\n'});
    YoloReader reader =
        YoloReader.builder()
            .options(
                ReaderOptions.builder()
                    .classNames(names)
                    .imageDirectory(YOLO.resolve("img"))
                    .build())
            .build();
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> reader.read(YOLO.resolve("img")));
    assertTrue(e.getMessage().startsWith(names + ":2:1: byte 0xc3"), e.getMessage());
  }

  @Test
  void read_blankNameInDataYaml_isRefused(@TempDir Path dir) throws Exception {
    // Found by YoloReaderFuzzTest: IllegalArgumentException "label must not be blank".
    Path yaml = Files.writeString(dir.resolve("data.yaml"), "names:\n  - air\n  -\n");
    YoloReader reader =
        YoloReader.builder()
            .options(
                ReaderOptions.builder()
                    .classNames(yaml)
                    .imageDirectory(YOLO.resolve("img"))
                    .build())
            .build();
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> reader.read(YOLO.resolve("img")));
    assertTrue(e.getMessage().startsWith(yaml + ":3: names[1] is empty"), e.getMessage());
  }

  @Test
  void read_trainListWithMissingImage_failsNamingListLineAndImage() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> YoloReader.builder().build().read(YOLO.resolve("train.txt")));
    assertTrue(e.getMessage().contains("train.txt:7"), e.getMessage());
    assertTrue(e.getMessage().contains("data/img/air7.jpg"), e.getMessage());
    assertTrue(e.getMessage().contains("skipMissingImages"), e.getMessage());
  }

  @Test
  void read_trainListElsewhere_resolvesItsPathsAgainstTheImageDirectory(@TempDir Path dir)
      throws Exception {
    Path list = Files.copy(YOLO.resolve("train.txt"), dir.resolve("train.txt"));
    Files.copy(YOLO.resolve("obj.names"), dir.resolve("obj.names"));
    assertThrows( // nothing beside the copied list
        DatasetFormatException.class,
        () -> YoloReader.builder().skipMissingImages(false).build().read(list));
    ReadResult r =
        YoloReader.builder()
            .options(ReaderOptions.builder().imageDirectory(YOLO.resolve("img")).build())
            .skipMissingImages(true)
            .build()
            .read(list);
    ReadResult inPlace =
        YoloReader.builder().skipMissingImages(true).build().read(YOLO.resolve("train.txt"));
    assertEquals(10, r.annotations().size());
    assertEquals(inPlace.annotations().objectCount(), r.annotations().objectCount());
    assertEquals(
        inPlace.annotations().find("air1.jpg").orElseThrow().toBuilder().path(null).build(),
        r.annotations().find("air1.jpg").orElseThrow().toBuilder().path(null).build());
  }

  @Test
  void read_trainListSkippingMissingImages_warnsAndReadsTheRest() throws Exception {
    ReadResult r =
        YoloReader.builder().skipMissingImages(true).build().read(YOLO.resolve("train.txt"));
    assertEquals(10, r.annotations().size());
    assertEquals(35, r.annotations().objectCount());
    assertEquals(1, r.warnings().size());
    assertTrue(r.warnings().get(0).toString().contains("air7.jpg"), r.warnings().toString());
    ImageAnnotation air1 = r.annotations().find("air1.jpg").orElseThrow();
    assertTrue(air1.path().orElseThrow().endsWith("air1.jpg"));
    // same boxes as the folder read, apart from the recorded path
    ImageAnnotation fromFolder =
        YoloReader.builder().build().read(YOLO.resolve("img")).annotations().find("air1.jpg").get();
    assertEquals(fromFolder, air1.toBuilder().path(null).build());
  }

  @Test
  void read_toleratesCrlfBlankLinesAndTrailingWhitespace(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("a.png"), 200, 100);
    Files.writeString(dir.resolve("classes.txt"), "cat\r\ndog\r\n\r\n");
    Files.writeString(
        dir.resolve("a.txt"), "\r\n1 0.5 0.5 0.5 0.2  \t\r\n\r\n0 0.25 0.25 0.1 0.1\r\n");
    AnnotationSet set = YoloReader.builder().build().read(dir).annotations();
    ImageAnnotation a = set.find("a.png").orElseThrow();
    assertEquals(2, a.objects().size());
    assertEquals("dog", a.objects().get(0).label());
    assertEquals(PixelBox.ofCorners(50, 40, 150, 60), a.objects().get(0).box());
    assertEquals("cat", a.objects().get(1).label());
  }

  @Test
  void read_imageWithoutOrWithEmptyLabelFile_isNegative(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("none.jpg"), 20, 10);
    TestImages.write(dir.resolve("empty.jpg"), 20, 10);
    Files.writeString(dir.resolve("empty.txt"), "");
    Files.writeString(dir.resolve("classes.txt"), "x\n");
    AnnotationSet set = YoloReader.builder().build().read(dir).annotations();
    assertEquals(
        List.of("empty.jpg", "none.jpg"),
        set.images().stream().map(ImageAnnotation::fileName).toList());
    assertEquals(2, set.negativeCount());
  }

  @Test
  void read_classIndexOutOfRange_namesFileLineAndValue(@TempDir Path dir) throws Exception {
    DatasetFormatException e = readBadLine(dir, "0 0.5 0.5 0.1 0.1\n2 0.5 0.5 0.1 0.1\n");
    assertTrue(e.getMessage().contains("a.txt:2"), e.getMessage());
    assertTrue(e.getMessage().contains("class index 2 is out of range"), e.getMessage());
  }

  @Test
  void read_wrongFieldCount_fails(@TempDir Path dir) throws Exception {
    DatasetFormatException e = readBadLine(dir, "0 0.5 0.5 0.1\n");
    assertTrue(e.getMessage().contains("a.txt:1"), e.getMessage());
    assertTrue(e.getMessage().contains("4 fields"), e.getMessage());
  }

  @Test
  void read_nonNumericValue_fails(@TempDir Path dir) throws Exception {
    DatasetFormatException e = readBadLine(dir, "0 0.5 abc 0.1 0.1\n");
    assertTrue(e.getMessage().contains("'abc' of field 'cy'"), e.getMessage());
    e = readBadLine(dir, "zero 0.5 0.5 0.1 0.1\n");
    assertTrue(e.getMessage().contains("class index 'zero'"), e.getMessage());
  }

  @Test
  void read_pixelValuesInsteadOfNormalized_failOutsideTolerance(@TempDir Path dir)
      throws Exception {
    DatasetFormatException e = readBadLine(dir, "0 120 0.5 0.1 0.1\n");
    assertEquals(1, e.line().orElseThrow());
    assertTrue(
        e.getMessage().contains("value 120 of field 'cx' is outside [0, 1]"), e.getMessage());
    // within the default tolerance: accepted as written
    Files.writeString(dir.resolve("a.txt"), "0 0.5 0.5 1.004 0.1\n");
    assertEquals(1, YoloReader.builder().build().read(dir).annotations().objectCount());
  }

  @Test
  void read_noClassFile_failsSayingWhereItLooked(@TempDir Path dir) throws Exception {
    Path labels = Files.createDirectories(dir.resolve("labels"));
    TestImages.write(labels.resolve("a.jpg"), 10, 10);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(labels));
    assertTrue(e.getMessage().contains("classes.txt"), e.getMessage());
    assertTrue(e.getMessage().contains("classNames(path)"), e.getMessage());
    assertTrue(e.getMessage().contains("--class-names FILE"), e.getMessage());
  }

  @Test
  void read_labelWithoutImage_failsOrWarns(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("classes.txt"), "x\n");
    Files.writeString(dir.resolve("ghost.txt"), "0 0.5 0.5 0.1 0.1\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(dir));
    assertTrue(e.getMessage().contains("ghost"), e.getMessage());
    ReadResult r = YoloReader.builder().skipMissingImages(true).build().read(dir);
    assertEquals(0, r.annotations().size());
    assertEquals(1, r.warnings().size());
  }

  @Test
  void read_ultralyticsLayout_findsImagesBesideLabelsAndYamlNames(@TempDir Path dir)
      throws Exception {
    Files.writeString(
        dir.resolve("data.yaml"),
        "path: .\ntrain: images\nnames:\n  0: person\n  1: car # comment\n");
    Path labels = Files.createDirectories(dir.resolve("labels"));
    TestImages.write(dir.resolve("images/p.jpg"), 64, 32);
    Files.writeString(labels.resolve("p.txt"), "1 0.5 0.5 0.25 0.5\n");
    AnnotationSet set = YoloReader.builder().build().read(labels).annotations();
    ImageAnnotation p = set.find("p.jpg").orElseThrow();
    assertEquals("car", p.objects().get(0).label());
    assertEquals(PixelBox.ofCorners(24, 8, 40, 24), p.objects().get(0).box());
  }

  @Test
  void read_imageListWithImagesAndLabelsFolders_findsLabels(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("images/train/p.png"), 10, 10);
    Files.createDirectories(dir.resolve("labels/train"));
    Files.writeString(dir.resolve("labels/train/p.txt"), "0 0.5 0.5 0.2 0.2\n");
    Files.writeString(dir.resolve("obj.names"), "thing");
    Files.writeString(dir.resolve("train.txt"), "images/train/p.png\n\n");
    AnnotationSet set = YoloReader.builder().build().read(dir.resolve("train.txt")).annotations();
    assertEquals(1, set.objectCount());
    assertEquals("thing", set.images().get(0).objects().get(0).label());
  }

  @Test
  void read_explicitImageDirectoryAndClassNames(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("pics/a.jpg"), 40, 40);
    Path labels = Files.createDirectories(dir.resolve("txt"));
    Files.writeString(labels.resolve("a.txt"), "0 0.5 0.5 0.5 0.5\n");
    Files.writeString(dir.resolve("names.list"), "ball\n");
    YoloReader reader =
        YoloReader.builder()
            .options(
                ReaderOptions.builder()
                    .imageDirectory(dir.resolve("pics"))
                    .classNames(dir.resolve("names.list"))
                    .build())
            .build();
    assertEquals(
        "ball", reader.read(labels).annotations().images().get(0).objects().get(0).label());
    assertEquals(reader.options(), reader.toBuilder().build().options());
  }

  @Test
  void read_blankLineInsideClassFile_fails(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("a.jpg"), 10, 10);
    Files.writeString(dir.resolve("classes.txt"), "a\n\nb\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(dir));
    assertTrue(e.getMessage().contains("classes.txt:2"), e.getMessage());
  }

  private static DatasetFormatException readBadLine(Path dir, String content) throws Exception {
    if (!Files.exists(dir.resolve("a.jpg"))) {
      TestImages.write(dir.resolve("a.jpg"), 100, 50);
      Files.writeString(dir.resolve("classes.txt"), "a\nb\n");
    }
    Files.writeString(dir.resolve("a.txt"), content);
    return assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(dir));
  }
}
