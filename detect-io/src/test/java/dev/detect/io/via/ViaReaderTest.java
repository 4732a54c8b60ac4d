package dev.detect.io.via;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViaReaderTest {
  @TempDir Path dir;

  @BeforeEach
  void images() {
    TestImages.write(dir.resolve("a.jpg"), 200, 100);
    TestImages.write(dir.resolve("b.png"), 50, 40);
  }

  static String rect(String label, int x, int y, int w, int h) {
    return "{\"shape_attributes\": {\"name\": \"rect\", \"x\": "
        + x
        + ", \"y\": "
        + y
        + ", \"width\": "
        + w
        + ", \"height\": "
        + h
        + "}, \"region_attributes\": {\"class\": \""
        + label
        + "\"}}";
  }

  @Test
  void read_via1RegionsKeyedByIndex() throws Exception {
    Path f =
        json(
            "{\"a.jpg1234\": {\"fileref\": \"\", \"size\": 1234, \"filename\": \"a.jpg\","
                + " \"base64_img_data\": \"\", \"file_attributes\": {}, \"regions\": {\"0\": "
                + rect("cat", 10, 20, 30, 40)
                + ", \"1\": "
                + rect("dog", 0, 0, 5, 5)
                + "}}}");
    ReadResult r = ViaReader.builder().build().read(f);
    ImageAnnotation a = r.annotations().images().get(0);
    assertEquals(200, a.width());
    assertEquals(100, a.height());
    assertEquals("cat", a.objects().get(0).label());
    assertEquals(PixelBox.ofCorners(10, 20, 40, 60), a.objects().get(0).box());
    assertEquals("dog", a.objects().get(1).label());
    assertTrue(r.warnings().isEmpty());
  }

  @Test
  void read_via2RegionListAndNegativeEntry() throws Exception {
    Path f =
        json(
            "{\"a.jpg-1\": {\"filename\": \"a.jpg\", \"size\": -1, \"regions\": ["
                + rect("cat", 1, 2, 3, 4)
                + "], \"file_attributes\": {}},"
                + " \"b.png77\": {\"filename\": \"b.png\", \"size\": 77, \"regions\": [],"
                + " \"file_attributes\": {}}}");
    AnnotationSet set = ViaReader.builder().build().read(f).annotations();
    assertEquals(
        List.of("a.jpg", "b.png"), set.images().stream().map(ImageAnnotation::fileName).toList());
    assertEquals(1, set.negativeCount());
  }

  @Test
  void read_via2ProjectFile() throws Exception {
    Path f =
        json(
            "{\"_via_settings\": {}, \"_via_attributes\": {\"region\": {}},"
                + " \"_via_data_format_version\": \"2.0.10\", \"_via_image_id_list\": [\"a.jpg9\"],"
                + " \"_via_img_metadata\": {\"a.jpg9\": {\"filename\": \"a.jpg\", \"size\": 9,"
                + " \"regions\": ["
                + rect("cat", 1, 2, 3, 4)
                + "], \"file_attributes\": {}}}}");
    assertEquals(1, ViaReader.builder().build().read(f).annotations().objectCount());
  }

  @Test
  void read_nonRectShapes_becomeBoundingBoxesWithAWarning() throws Exception {
    Path f =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": ["
                + "{\"shape_attributes\": {\"name\": \"polygon\", \"all_points_x\": [10, 50, 30],"
                + " \"all_points_y\": [5, 9, 60]}, \"region_attributes\": {\"class\": \"p\"}},"
                + "{\"shape_attributes\": {\"name\": \"circle\", \"cx\": 100, \"cy\": 50, \"r\": 10},"
                + " \"region_attributes\": {\"class\": \"c\"}},"
                + "{\"shape_attributes\": {\"name\": \"ellipse\", \"cx\": 100, \"cy\": 50, \"rx\": 20,"
                + " \"ry\": 10, \"theta\": "
                + (Math.PI / 2)
                + "}, \"region_attributes\": {\"class\": \"e\"}}"
                + "]}}");
    ReadResult r = ViaReader.builder().build().read(f);
    ImageAnnotation a = r.annotations().images().get(0);
    assertEquals(PixelBox.ofCorners(10, 5, 50, 60), a.objects().get(0).box());
    assertEquals(PixelBox.ofCorners(90, 40, 110, 60), a.objects().get(1).box());
    PixelBox e = a.objects().get(2).box();
    assertEquals(90, e.xmin(), 1e-9);
    assertEquals(30, e.ymin(), 1e-9);
    assertEquals(110, e.xmax(), 1e-9);
    assertEquals(70, e.ymax(), 1e-9);
    assertEquals(1, r.warnings().size());
    assertTrue(
        r.warnings().get(0).message().contains("{circle=1, ellipse=1, polygon=1}"),
        r.warnings().toString());
  }

  @Test
  void read_pointShapeOrConversionOff_fails() throws Exception {
    Path f =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": [{\"shape_attributes\":"
                + " {\"name\": \"point\", \"cx\": 1, \"cy\": 2}, \"region_attributes\": {\"class\":"
                + " \"p\"}}]}}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("image 'a.jpg' region 0: shape 'point'"), e.getMessage());
    Path g =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": [{\"shape_attributes\":"
                + " {\"name\": \"circle\", \"cx\": 1, \"cy\": 2, \"r\": 1}, \"region_attributes\":"
                + " {\"class\": \"p\"}}]}}");
    e =
        assertThrows(
            DatasetFormatException.class,
            () -> ViaReader.builder().convertShapes(false).build().read(g));
    assertTrue(e.getMessage().contains("convertShapes is off"), e.getMessage());
  }

  @Test
  void read_regionWithoutClass_namesImageAndRegionIndex() throws Exception {
    Path f =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": ["
                + rect("x", 1, 1, 2, 2)
                + ", {\"shape_attributes\": {\"name\": \"rect\", \"x\": 1, \"y\": 1, \"width\": 2,"
                + " \"height\": 2}, \"region_attributes\": {\"name\": \"x\"}}]}}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("image 'a.jpg' region 1: no 'class'"), e.getMessage());
    // the same file reads with the right attribute name... except region 0 lacks 'name'
    Path g =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": [{\"shape_attributes\":"
                + " {\"name\": \"rect\", \"x\": 1, \"y\": 1, \"width\": 2, \"height\": 2},"
                + " \"region_attributes\": {\"name\": \"x\"}}]}}");
    assertEquals(
        "x",
        ViaReader.builder()
            .classAttribute("name")
            .build()
            .read(g)
            .annotations()
            .images()
            .get(0)
            .objects()
            .get(0)
            .label());
  }

  @Test
  void read_checkboxClassAttribute_takesTheTickedOption() throws Exception {
    Path f =
        json(
            "{\"a\": {\"filename\": \"a.jpg\", \"regions\": [{\"shape_attributes\":"
                + " {\"name\": \"rect\", \"x\": 1, \"y\": 1, \"width\": 2, \"height\": 2},"
                + " \"region_attributes\": {\"class\": {\"cat\": false, \"dog\": true},"
                + " \"difficult\": \"yes\", \"pose\": \"Left\"}}]}}");
    var o = ViaReader.builder().build().read(f).annotations().images().get(0).objects().get(0);
    assertEquals("dog", o.label());
    assertTrue(o.difficult());
    assertEquals("Left", o.pose());
  }

  @Test
  void read_missingImage_failsOrIsSkipped() throws Exception {
    Path f =
        json(
            "{\"z\": {\"filename\": \"zzz.jpg\", \"regions\": []}, \"a\": {\"filename\":"
                + " \"a.jpg\", \"regions\": []}}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("zzz.jpg"), e.getMessage());
    ReadResult r = ViaReader.builder().skipMissingImages(true).build().read(f);
    assertEquals(1, r.annotations().size());
    assertTrue(r.warnings().get(0).message().contains("zzz.jpg"));
  }

  @Test
  void read_imageDirectoryElsewhere() throws Exception {
    Path sub = Files.createDirectories(dir.resolve("json"));
    Path f = Files.writeString(sub.resolve("via.json"), "{\"b\": {\"filename\": \"b.png\"}}");
    assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    ImageAnnotation b =
        ViaReader.builder()
            .options(ReaderOptions.builder().imageDirectory(dir).build())
            .build()
            .read(f)
            .annotations()
            .images()
            .get(0);
    assertEquals(50, b.width());
    assertEquals(40, b.height());
  }

  @Test
  void read_duplicateFileName_fails() throws Exception {
    Path f = json("{\"a.jpg1\": {\"filename\": \"a.jpg\"}, \"a.jpg2\": {\"filename\": \"a.jpg\"}}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("listed twice"), e.getMessage());
  }

  @Test
  void read_syntaxErrorAndCocoFile_areReportedClearly() throws Exception {
    Path f = json("{\n \"a\": {\"filename\": \"a.jpg\" \"regions\": []}\n}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(f));
    assertEquals(2, e.line().orElseThrow());
    Path g = json("{\"images\": [], \"annotations\": [], \"categories\": []}");
    e = assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(g));
    assertTrue(e.getMessage().contains("CocoReader"), e.getMessage());
  }

  private Path json(String text) throws Exception {
    return Files.writeString(dir.resolve("via.json"), text);
  }
}
