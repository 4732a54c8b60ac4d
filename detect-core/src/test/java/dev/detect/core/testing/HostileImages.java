package dev.detect.core.testing;

import java.awt.image.BufferedImage;
import java.awt.image.DataBuffer;
import java.awt.image.Raster;
import java.awt.image.WritableRaster;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import javax.imageio.IIOImage;
import javax.imageio.ImageIO;
import javax.imageio.ImageWriter;
import javax.imageio.stream.ImageOutputStream;

/**
 * Encoded images for hostile-input tests in every module, generated in memory (no fixtures on
 * disk).
 */
public final class HostileImages {
  private HostileImages() {}

  /** A noisy RGB JPEG of {@code w × h} (noise makes the scan data long enough to cut). */
  public static byte[] jpeg(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    java.util.Random r = new java.util.Random(1);
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        img.setRGB(x, y, r.nextInt(0x1000000));
      }
    }
    return encode(img, "jpeg");
  }

  /** An RGB PNG of {@code w × h}. */
  public static byte[] png(int w, int h) {
    return encode(new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB), "png");
  }

  /** A 16-bit grayscale PNG of {@code w × h} with a horizontal ramp up to 65535. */
  public static byte[] png16(int w, int h) {
    BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_USHORT_GRAY);
    WritableRaster r = img.getRaster();
    for (int y = 0; y < h; y++) {
      for (int x = 0; x < w; x++) {
        r.setSample(x, y, 0, x * 65535 / Math.max(1, w - 1));
      }
    }
    return encode(img, "png");
  }

  /** The first half of a JPEG: header intact, scan data cut off (an interrupted copy). */
  public static byte[] truncatedJpeg() {
    byte[] full = jpeg(64, 48);
    return Arrays.copyOf(full, full.length / 2);
  }

  /**
   * A four-channel (CMYK) JPEG written from a raster by the JDK's writer; every pixel has the
   * samples {@code c, m, y, k}.
   */
  public static byte[] cmykJpeg(int w, int h, int c, int m, int y, int k) {
    WritableRaster raster = Raster.createInterleavedRaster(DataBuffer.TYPE_BYTE, w, h, 4, null);
    for (int yy = 0; yy < h; yy++) {
      for (int x = 0; x < w; x++) {
        raster.setPixel(x, yy, new int[] {c, m, y, k});
      }
    }
    ImageWriter writer = ImageIO.getImageWritersByFormatName("jpeg").next();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ImageOutputStream ios = ImageIO.createImageOutputStream(out)) {
      writer.setOutput(ios);
      writer.write(null, new IIOImage(raster, null, null), null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      writer.dispose();
    }
    return out.toByteArray();
  }

  /**
   * A decompression bomb: a valid PNG of a few dozen bytes whose IHDR declares {@code w × h} RGB
   * pixels (correct CRCs), with an IDAT holding just one compressed row.
   */
  public static byte[] pngBomb(int w, int h) {
    ByteBuffer ihdr = ByteBuffer.allocate(13).putInt(w).putInt(h);
    ihdr.put((byte) 8).put((byte) 2).put((byte) 0).put((byte) 0).put((byte) 0);
    Deflater deflater = new Deflater();
    deflater.setInput(new byte[1 + 3 * Math.min(w, 1024)]);
    deflater.finish();
    byte[] buf = new byte[4096];
    byte[] idat = Arrays.copyOf(buf, deflater.deflate(buf));
    deflater.end();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
    chunk(out, "IHDR", ihdr.array());
    chunk(out, "IDAT", idat);
    chunk(out, "IEND", new byte[0]);
    return out.toByteArray();
  }

  private static void chunk(ByteArrayOutputStream out, String type, byte[] data) {
    byte[] t = type.getBytes(StandardCharsets.US_ASCII);
    CRC32 crc = new CRC32();
    crc.update(t);
    crc.update(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt(data.length).array());
    out.writeBytes(t);
    out.writeBytes(data);
    out.writeBytes(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
  }

  /** {@code img} encoded by ImageIO as {@code format} ({@code "png"}, {@code "jpeg"}, …). */
  public static byte[] encode(BufferedImage img, String format) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      if (!ImageIO.write(img, format, out)) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }
}
