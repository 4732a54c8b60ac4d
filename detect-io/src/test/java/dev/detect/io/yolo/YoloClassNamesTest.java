package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YoloClassNamesTest {
  static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
  @TempDir Path dir;

  Path withBom(String name, String text) throws Exception {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    byte[] all = new byte[BOM.length + body.length];
    System.arraycopy(BOM, 0, all, 0, BOM.length);
    System.arraycopy(body, 0, all, BOM.length, body.length);
    return Files.write(dir.resolve(name), all);
  }

  @Test
  void read_classesTxtWithBom_firstNameHasNoBom() throws Exception {
    // Notepad's UTF-8 files start with a BOM: it became part of class 0 ("\ufeffraccoon").
    assertEquals(
        List.of("raccoon", "dog"), YoloClassNames.read(withBom("classes.txt", "raccoon\ndog\n")));
  }

  @Test
  void read_dataYamlWithBom_isRead() throws Exception {
    assertEquals(
        List.of("raccoon", "dog"),
        YoloClassNames.read(withBom("data.yaml", "names: [raccoon, dog]\n")));
  }
}
