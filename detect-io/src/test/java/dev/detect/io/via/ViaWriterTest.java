package dev.detect.io.via;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.TestImages;
import dev.detect.io.WriteResult;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ViaWriterTest {

  static AnnotationSet sample() {
    return AnnotationSet.of(
        ImageAnnotation.builder("a.jpg", 200, 100)
            .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(50, 40, 150, 60.5)))
            .addObject(
                new ObjectAnnotation("cat", PixelBox.ofCorners(0, 0, 20, 10), true, true, "Left"))
            .build(),
        ImageAnnotation.builder("b.png", 30, 30).build());
  }

  @Test
  void write_imageOutsideTheImageFolder_isNotLookedAt(@TempDir Path dir) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    TestImages.write(dir.resolve("outside.jpg"), 20, 10);
    Path out = dir.resolve("via.json");
    ViaWriter.builder()
        .imageDirectory(images)
        .build()
        .write(AnnotationSet.of(ImageAnnotation.builder("../outside.jpg", 20, 10).build()), out);
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    assertEquals(-1, root.get("../outside.jpg-1").get("size").asLong(), root.toString());
  }

  @Test
  void write_via2LayoutWithByteSizeKeys(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("a.jpg"), 200, 100);
    long size = Files.size(dir.resolve("a.jpg"));
    Path out = dir.resolve("via.json");
    WriteResult r = ViaWriter.builder().imageDirectory(dir).build().write(sample(), out);
    JsonNode root = new ObjectMapper().readTree(out.toFile());
    JsonNode a = root.get("a.jpg" + size);
    assertEquals(size, a.get("size").asLong());
    assertEquals(
        "{\"name\":\"rect\",\"x\":50,\"y\":40,\"width\":100,\"height\":20.5}",
        a.get("regions").get(0).get("shape_attributes").toString());
    assertEquals(
        "{\"class\":\"dog\"}", a.get("regions").get(0).get("region_attributes").toString());
    assertEquals(
        "{\"class\":\"cat\",\"difficult\":\"1\",\"truncated\":\"1\",\"pose\":\"Left\"}",
        a.get("regions").get(1).get("region_attributes").toString());
    JsonNode b = root.get("b.png-1");
    assertEquals(-1, b.get("size").asInt());
    assertEquals(0, b.get("regions").size());
    assertEquals("{}", b.get("file_attributes").toString());
    assertEquals(1, r.notWritten().size(), r.notWritten().toString());
    assertTrue(r.notWritten().get(0).message().startsWith("image size and depth of 2 images"));
  }

  @Test
  void writeThenRead_roundTripsGivenTheImages(@TempDir Path dir) throws Exception {
    TestImages.write(dir.resolve("a.jpg"), 200, 100);
    TestImages.write(dir.resolve("b.png"), 30, 30);
    Path out = dir.resolve("via.json");
    ViaWriter.builder().classAttribute("label").pretty(false).build().write(sample(), out);
    AnnotationSet back =
        ViaReader.builder().classAttribute("label").build().read(out).annotations();
    assertEquals(sample(), back);
  }
}
