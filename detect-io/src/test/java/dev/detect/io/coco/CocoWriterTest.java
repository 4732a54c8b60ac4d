package dev.detect.io.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CocoWriterTest {

  static AnnotationSet sample() {
    return AnnotationSet.of(
        ImageAnnotation.builder("a.jpg", 200, 100)
            .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(50, 40, 150, 60)))
            .addObject(
                ObjectAnnotation.of("cat", PixelBox.ofCorners(0.5, 0, 20, 10)).withDifficult(true))
            .build(),
        ImageAnnotation.builder("b.png", 30, 30).depth(1).build());
  }

  @Test
  void write_cocoLayoutWithIdsFromOne(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.json");
    WriteResult r = CocoWriter.builder().build().write(sample(), out);
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertEquals(2, root.get("images").size());
    assertEquals(1, root.get("images").get(0).get("id").asInt());
    assertEquals("b.png", root.get("images").get(1).get("file_name").asText());
    JsonNode dog = root.get("annotations").get(0);
    assertEquals(
        "{\"id\":1,\"image_id\":1,\"category_id\":2,\"bbox\":[50,40,100,20],"
            + "\"area\":2000,\"segmentation\":[],\"iscrowd\":0}",
        dog.toString());
    JsonNode cat = root.get("annotations").get(1);
    assertEquals("[0.5,0,19.5,10]", cat.get("bbox").toString());
    assertEquals(1, cat.get("iscrowd").asInt());
    assertEquals(
        "[{\"id\":1,\"name\":\"cat\"},{\"id\":2,\"name\":\"dog\"}]",
        root.get("categories").toString());
    assertEquals(List.of(out), r.files());
    assertEquals(2, r.objects());
    // depth 1 of b.png cannot be stored
    assertEquals(1, r.notWritten().size(), r.notWritten().toString());
    assertTrue(r.notWritten().get(0).message().contains("depth"));
    assertFalse(Files.readString(out).contains("\n  "));
  }

  @Test
  void write_withoutDifficultAsCrowd_reportsDifficult(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.json");
    WriteResult r =
        CocoWriter.builder().difficultAsCrowd(false).pretty(true).build().write(sample(), out);
    assertTrue(Files.readString(out).contains("\n  "));
    assertTrue(r.notWritten().get(0).message().startsWith("difficult flag of 1 objects"));
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertEquals(0, root.get("annotations").get(1).get("iscrowd").asInt());
  }

  @Test
  void write_labelMapIdsAreKept(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.json");
    LabelMap map = LabelMap.of(List.of(LabelMap.Item.of(5, "dog"), LabelMap.Item.of(9, "cat")));
    CocoWriter.builder().labelMap(map).build().write(sample(), out);
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertEquals(5, root.get("annotations").get(0).get("category_id").asInt());
    assertEquals(9, root.get("annotations").get(1).get("category_id").asInt());
  }

  @Test
  void write_labelMapWithDisplayNamesOnly_namesCategoriesByThem(@TempDir Path dir)
      throws Exception {
    Path out = dir.resolve("out.json");
    LabelMap map =
        LabelMap.of(
            List.of(
                new LabelMap.Item(1, "", java.util.Optional.of("dog")),
                new LabelMap.Item(2, "", java.util.Optional.of("cat"))));
    CocoWriter.builder().labelMap(map).build().write(sample(), out);
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertEquals("dog", root.get("categories").get(0).get("name").asText());
    assertEquals(2, root.get("annotations").get(1).get("category_id").asInt());
  }

  @Test
  void write_labelWithoutCategory_isRejected(@TempDir Path dir) {
    CocoWriter writer = CocoWriter.builder().categories(List.of(CocoCategory.of(1, "dog"))).build();
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> writer.write(sample(), dir.resolve("x.json")));
    assertTrue(e.getMessage().contains("[cat]"), e.getMessage());
    assertFalse(Files.exists(dir.resolve("x.json")));
  }

  @Test
  void writeThenRead_roundTripsExactly(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("out.json");
    AnnotationSet expected =
        AnnotationSet.of(
            sample().images().get(0), sample().images().get(1).toBuilder().depth(3).build());
    CocoWriter.builder().build().write(expected, out);
    assertEquals(expected, CocoReader.builder().build().read(out).annotations());
  }

  @Test
  void roboflowChess_roundTripsThroughTheWriter(@TempDir Path dir) throws Exception {
    AnnotationSet first = CocoReader.builder().build().read(CocoReaderTest.CHESS).annotations();
    List<CocoCategory> cats = CocoReader.readCategories(CocoReaderTest.CHESS);
    Path out = dir.resolve("chess.json");
    WriteResult r = CocoWriter.builder().categories(cats).build().write(first, out);
    assertTrue(r.notWritten().isEmpty(), r.notWritten().toString());
    assertEquals(first, CocoReader.builder().build().read(out).annotations());
    assertEquals(cats, CocoReader.readCategories(out));
    // same category ids per annotation as the original file
    assertEquals(categoryIds(CocoReaderTest.CHESS), categoryIds(out));
  }

  private static List<Integer> categoryIds(Path file) throws Exception {
    JsonNode root = new ObjectMapper().readTree(file.toFile());
    List<Integer> ids = new ArrayList<>();
    root.get("annotations").forEach(a -> ids.add(a.get("category_id").asInt()));
    return ids;
  }
}
