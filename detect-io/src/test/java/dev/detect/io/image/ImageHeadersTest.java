package dev.detect.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageHeadersTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @Test
  void read_matchesImageIoSizeOnRealJpegs() throws Exception {
    Path dir = DATA.resolve("raccoon/images");
    try (var files = Files.list(dir)) {
      for (Path f : files.limit(25).toList()) {
        ImageInfo info = ImageHeaders.read(f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertEquals(ImageFormat.JPEG, info.format(), f.toString());
        assertEquals(img.getWidth(), info.width(), f.toString());
        assertEquals(img.getHeight(), info.height(), f.toString());
      }
    }
  }

  @Test
  void read_grayscaleJpegHasOneChannel() throws Exception {
    ImageInfo info =
        ImageHeaders.read(DATA.resolve("voc_edge_cases/depth1_grayscale/raccoon-150.jpg"));
    assertEquals(1, info.channels());
    assertEquals(275, info.width());
    assertEquals(183, info.height());
  }

  @Test
  void read_sniffsPngNamedJpg() throws Exception {
    try (var files = Files.list(DATA.resolve("voc_edge_cases/vott_float_coords_png_named_jpg"))) {
      Path jpg = files.filter(p -> p.toString().endsWith(".jpg")).findFirst().orElseThrow();
      ImageInfo info = ImageHeaders.read(jpg);
      assertEquals(ImageFormat.PNG, info.format());
      assertEquals(1280, info.width());
      assertEquals(720, info.height());
      assertEquals(4, info.channels());
    }
  }

  @Test
  void read_pngWrittenByImageIo(@TempDir Path tmp) throws Exception {
    BufferedImage img = new BufferedImage(37, 19, BufferedImage.TYPE_BYTE_GRAY);
    Path f = tmp.resolve("g.png");
    ImageIO.write(img, "png", f.toFile());
    ImageInfo info = ImageHeaders.read(f);
    assertEquals(new ImageInfo(ImageFormat.PNG, 37, 19, 1, 1), info);
  }

  @Test
  void read_truncatedJpegIsRejectedWithFileName(@TempDir Path tmp) throws Exception {
    BufferedImage img = new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    byte[] cut = Arrays.copyOf(out.toByteArray(), 40);
    Path f = tmp.resolve("cut.jpg");
    Files.write(f, cut);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(f));
    assertTrue(e.getMessage().contains("cut.jpg"), e.getMessage());
  }

  @Test
  void read_textFileIsNotAnImage(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("notes.jpg");
    Files.writeString(f, "hello world, not a jpeg");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(f));
    assertTrue(e.getMessage().contains("not a JPEG"), e.getMessage());
  }

  @Test
  void exifOrientation_readFromApp1() throws Exception {
    // Minimal big-endian TIFF with one IFD entry: orientation = 6.
    byte[] app1 = {
      'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0,
      6, 0, 0, 0, 0, 0, 0
    };
    assertEquals(6, Jpeg.exifOrientation(app1, 0, app1.length, 1));
  }
}
