package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.testing.HostileImages;
import java.awt.image.BufferedImage;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** Hostile encoded images: decoded correctly or refused naming the source, never a crash. */
class ImageDecoderHostileTest {
  private static DatasetFormatException refused(byte[] bytes, long maxPixels) {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> ImageDecoder.decode(bytes, "src#3", maxPixels));
    assertTrue(e.getMessage().startsWith("src#3"), e.getMessage());
    return e;
  }

  @Test
  void decode_zeroBytes_isRefused() {
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageDecoder.decode(new byte[0], "z"));
    assertTrue(e.getMessage().contains("(empty)"), e.getMessage());
  }

  @Test
  void decode_jpegCutInHalf_isRefusedNotFilledWithGray() throws Exception {
    byte[] full = HostileImages.jpeg(64, 48);
    DatasetFormatException e = refused(Arrays.copyOf(full, full.length / 2), 1_000_000);
    assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
  }

  @Test
  void decode_pngWithoutItsEnd_isRefused() throws Exception {
    byte[] full =
        HostileImages.encode(new BufferedImage(30, 20, BufferedImage.TYPE_INT_RGB), "png");
    assertTrue(
        refused(Arrays.copyOf(full, full.length - 12), 1_000_000)
            .getMessage()
            .contains("truncated PNG"));
  }

  @Test
  void decode_decompressionBomb_isRefusedBeforeAllocatingPixels() {
    byte[] bomb = HostileImages.pngBomb(100_000, 100_000);
    DatasetFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () ->
                assertThrows(
                    DatasetFormatException.class, () -> ImageDecoder.decode(bomb, "bomb.png")));
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 100000000"), e.getMessage());
  }

  @Test
  void decode_pixelLimit_isConfigurableAndCappedByJavaArrays() throws Exception {
    byte[] png = HostileImages.encode(new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB), "png");
    assertTrue(refused(png, 199).getMessage().contains("limit of 199"));
    assertEquals(20, ImageDecoder.decode(png, "p", 200).width());
    // 50000 x 50000 = 2.5e9 pixels can never fit one float[]: refused even with no limit.
    assertTrue(
        refused(HostileImages.pngBomb(50_000, 50_000), Long.MAX_VALUE)
            .getMessage()
            .contains("limit"));
    assertThrows(IllegalArgumentException.class, () -> ImageDecoder.decode(png, "p", 0));
  }

  @Test
  void decode_onePixelImages_decode() throws Exception {
    BufferedImage one = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
    one.setRGB(0, 0, 0x102030);
    ImageBoxes png = ImageDecoder.decode(HostileImages.encode(one, "png"), "1.png");
    assertEquals(1, png.width());
    assertEquals(1, png.height());
    assertEquals(3, png.pixels().length);
    assertEquals(0x10, (int) png.pixels()[0]);
    assertEquals(1, ImageDecoder.decode(HostileImages.encode(one, "jpeg"), "1.jpg").width());
  }
}
