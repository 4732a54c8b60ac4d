package dev.detect.train.detector;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.Raster;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.ByteDataBuffer;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;

/**
 * Interleaved RGB bytes of a {@link BufferedImage} of any type, written straight into a uint8
 * tensor. BGR images (ImageIO's JPEG type) are converted in one pass into the tensor's native
 * memory ({@link NativeRgbWriter}); other types a band of rows at a time into a small scratch array
 * owned by the call (no image-sized Java array, nothing shared between calls or threads), each band
 * copied into the tensor's memory in one bulk write.
 */
public final class RgbPixels {
  /** About this many pixels per band (one bulk write each). */
  private static final int BAND_PIXELS = 8192;

  private RgbPixels() {}

  /** A new {@code [1, height, width, 3]} uint8 tensor holding the image's RGB; close it. */
  static TUint8 tensor(BufferedImage image) {
    TUint8 t = TUint8.tensorOf(Shape.of(1, image.getHeight(), image.getWidth(), 3));
    try {
      write(image, t.asRawTensor().data());
      return t;
    } catch (RuntimeException | Error e) {
      t.close();
      throw e;
    }
  }

  /**
   * A new {@code [1, height, width, 3]} uint8 tensor of decoded pixels ({@code float} RGB in HWC
   * order, 0–255), each rounded to the nearest integer; close it. The model input of the Detector
   * and of evaluation during training.
   *
   * @param pixels {@code height · width · 3} values, row by row
   * @param height rows, in pixels (first, as in the tensor's shape)
   * @param width columns, in pixels
   * @throws IllegalArgumentException when {@code pixels} does not hold {@code height · width · 3}
   *     values
   */
  public static TUint8 tensor(float[] pixels, int height, int width) {
    if (pixels.length != (long) height * width * 3) {
      throw new IllegalArgumentException(
          "pixels holds "
              + pixels.length
              + " values, not height "
              + height
              + " x width "
              + width
              + " x 3");
    }
    TUint8 t = TUint8.tensorOf(Shape.of(1, height, width, 3));
    try {
      write(pixels, t.asRawTensor().data());
      return t;
    } catch (RuntimeException | Error e) {
      t.close();
      throw e;
    }
  }

  /** Writes decoded pixels ({@code float} RGB, 0–255), each rounded, to {@code dst} from 0. */
  static void write(float[] pixels, ByteDataBuffer dst) {
    byte[] band = new byte[Math.min(pixels.length, BAND_PIXELS * 3)];
    for (int from = 0; from < pixels.length; from += band.length) {
      int n = Math.min(band.length, pixels.length - from);
      for (int i = 0; i < n; i++) {
        band[i] = (byte) Math.round(pixels[from + i]);
      }
      dst.offset(from).write(band, 0, n);
    }
  }

  /** The image's RGB bytes, row by row, three per pixel. */
  static byte[] of(BufferedImage image) {
    byte[] out = new byte[image.getWidth() * image.getHeight() * 3];
    write(image, DataBuffers.of(out, false, false));
    return out;
  }

  /** Writes the image's {@code height · width · 3} RGB bytes to {@code dst} from index 0. */
  static void write(BufferedImage image, ByteDataBuffer dst) {
    byte[] bgr = packedBgr(image);
    if (bgr != null && NativeRgbWriter.write(bgr, image.getWidth() * image.getHeight() * 3, dst)) {
      return; // straight into the tensor's memory
    }
    write(image, dst, 0, image.getHeight());
  }

  /**
   * The pixels of a {@code TYPE_3BYTE_BGR} image that holds exactly its own pixels, row after row
   * with no gaps (B, G, R per pixel): its raster's array itself (not a copy); null for any other
   * image.
   */
  static byte[] packedBgr(BufferedImage image) {
    if (image.getType() == BufferedImage.TYPE_3BYTE_BGR
        && image.getRaster().getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && isPacked(image, 3)) {
      return db.getData();
    }
    return null;
  }

