package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.testing.HostileImages;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** YOLO reads each image's header for its size: images outside the dataset folder are refused. */
class YoloReaderHostileTest {
  @TempDir Path tmp;

  @Test
  void list_entriesLeadingOutOfTheListFolder_areRefusedUnlessAllowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(dir.resolve("obj.names"), "cat\n");
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.writeString(tmp.resolve("secret.txt"), "0 0.5 0.5 0.2 0.2\n");
    Files.createSymbolicLink(dir.resolve("link.jpg"), outside);
    Files.writeString(dir.resolve("link.txt"), "0 0.5 0.5 0.2 0.2\n");
    for (String entry : new String[] {"../secret.jpg", outside.toString(), "link.jpg"}) {
      Path list = Files.writeString(dir.resolve("train.txt"), entry + "\n");
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(list));
      assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
      assertEquals(
          6,
          YoloReader.builder()
              .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
              .build()
              .read(list)
              .annotations()
              .images()
              .get(0)
              .width(),
          entry);
    }
  }

  @Test
  void folder_symlinkPointingOut_isRefusedUnlessAllowed() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("labels"));
    Files.writeString(dir.resolve("classes.txt"), "cat\n");
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.createSymbolicLink(dir.resolve("a.jpg"), outside);
    Files.writeString(dir.resolve("a.txt"), "0 0.5 0.5 0.2 0.2\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(dir));
    assertTrue(e.getMessage().contains("symbolic link"), e.getMessage());
    assertEquals(
        1,
        YoloReader.builder()
            .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
            .build()
            .read(dir)
            .annotations()
            .size());
  }

  @Test
  void folder_negativeImageSymlinkedOut_isRefusedNotDroppedSilently() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("labels"));
    Files.writeString(dir.resolve("classes.txt"), "cat\n");
    Files.write(dir.resolve("a.jpg"), HostileImages.jpeg(6, 4));
    Files.writeString(dir.resolve("a.txt"), "0 0.5 0.5 0.2 0.2\n");
    Path outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Files.createSymbolicLink(dir.resolve("neg.jpg"), outside);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("neg.jpg").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("--allow-outside-root"), e.getMessage());
    assertEquals(
        2,
        YoloReader.builder()
            .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
            .build()
            .read(dir)
            .annotations()
            .size());
    ReadResult skipped = YoloReader.builder().skipMissingImages(true).build().read(dir);
    assertEquals(1, skipped.annotations().size());
    assertTrue(skipped.warnings().toString().contains("neg.jpg"), skipped.warnings().toString());
  }

  @Test
  void list_entryLeadingOut_namesTheEntryLineAndOption() throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("data"));
    Files.writeString(dir.resolve("obj.names"), "cat\n");
    Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(6, 4));
    Path list = Files.writeString(dir.resolve("train.txt"), "\n../secret.jpg\n");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> YoloReader.builder().build().read(list));
    assertTrue(e.getMessage().startsWith(list + ":2"), e.getMessage());
    assertTrue(e.getMessage().contains("list entry '../secret.jpg'"), e.getMessage());
    assertTrue(e.getMessage().contains("--allow-outside-root"), e.getMessage());
  }
}
