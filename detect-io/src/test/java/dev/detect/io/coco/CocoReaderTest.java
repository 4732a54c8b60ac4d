package dev.detect.io.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoReaderTest {
  static final Path CHESS = TestImages.DATA.resolve("coco_example/test/_annotations.coco.json");

  @Test
  void read_roboflowChess_countsMatchTheJson() throws Exception {
    ReadResult r = CocoReader.builder().build().read(CHESS);
    AnnotationSet set = r.annotations();
    assertEquals(29, set.size());
    assertEquals(376, set.objectCount());
    assertEquals(12, set.labels().size());
    // image id 27 has no annotation: kept as a negative image
    assertEquals(1, set.negativeCount());
    assertTrue(set.images().get(27).isNegative());
    assertTrue(r.warnings().isEmpty(), r.warnings().toString());
    assertEquals(countByCategoryName(CHESS), set.classCounts());
    for (ImageAnnotation image : set) {
      assertEquals(2048, image.width());
      assertEquals(1371, image.height());
    }
  }

  /** An independent count: straight from the JSON tree, category_id -> name. */
  static Map<String, Integer> countByCategoryName(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    Map<Integer, String> names = new HashMap<>();
    root.get("categories").forEach(c -> names.put(c.get("id").asInt(), c.get("name").asText()));
    Map<String, Integer> counts = new TreeMap<>();
    root.get("annotations")
        .forEach(a -> counts.merge(names.get(a.get("category_id").asInt()), 1, Integer::sum));
    return counts;
  }

  @Test
  void read_roboflowChess_convertsXywhToCorners() throws Exception {
    AnnotationSet set = CocoReader.builder().build().read(CHESS).annotations();
    // first image (id 0) and first annotation: category 13 white-rook, bbox [832, 373, 118, 187]
    ImageAnnotation first = set.images().get(0);
    assertEquals(
        "f1a24b6bb778ee11ba33687415aa84f2_jpg.rf.6e35192bbbb13f887540067e07d5d660.jpg",
        first.fileName());
    assertEquals("white-rook", first.objects().get(0).label());
    assertEquals(PixelBox.ofCorners(832, 373, 950, 560), first.objects().get(0).box());
    assertFalse(first.objects().get(0).difficult());
  }

  @Test
  void readCategories_keepsIdsAndSupercategories() throws Exception {
    List<CocoCategory> cats = CocoReader.readCategories(CHESS);
    assertEquals(14, cats.size());
    assertEquals(new CocoCategory(0, "pieces", Optional.of("none")), cats.get(0));
    assertEquals("bishop", cats.get(1).name());
    assertEquals(13, cats.get(13).id());
    LabelMap map = CocoCategory.toLabelMap(cats);
    assertEquals(13, map.size());
    assertEquals(1, map.idOf("bishop").getAsInt());
    assertEquals(13, map.idOf("white-rook").getAsInt());
    assertTrue(map.idOf("pieces").isEmpty());
  }

  @Test
  void toLabelMap_refusesAUsedIdZero() {
    List<CocoCategory> cats = List.of(CocoCategory.of(0, "cat"), CocoCategory.of(1, "dog"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> CocoCategory.toLabelMap(cats));
    assertTrue(e.getMessage().contains("LabelMap.fromLabels"), e.getMessage());
  }

  @Test
  void read_syntaxError_reportsLineAndColumn(@TempDir Path dir) throws Exception {
    Path f = write(dir, "{\n  \"images\": [\n    {\"id\": 1,, \"file_name\": \"a.jpg\"}\n  ]\n}\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertEquals(3, e.line().orElseThrow());
    assertTrue(e.column().isPresent());
    assertTrue(e.getMessage().startsWith(f + ":3:"), e.getMessage());
  }

  @Test
  void read_blankFileName_isRefusedAtTheImage(@TempDir Path dir) throws Exception {
    // Found by CocoReaderFuzzTest: IllegalArgumentException "fileName must not be blank".
    Path f =
        write(
            dir,
            "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 4, \"height\": 3},\n"
                + " {\"id\": 3, \"file_name\": \" \", \"width\": 4, \"height\": 3}],\n"
                + " \"annotations\": [], \"categories\": [{\"id\": 1, \"name\": \"cat\"}]}\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().startsWith(f + ":2:"), e.getMessage());
    assertTrue(e.getMessage().contains("'file_name' is blank"), e.getMessage());
  }

  @Test
  void read_unknownCategory_namesTheAnnotation(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir,
            minimal("{\"id\": 42, \"image_id\": 7, \"category_id\": 9, \"bbox\": [1, 2, 3, 4]}"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("annotations[0] (id 42)"), e.getMessage());
    assertTrue(e.getMessage().contains("category_id 9"), e.getMessage());
    assertEquals(4, e.line().orElseThrow());
  }

  @Test
  void read_unknownImage_namesTheAnnotation(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir,
            minimal("{\"id\": 5, \"image_id\": 8, \"category_id\": 3, \"bbox\": [1, 2, 3, 4]}"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("(id 5): image_id 8"), e.getMessage());
  }

  @Test
  void read_malformedBbox_fails(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir, minimal("{\"id\": 5, \"image_id\": 7, \"category_id\": 3, \"bbox\": [1, 2, 3]}"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("'bbox' must be [x, y, width, height]"), e.getMessage());
  }

  @Test
  void read_duplicateKey_isAnErrorNotLastOneWins(@TempDir Path dir) throws Exception {
    Path f =
        write(
            dir,
            minimal(
                "{\"id\": 5, \"image_id\": 7, \"category_id\": 3, \"category_id\": 4, \"bbox\":"
                    + " [1, 2, 3, 4]}"));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("category_id"), e.getMessage());
  }

  @Test
  void read_crowdAsDifficult_negativesKept_segmentationIgnoredWithWarning(@TempDir Path dir)
      throws Exception {
    String json =
        "{\"images\": [{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 100, \"height\": 50},\n"
            + " {\"id\": 8, \"file_name\": \"neg.jpg\", \"width\": 10, \"height\": 10}],\n"
            + "\"annotations\": [{\"id\": 1, \"image_id\": 7, \"category_id\": 3, \"bbox\": [1.5,"
            + " 2, 3, 4], \"iscrowd\": 1, \"segmentation\": {\"counts\": [1, 2], \"size\": [50,"
            + " 100]}}],\n"
            + "\"categories\": [{\"id\": 3, \"name\": \"crowd\"}]}";
    ReadResult r = CocoReader.builder().build().read(write(dir, json));
    ImageAnnotation a = r.annotations().find("a.jpg").orElseThrow();
    assertTrue(a.objects().get(0).difficult());
    assertEquals(PixelBox.ofCorners(1.5, 2, 4.5, 6), a.objects().get(0).box());
    assertTrue(r.annotations().find("neg.jpg").orElseThrow().isNegative());
    assertEquals(2, r.warnings().size(), r.warnings().toString());
    assertTrue(r.warnings().get(0).message().startsWith("1 iscrowd"));
    assertTrue(r.warnings().get(1).message().contains("segmentation"));
  }

  @Test
  void read_missingImageSize_measuresImagesOrFails(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("img/a.png"), 33, 21);
    Path f =
        write(
            dir,
            "{\"images\": [{\"id\": 1, \"file_name\": \"a.png\"}], \"annotations\": [],"
                + " \"categories\": []}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("imageDirectory"), e.getMessage());
    ImageAnnotation a =
        CocoReader.builder()
            .options(ReaderOptions.builder().imageDirectory(dir.resolve("img")).build())
            .build()
            .read(f)
            .annotations()
            .images()
            .get(0);
    assertEquals(33, a.width());
    assertEquals(21, a.height());
  }

  @Test
  void read_notCoco_saysSo(@TempDir Path dir) throws Exception {
    Path f = write(dir, "{\"a.jpg123\": {\"filename\": \"a.jpg\", \"regions\": []}}");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> CocoReader.builder().build().read(f));
    assertTrue(e.getMessage().contains("not a COCO detection file"), e.getMessage());
  }

  static String minimal(String annotation) {
    return "{\"images\": [{\"id\": 7, \"file_name\": \"a.jpg\", \"width\": 100, \"height\":"
        + " 50}],\n"
        + "\"categories\": [{\"id\": 3, \"name\": \"x\"}],\n"
        + "\"annotations\": [\n"
        + "  "
        + annotation
        + "\n]}\n";
  }

  static Path write(Path dir, String json) throws Exception {
    return Files.writeString(dir.resolve("coco.json"), json);
  }
}