  /** Converts rows {@code [fromRow, toRow)} into {@code dst}, a band of rows at a time. */
  private static void write(BufferedImage image, ByteDataBuffer dst, int fromRow, int toRow) {
    int w = image.getWidth();
    int bandRows = Math.max(1, BAND_PIXELS / w);
    byte[] band = new byte[Math.min(bandRows, toRow - fromRow) * w * 3];
    RowConverter rows = converter(image, w);
    for (int y0 = fromRow; y0 < toRow; y0 += bandRows) {
      int n = Math.min(bandRows, toRow - y0);
      for (int r = 0; r < n; r++) {
        rows.convert(y0 + r, band, r * w * 3);
      }
      dst.offset((long) y0 * w * 3).write(band, 0, n * w * 3);
    }
  }

  /** Converts one row {@code y} of the image to RGB bytes at {@code out[at …]}. */
  private interface RowConverter {
    void convert(int y, byte[] out, int at);
  }

  private static RowConverter converter(BufferedImage image, int w) {
    Raster raster = image.getRaster();
    int type = image.getType();
    if (type == BufferedImage.TYPE_3BYTE_BGR
        && raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && isPacked(image, 3)) {
      byte[] src = db.getData();
      return (y, out, at) -> bgrRow(src, y * w * 3, out, at, w);
    }
    if (type == BufferedImage.TYPE_4BYTE_ABGR
        && raster.getDataBuffer() instanceof DataBufferByte db
        && db.getNumBanks() == 1
        && isPacked(image, 4)) {
      byte[] src = db.getData();
      return (y, out, at) -> abgrRow(src, y * w * 4, out, at, w);
    }
    if ((type == BufferedImage.TYPE_INT_RGB || type == BufferedImage.TYPE_INT_ARGB)
        && raster.getDataBuffer() instanceof DataBufferInt db
        && isPacked(image, 1)) {
      int[] src = db.getData();
      return (y, out, at) -> intRow(src, y * w, out, at, w);
    }
    int[] row = new int[w];
    if (type == BufferedImage.TYPE_BYTE_GRAY) {
      // Gray values as stored (getRGB would apply a gamma curve and brighten them).
      return (y, out, at) -> {
        raster.getSamples(0, y, w, 1, 0, row);
        grayRow(row, out, at, w);
      };
    }
    // Indexed, ARGB_PRE, 4BYTE_ABGR_PRE, 16-bit, custom: the colour model's sRGB values.
    return (y, out, at) -> {
      image.getRGB(0, y, w, 1, row, 0, w);
      intRow(row, 0, out, at, w);
    };
  }

  /** Copies the row, then swaps blue and red in place (faster than three byte moves a pixel). */
  private static void bgrRow(byte[] src, int from, byte[] out, int at, int w) {
    System.arraycopy(src, from, out, at, 3 * w);
    for (int o = at, end = at + 3 * w; o < end; o += 3) {
      byte b = out[o];
      out[o] = out[o + 2];
      out[o + 2] = b;
    }
  }

  /** Alpha is dropped (not premultiplied), as for {@code TYPE_INT_ARGB}. */
  private static void abgrRow(byte[] src, int from, byte[] out, int at, int w) {
    for (int x = 0; x < w; x++) {
      int s = from + 4 * x;
      int o = at + 3 * x;
      out[o] = src[s + 3];
      out[o + 1] = src[s + 2];
      out[o + 2] = src[s + 1];
    }
  }

  private static void intRow(int[] src, int from, byte[] out, int at, int w) {
    for (int x = 0; x < w; x++) {
      int p = src[from + x];
      int o = at + 3 * x;
      out[o] = (byte) (p >> 16);
      out[o + 1] = (byte) (p >> 8);
      out[o + 2] = (byte) p;
    }
  }

  private static void grayRow(int[] src, byte[] out, int at, int w) {
    for (int x = 0; x < w; x++) {
      byte v = (byte) src[x];
      int o = at + 3 * x;
      out[o] = v;
      out[o + 1] = v;
      out[o + 2] = v;
    }
  }

  private static boolean isPacked(BufferedImage image, int pixelStride) {
    Raster r = image.getRaster();
    return r.getMinX() == 0
        && r.getMinY() == 0
        && r.getSampleModelTranslateX() == 0
        && r.getSampleModelTranslateY() == 0
        && r.getDataBuffer().getOffset() == 0
        && r.getDataBuffer().getSize() == image.getWidth() * image.getHeight() * pixelStride;
  }
}
