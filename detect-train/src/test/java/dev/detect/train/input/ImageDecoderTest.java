package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImageDecoderTest {

  static byte[] encode(BufferedImage img, String format) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, format, out);
    return out.toByteArray();
  }

  static float[] px(ImageBoxes img, int y, int x) {
    int i = (y * img.width() + x) * 3;
    return new float[] {img.pixels()[i], img.pixels()[i + 1], img.pixels()[i + 2]};
  }

  @Test
  void decode_writesNoTemporaryFiles(@TempDir Path cache) throws Exception {
    byte[] jpeg = encode(new BufferedImage(40, 30, BufferedImage.TYPE_3BYTE_BGR), "jpeg");
    byte[] png = encode(new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB), "png");
    File previous = ImageIO.getCacheDirectory();
    ImageIO.setCacheDirectory(cache.toFile());
    try (WatchService watch = cache.getFileSystem().newWatchService()) {
      cache.register(watch, StandardWatchEventKinds.ENTRY_CREATE);
      ImageDecoder.decode(jpeg, "a.jpg");
      ImageDecoder.decode(png, "a.png");
      assertEquals(null, watch.poll(300, TimeUnit.MILLISECONDS), "a decode created a file");
      // Control: ImageIO's default stream over the same bytes does create one (the watch works).
      ImageIO.createImageInputStream(new ByteArrayInputStream(jpeg)).close();
      WatchKey key = watch.poll(10, TimeUnit.SECONDS);
      assertTrue(key != null && !key.pollEvents().isEmpty(), "the control created no file");
    } finally {
      ImageIO.setCacheDirectory(previous);
    }
  }

  @Test
  void png_rgbDecodesExactly() throws Exception {
    BufferedImage img = new BufferedImage(3, 2, BufferedImage.TYPE_3BYTE_BGR);
    img.setRGB(2, 1, 0x102030);
    ImageBoxes out = ImageDecoder.decode(encode(img, "png"), "a.png");
    assertEquals(3, out.width());
    assertEquals(2, out.height());
    assertArrayEquals(new float[] {0x10, 0x20, 0x30}, px(out, 1, 2));
    assertEquals(0, out.numObjects());
  }

  @Test
  void intRgbAndAlphaImages_dropAlpha() throws Exception {
    BufferedImage argb = new BufferedImage(2, 2, BufferedImage.TYPE_INT_ARGB);
    argb.setRGB(1, 0, 0x80C86432);
    ImageBoxes out = ImageDecoder.decode(encode(argb, "png"), "a.png");
    assertArrayEquals(new float[] {0xC8, 0x64, 0x32}, px(out, 0, 1));
  }

  @Test
  void grayscale_keepsRawValuesInThreeChannels() throws Exception {
    BufferedImage gray = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_GRAY);
    gray.getRaster().setSample(1, 0, 0, 77);
    ImageBoxes png = ImageDecoder.decode(encode(gray, "png"), "g.png");
    assertArrayEquals(new float[] {77, 77, 77}, px(png, 0, 1));
    ImageBoxes jpg = ImageDecoder.decode(encode(gray, "jpg"), "g.jpg");
    float[] p = px(jpg, 0, 1);
    assertEquals(p[0], p[1]);
    assertEquals(p[1], p[2]);
  }

  @Test
  void sixteenBitGray_isScaledToEightBitRange() throws Exception {
    BufferedImage gray = new BufferedImage(1, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray.getRaster().setSample(0, 0, 0, 65535);
    assertArrayEquals(
        new float[] {255, 255, 255}, px(ImageDecoder.decode(encode(gray, "png"), "g16.png"), 0, 0));
  }

  @Test
  void palette_isExpanded() throws Exception {
    IndexColorModel cm =
        new IndexColorModel(
            2, 2, new byte[] {0, (byte) 200}, new byte[] {0, 100}, new byte[] {0, 50});
    BufferedImage img = new BufferedImage(2, 1, BufferedImage.TYPE_BYTE_BINARY, cm);
    img.getRaster().setSample(1, 0, 0, 1);
    ImageBoxes out = ImageDecoder.decode(encode(img, "png"), "p.png");
    assertArrayEquals(new float[] {200, 100, 50}, px(out, 0, 1));
    assertArrayEquals(new float[] {0, 0, 0}, px(out, 0, 0));
  }

  @Test
  void jpeg_decodesCloseToTheOriginal() throws Exception {
    BufferedImage img = new BufferedImage(16, 16, BufferedImage.TYPE_INT_RGB);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        img.setRGB(x, y, 0x3080C0);
      }
    }
    float[] p = px(ImageDecoder.decode(encode(img, "jpg"), "a.jpg"), 8, 8);
    assertArrayEquals(new float[] {0x30, 0x80, 0xC0}, p, 3f);
  }

  /** A 4-channel JPEG as Java writes it from a raster: no Adobe marker, samples are ink. */
  static byte[] cmykJpeg(int[] sample) throws IOException {
    WritableRaster r = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, 16, 16, 4, null);
    for (int y = 0; y < 16; y++) {
      for (int x = 0; x < 16; x++) {
        r.setPixel(x, y, sample);
      }
    }
    ImageWriter w = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream bos = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(bos)) {
      w.setOutput(ios);
      w.write(null, new IIOImage(r, null, null), null);
    }
    w.dispose();
    return bos.toByteArray();
  }

  @Test
  void cmykJpeg_becomesRgb() throws Exception {
    // C=0 M=255 Y=255 K=0 of ink is red.
    byte[] plain = cmykJpeg(new int[] {0, 255, 255, 0});
    assertArrayEquals(new float[] {255, 0, 0}, px(ImageDecoder.decode(plain, "c.jpg"), 8, 8), 4f);
    // With an Adobe APP14 marker the samples are inverted (255 - ink), as Photoshop writes them.
    byte[] adobe = withAdobeMarker(cmykJpeg(new int[] {255, 0, 0, 255}), 0);
    assertEquals(0, ImageDecoder.adobeTransform(adobe));
    assertArrayEquals(new float[] {255, 0, 0}, px(ImageDecoder.decode(adobe, "a.jpg"), 8, 8), 4f);
    // YCCK: the inverted C, M, Y samples stored as YCbCr of "RGB" (255, 0, 0).
    byte[] ycck = withAdobeMarker(cmykJpeg(new int[] {76, 85, 255, 255}), 2);
    assertEquals(2, ImageDecoder.adobeTransform(ycck));
    assertArrayEquals(new float[] {255, 0, 0}, px(ImageDecoder.decode(ycck, "y.jpg"), 8, 8), 6f);
  }

  static byte[] withAdobeMarker(byte[] jpeg, int transform) {
    byte[] app14 = {
      (byte) 0xff, (byte) 0xee, 0, 14, 'A', 'd', 'o', 'b', 'e', 0, 100, 0, 0, 0, 0, (byte) transform
    };
    byte[] out = new byte[jpeg.length + app14.length];
    System.arraycopy(jpeg, 0, out, 0, 2);
    System.arraycopy(app14, 0, out, 2, app14.length);
    System.arraycopy(jpeg, 2, out, 2 + app14.length, jpeg.length - 2);
    return out;
  }

  @Test
  void garbage_failsNamingTheSource() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> ImageDecoder.decode(new byte[] {1, 2, 3, 4}, "train.record#7"));
    assertTrue(e.getMessage().contains("train.record#7"), e.getMessage());
    assertTrue(e.getMessage().contains("01020304"), e.getMessage());
    DatasetFormatException t =
        assertThrows(
            DatasetFormatException.class,
            () ->
                ImageDecoder.decode(new byte[] {(byte) 0xff, (byte) 0xd8, (byte) 0xff, 0}, "x#1"));
    assertTrue(t.getMessage().contains("x#1"), t.getMessage());
  }

  @Test
  void eightBitImages_decodeToBytes_withTheValuesOfTheFloatDecode() throws Exception {
    BufferedImage bgr = new BufferedImage(5, 4, BufferedImage.TYPE_3BYTE_BGR);
    BufferedImage gray = new BufferedImage(5, 4, BufferedImage.TYPE_BYTE_GRAY);
    BufferedImage argb = new BufferedImage(5, 4, BufferedImage.TYPE_INT_ARGB);
    for (int y = 0; y < 4; y++) {
      for (int x = 0; x < 5; x++) {
        bgr.setRGB(x, y, 0x10305 * (1 + x + 7 * y) + 0xE00000 * (x % 2));
        gray.getRaster().setSample(x, y, 0, 11 * x + 50 * y + 1);
        argb.setRGB(x, y, 0x80000000 | (0x20406 * (3 + x * y)));
      }
    }
    byte[][] images = {
      encode(bgr, "png"), encode(bgr, "jpg"), encode(gray, "png"), encode(argb, "png")
    };
    for (byte[] encoded : images) {
      ImageDecoder.Pixels p = ImageDecoder.decodePixels(encoded, "a", Long.MAX_VALUE);
      assertTrue(p.bytes() != null && p.floats() == null, "8-bit image not given as bytes");
      float[] floats = ImageDecoder.decode(encoded, "a").pixels();
      assertEquals(floats.length, p.bytes().length);
      boolean varies = false;
      for (int i = 0; i < floats.length; i++) {
        assertEquals(floats[i], p.bytes()[i] & 0xff, "value " + i);
        varies |= floats[i] != floats[0];
      }
      assertTrue(varies, "a test image with one value proves little");
    }
    BufferedImage gray16 = new BufferedImage(2, 1, BufferedImage.TYPE_USHORT_GRAY);
    gray16.getRaster().setSample(1, 0, 0, 300);
    ImageDecoder.Pixels p = ImageDecoder.decodePixels(encode(gray16, "png"), "g16", 10);
    assertTrue(p.bytes() == null && p.floats() != null, "16-bit samples are not bytes");
  }

  @Test
  void realGrayscaleJpegFromRaccoon_decodesToThreeEqualChannels() throws Exception {
    Path data = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
    byte[] bytes = Files.readAllBytes(data.resolve("raccoon/images/raccoon-150.jpg"));
    ImageBoxes img = ImageDecoder.decode(bytes, "raccoon-150.jpg");
    assertEquals(275, img.width());
    assertEquals(183, img.height());
    float[] p = px(img, 90, 130);
    assertEquals(p[0], p[1]);
    assertEquals(p[0], p[2]);
  }
}
