package dev.detect.io.via;

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

/** VIA reads each image's header for its size: names leading out of the folder are refused. */
class ViaReaderHostileTest {
  @TempDir Path tmp;

  @Test
  void read_imageOutsideTheFolder_isRefusedUnlessAllowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("via"));
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.createSymbolicLink(dir.resolve("link.jpg"), outside);
    for (String name : new String[] {"../secret.jpg", outside.toString(), "link.jpg"}) {
      Path json =
          Files.writeString(
              dir.resolve("via.json"),
              "{\"k\": {\"filename\": \""
                  + name
                  + "\", \"size\": 1, \"regions\": [], \"file_attributes\": {}}}");
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> ViaReader.builder().build().read(json));
      assertTrue(e.getMessage().startsWith(json.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      assertEquals(
          6,
          ViaReader.builder()
              .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
              .build()
              .toBuilder()
              .build()
              .read(json)
              .annotations()
              .images()
              .get(0)
              .width());
    }
  }
}
