package dev.detect.io.coco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.testing.HostileImages;
import dev.detect.io.ReaderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** COCO reads an image's header when the JSON lacks its size: escapes are refused. */
class CocoReaderHostileTest {
  @TempDir Path tmp;

  @Test
  void read_sizelessImageOutsideTheFolder_isRefusedUnlessAllowed() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    for (String name : new String[] {"../secret.jpg", outside.toString(), "link.jpg"}) {
      Path json =
          Files.writeString(
              tmp.resolve("coco.json"),
              "{\"images\": [{\"id\": 1, \"file_name\": \""
                  + name
                  + "\"}],\n"
                  + " \"annotations\": [], \"categories\": []}");
      DatasetFormatException e =
          assertThrows(
              DatasetFormatException.class,
              () ->
                  CocoReader.builder()
                      .options(ReaderOptions.builder().imageDirectory(images).build())
                      .build()
                      .read(json));
      assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
      CocoReader allowed =
          CocoReader.builder()
              .options(
                  ReaderOptions.builder()
                      .imageDirectory(images)
                      .allowPathsOutsideRoot(true)
                      .build())
              .build();
      assertEquals(6, allowed.toBuilder().build().read(json).annotations().images().get(0).width());
    }
  }

  @Test
  void read_sizedImageOutsideTheFolder_isRefusedUnlessAllowed() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    for (String name : new String[] {"../secret.jpg", outside.toString(), "link.jpg"}) {
      Path json =
          Files.writeString(
              images.resolve("coco.json"),
              "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": 6, \"height\": 4},\n"
                  + " {\"id\": 2, \"file_name\": \""
                  + name
                  + "\", \"width\": 6, \"height\": 4}],\n"
                  + " \"annotations\": [], \"categories\": []}");
      for (CocoReader reader :
          new CocoReader[] {
            CocoReader.builder().build(),
            CocoReader.builder()
                .options(ReaderOptions.builder().imageDirectory(images).build())
                .build()
          }) {
        DatasetFormatException e =
            assertThrows(DatasetFormatException.class, () -> reader.read(json));
        assertTrue(e.getMessage().startsWith(json + ":2:"), e.getMessage());
        assertTrue(e.getMessage().contains("images[1]: file_name"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-outside-root"), e.getMessage());
      }
      CocoReader allowed =
          CocoReader.builder()
              .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
              .build();
      assertEquals(name, allowed.read(json).annotations().images().get(1).fileName());
    }
  }
}
