package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.testing.HostileImages;
import dev.detect.io.image.ImageHeaders;
import dev.detect.train.TinyModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Detector refuses hostile encoded images before decoding them, naming the file. */
class DetectorHostileImagesTest {
  @TempDir Path dir;

  @Test
  void options_maxImagePixels_defaultsToTheSharedLimitAndIsValidated() {
    assertEquals(ImageHeaders.DEFAULT_MAX_PIXELS, DetectorOptions.DEFAULT.maxImagePixels());
    DetectorOptions small = DetectorOptions.builder().maxImagePixels(10).build();
    assertEquals(10, small.toBuilder().build().maxImagePixels());
    assertThrows(
        IllegalArgumentException.class, () -> DetectorOptions.builder().maxImagePixels(0).build());
  }

  @Test
  @Tag("slow")
  void detect_bombTruncatedAndEmptyImages_areRefusedNamingTheFile() throws Exception {
    Path export = tinyExport();
    ByteArrayOutputStream jpeg = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(160, 120, BufferedImage.TYPE_INT_RGB), "jpeg", jpeg);
    byte[] full = jpeg.toByteArray();
    Path bomb = Files.write(dir.resolve("bomb.png"), HostileImages.pngBomb(100_000, 100_000));
    Path cut = Files.write(dir.resolve("cut.jpg"), Arrays.copyOf(full, full.length / 2));
    Path empty = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    Path ok = Files.write(dir.resolve("ok.jpg"), full);
    try (Detector d =
        Detector.load(export, DetectorOptions.builder().maxImagePixels(19_200).build())) {
      for (Path p : List.of(bomb, cut, empty)) {
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> d.detect(p));
        assertTrue(e.getMessage().startsWith(p.toString()), e.getMessage());
      }
      assertTrue(
          assertThrows(DatasetFormatException.class, () -> d.detect(Files.readAllBytes(bomb)))
              .getMessage()
              .contains("100000x100000"));
      d.detect(ok); // exactly 160 x 120 = 19200 pixels: at the limit, accepted
    }
    try (Detector d =
        Detector.load(export, DetectorOptions.builder().maxImagePixels(19_199).build())) {
      assertThrows(DatasetFormatException.class, () -> d.detect(ok));
    }
  }

  private Path tinyExport() throws Exception {
    return TinyModels.export(dir, 1);
  }
}
