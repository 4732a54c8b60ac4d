package dev.detect.io.image;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.testing.HostileImages;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile and odd image files: each is read correctly or refused with the file named. */
class ImageHeadersHostileTest {
  @TempDir Path dir;

  @Test
  void read_zeroByteFile_isRefusedAsEmpty() throws Exception {
    Path f = Files.write(dir.resolve("empty.jpg"), new byte[0]);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(f));
    assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("empty file"), e.getMessage());
  }

  @Test
  void read_pngNamedJpg_isSniffedAsPng() throws Exception {
    Path f = Files.write(dir.resolve("photo.jpg"), HostileImages.png(5, 4));
    ImageInfo info = ImageHeaders.read(f);
    assertEquals(ImageFormat.PNG, info.format());
    assertEquals("png", info.format().odApiName());
  }

  @Test
  void read_onePixelImages_areRead() throws Exception {
    ImageInfo jpeg = ImageHeaders.read(HostileImages.jpeg(1, 1), "1.jpg");
    ImageInfo png = ImageHeaders.read(HostileImages.png(1, 1), "1.png");
    assertEquals(1, jpeg.width());
    assertEquals(1, jpeg.height());
    assertEquals(1, png.pixels());
    assertDoesNotThrow(() -> ImageHeaders.checkComplete(HostileImages.jpeg(1, 1), jpeg, "1.jpg"));
  }

  @Test
  void read_sixteenBitPng_givesSizeAndOneChannel() throws Exception {
    ImageInfo info = ImageHeaders.read(HostileImages.png16(7, 3), "g16.png");
    assertEquals(7, info.width());
    assertEquals(1, info.channels());
  }

  @Test
  void read_cmykJpeg_givesFourChannels() throws Exception {
    ImageInfo info = ImageHeaders.read(HostileImages.cmykJpeg(6, 5, 0, 0, 0, 0), "cmyk.jpg");
    assertEquals(6, info.width());
    assertEquals(5, info.height());
    assertEquals(4, info.channels());
  }

  @Test
  void checkPixels_refusesADecompressionBombFromItsHeader() throws Exception {
    byte[] bomb = HostileImages.pngBomb(100_000, 100_000);
    assertTrue(bomb.length < 200, "bomb is " + bomb.length + " bytes");
    ImageInfo info = ImageHeaders.read(bomb, "bomb.png");
    assertEquals(10_000_000_000L, info.pixels());
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> ImageHeaders.checkPixels(info, ImageHeaders.DEFAULT_MAX_PIXELS, "bomb.png"));
    assertTrue(e.getMessage().startsWith("bomb.png"), e.getMessage());
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 100000000"), e.getMessage());
    assertDoesNotThrow(() -> ImageHeaders.checkPixels(info, 10_000_000_000L, "bomb.png"));
  }

  @Test
  void checkComplete_refusesAJpegCutInHalf() throws Exception {
    byte[] cut = HostileImages.truncatedJpeg();
    ImageInfo info = ImageHeaders.read(cut, "cut.jpg");
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> ImageHeaders.checkComplete(cut, info, "cut.jpg"));
    assertTrue(e.getMessage().startsWith("cut.jpg"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
  }

  @Test
  void checkComplete_refusesAPngWithoutIend() throws Exception {
    byte[] full = HostileImages.png(30, 20);
    byte[] cut = java.util.Arrays.copyOf(full, full.length - 12);
    ImageInfo info = ImageHeaders.read(cut, "cut.png");
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> ImageHeaders.checkComplete(cut, info, "cut.png"));
    assertTrue(e.getMessage().contains("no IEND chunk"), e.getMessage());
    assertDoesNotThrow(
        () -> ImageHeaders.checkComplete(full, ImageHeaders.read(full, "p.png"), "p.png"));
  }

  @Test
  void checkComplete_acceptsJpegWithTrailingBytesAfterTheEnd() throws Exception {
    byte[] full = HostileImages.jpeg(16, 16);
    byte[] padded = java.util.Arrays.copyOf(full, full.length + 100);
    assertDoesNotThrow(
        () -> ImageHeaders.checkComplete(padded, ImageHeaders.read(padded, "p.jpg"), "p.jpg"));
  }

  @Test
  void read_headerOnlyJpeg_isRefusedAsTruncated() {
    byte[] head = java.util.Arrays.copyOf(HostileImages.jpeg(8, 8), 3);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(head, "h.jpg"));
    assertTrue(e.getMessage().contains("truncated or corrupt JPEG"), e.getMessage());
  }

  /** A valid PNG whose IHDR bytes (here the width) no longer match the IHDR CRC. */
  static byte[] pngWithBadIhdrCrc() {
    byte[] png = HostileImages.png(30, 20);
    png[19] ^= 1;
    return png;
  }

  @Test
  void read_pngWithBadIhdrCrc_isRefusedAsLibpngDoes() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> ImageHeaders.read(pngWithBadIhdrCrc(), "c.png"));
    assertTrue(e.getMessage().startsWith("c.png"), e.getMessage());
    assertTrue(e.getMessage().contains("IHDR CRC"), e.getMessage());
  }

  @Test
  void read_pngWithInvalidIhdrFields_isRefused() {
    assertIhdrRefused(24, 3, "bit depth 3");
    assertIhdrRefused(25, 5, "colour type 5");
    assertIhdrRefused(26, 1, "compression/filter/interlace method 1/0/0");
    assertIhdrRefused(28, 2, "compression/filter/interlace method 0/0/2");
  }

  private static void assertIhdrRefused(int offset, int value, String reason) {
    byte[] png = HostileImages.png(3, 2);
    png[offset] = (byte) value;
    java.util.zip.CRC32 crc = new java.util.zip.CRC32();
    crc.update(png, 12, 17);
    java.nio.ByteBuffer.wrap(png).putInt(29, (int) crc.getValue());
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(png, "f.png"));
    assertTrue(e.getMessage().contains(reason), e.getMessage());
  }

  /** The byte offset of the first SOF0 marker of a baseline JPEG. */
  static int sof0(byte[] jpeg) {
    int i = 2;
    while ((jpeg[i + 1] & 0xFF) != 0xC0) {
      i += 2 + (((jpeg[i + 2] & 0xFF) << 8) | (jpeg[i + 3] & 0xFF));
    }
    return i;
  }

  @Test
  void read_jpegEndingInsideItsFrameHeader_isRefused() {
    byte[] full = HostileImages.jpeg(8, 8);
    byte[] cut = java.util.Arrays.copyOf(full, sof0(full) + 12);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(cut, "s.jpg"));
    assertTrue(e.getMessage().contains("ends inside the frame header (SOF)"), e.getMessage());
  }

  @Test
  void read_jpegFrameHeaderShorterThanItsComponents_isRefused() {
    byte[] jpeg = HostileImages.jpeg(8, 8);
    int sof = sof0(jpeg);
    jpeg[sof + 3] = 11;
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> ImageHeaders.read(jpeg, "l.jpg"));
    assertTrue(e.getMessage().startsWith("l.jpg"), e.getMessage());
    assertTrue(e.getMessage().contains("has length 11 for 3 component(s)"), e.getMessage());
  }
}
