package dev.detect.train.input;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.image.ImageFormat;
import dev.detect.io.image.ImageHeaders;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.DirectColorModel;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.awt.image.SinglePixelPackedSampleModel;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Iterator;
import java.util.Objects;
import java.util.Optional;
import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.MemoryCacheImageInputStream;

/**
 * Decodes JPEG and PNG bytes to RGB float pixels in [0, 255] with {@code javax.imageio}, the way
 * TensorFlow's {@code decode_image(channels=3)} does: raw sample values (no colour management, an
 * embedded ICC profile is ignored), grayscale replicated to three channels, palette images
 * expanded, alpha dropped (not composited), 16-bit samples scaled to 8-bit range. CMYK and YCCK
 * JPEGs (which TensorFlow refuses) are converted with the naive formula {@code R = (1 - C)(1 - K)},
 * honouring Adobe's inverted samples when an Adobe APP14 marker is present (and its YCCK
 * transform). Thread-safe.
 */
public final class ImageDecoder {
  private static final long MAX_ARRAY = Integer.MAX_VALUE - 8;

  private ImageDecoder() {}

  /**
   * Decodes one image.
   *
   * @param encoded the file bytes (JPEG, PNG, or another format an installed ImageIO reader knows)
   * @param source names the image in messages, e.g. {@code train.record#12}
   * @return the image with no objects (add them with {@link ImageBoxes#withObjects})
   * @throws DatasetFormatException when the bytes are not an image ImageIO can decode, are a
   *     truncated JPEG or PNG, or declare more than {@link ImageHeaders#DEFAULT_MAX_PIXELS} pixels
   */
  public static ImageBoxes decode(byte[] encoded, String source) throws DatasetFormatException {
    return decode(encoded, source, ImageHeaders.DEFAULT_MAX_PIXELS);
  }

  /**
   * Decodes one image, refusing it before any pixel buffer is allocated when its header declares
   * more than {@code maxPixels} pixels (width × height).
   *
   * @param encoded the file bytes (JPEG, PNG, or another format an installed ImageIO reader knows)
   * @param source names the image in messages, e.g. {@code train.record#12}
   * @param maxPixels the largest image decoded, in pixels
   * @return the image with no objects (add them with {@link ImageBoxes#withObjects})
   * @throws DatasetFormatException when the bytes are not an image ImageIO can decode, are a
   *     truncated JPEG or PNG, or declare more than {@code maxPixels} pixels
   */
  public static ImageBoxes decode(byte[] encoded, String source, long maxPixels)
      throws DatasetFormatException {
    Pixels p = decodePixels(encoded, source, maxPixels);
    float[] px = p.floats();
    if (px == null) {
      byte[] b = p.bytes();
      px = new float[b.length];
      for (int i = 0; i < b.length; i++) {
        px[i] = b[i] & 0xff;
      }
    }
    return ImageBoxes.ofImage(px, p.height(), p.width(), source);
  }

  /**
   * Decoded RGB pixels, HWC: the 8-bit images ImageIO gives as interleaved bytes (baseline JPEGs,
   * 8-bit RGB and gray PNGs) as {@code bytes}, the others as {@code floats}; the other array is
   * null.
   */
  record Pixels(byte[] bytes, float[] floats, int height, int width) {}

  /**
   * Decodes like {@link #decode(byte[], String, long)}, without turning 8-bit samples into floats:
   * the input pipeline keeps and resizes those as bytes.
   */
  static Pixels decodePixels(byte[] encoded, String source, long maxPixels)
      throws DatasetFormatException {
    Objects.requireNonNull(encoded, "encoded");
    Objects.requireNonNull(source, "source");
    if (maxPixels < 1) {
      throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
    }
    checkComplete(encoded, source);
    BufferedImage image = read(encoded, source, maxPixels);
    int h = image.getHeight();
    int w = image.getWidth();
    Raster raster = image.getRaster();
    ColorModel cm = image.getColorModel();
    boolean cmyk =
        cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK && raster.getNumBands() == 4;
    if (!cmyk && !(cm instanceof IndexColorModel) && isInterleavedBytes(raster)) {
      byte[] rgb = new byte[h * w * 3];
      interleavedBytes(raster, rgb);
      return new Pixels(rgb, null, h, w);
    }
    float[] px = new float[h * w * 3];
    if (cmyk) {
      // ImageIO's read() alters CMYK samples; readRaster gives the file's samples as stored.
      Cmyk.toRgb(readRaster(encoded, source), adobeTransform(encoded), px);
    } else if (cm instanceof IndexColorModel) {
      argbRows(image, px);
    } else if (raster.getDataBuffer() instanceof DataBufferInt
        && raster.getSampleModel() instanceof SinglePixelPackedSampleModel
        && cm instanceof DirectColorModel) {
      packedInts(raster, (DirectColorModel) cm, px);
    } else {
      genericSamples(raster, px);
    }
    return new Pixels(null, px, h, w);
  }

  /** Refuses a JPEG or PNG cut short (ImageIO would silently fill a truncated JPEG with gray). */
  private static void checkComplete(byte[] encoded, String source) throws DatasetFormatException {
    Optional<ImageFormat> format = ImageFormat.sniff(encoded, encoded.length);
    if (format.isPresent()
        && (format.get() == ImageFormat.JPEG || format.get() == ImageFormat.PNG)) {
      ImageHeaders.checkComplete(encoded, ImageHeaders.read(encoded, source), source);
    }
  }

  private static BufferedImage read(byte[] encoded, String source, long maxPixels)
      throws DatasetFormatException {
    try (ImageInputStream in = memoryStream(encoded)) {
      Iterator<ImageReader> readers = ImageIO.getImageReaders(in);
      if (!readers.hasNext()) {
        throw new DatasetFormatException(
            source,
            0,
            0,
            "image/encoded is not a JPEG or PNG image ("
                + encoded.length
                + " bytes starting "
                + hex(encoded)
                + "); re-encode the image as JPEG or PNG");
      }
      ImageReader reader = readers.next();
      try {
        reader.setInput(in, true, true);
        // One float[] holds 3 samples per pixel, so a Java array caps the size too.
        ImageHeaders.checkPixels(
            reader.getWidth(0), reader.getHeight(0), Math.min(maxPixels, MAX_ARRAY / 3), source);
        BufferedImage image = reader.read(0);
        if (image.getWidth() <= 0 || image.getHeight() <= 0) {
          throw new DatasetFormatException(source, 0, 0, "image has no pixels");
        }
        return image;
      } finally {
        reader.dispose();
      }
    } catch (DatasetFormatException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "cannot decode image/encoded ("
              + encoded.length
              + " bytes starting "
              + hex(encoded)
              + "): "
              + e.getMessage()
              + "; re-encode the image as an RGB or grayscale JPEG or PNG",
          e);
    }
  }

  /** Whether the raster's samples are bytes, interleaved in one bank (the usual 8-bit image). */
  private static boolean isInterleavedBytes(Raster raster) {
    if (!(raster.getDataBuffer() instanceof DataBufferByte)
        || !(raster.getSampleModel() instanceof ComponentSampleModel sm)) {
      return false;
    }
    for (int bank : sm.getBankIndices()) {
      if (bank != 0) {
        return false;
      }
    }
    return true;
  }

  /** RGB bytes of an {@linkplain #isInterleavedBytes interleaved} raster (gray replicated). */
  private static void interleavedBytes(Raster raster, byte[] px) {
    ComponentSampleModel sm = (ComponentSampleModel) raster.getSampleModel();
    byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
    int w = raster.getWidth();
    int h = raster.getHeight();
    int pixelStride = sm.getPixelStride();
    int scanline = sm.getScanlineStride();
    int[] offs = sm.getBandOffsets();
    int base =
        raster.getDataBuffer().getOffset()
            - raster.getSampleModelTranslateY() * scanline
            - raster.getSampleModelTranslateX() * pixelStride;
    boolean gray = raster.getNumBands() < 3;
    int r = offs[0];
    int g = gray ? offs[0] : offs[1];
    int bl = gray ? offs[0] : offs[2];
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = base + y * scanline;
      for (int x = 0; x < w; x++, p += pixelStride) {
        px[o++] = data[p + r];
        px[o++] = data[p + g];
        px[o++] = data[p + bl];
      }
    }
  }

  private static void packedInts(Raster raster, DirectColorModel cm, float[] px) {
    SinglePixelPackedSampleModel sm = (SinglePixelPackedSampleModel) raster.getSampleModel();
    int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
    int w = raster.getWidth();
    int h = raster.getHeight();
    int scanline = sm.getScanlineStride();
    int base =
        raster.getDataBuffer().getOffset()
            - raster.getSampleModelTranslateY() * scanline
            - raster.getSampleModelTranslateX();
    int rs = Integer.numberOfTrailingZeros(cm.getRedMask());
    int gs = Integer.numberOfTrailingZeros(cm.getGreenMask());
    int bs = Integer.numberOfTrailingZeros(cm.getBlueMask());
    int o = 0;
    for (int y = 0; y < h; y++) {
      int p = base + y * scanline;
      for (int x = 0; x < w; x++) {
        int v = data[p + x];
        px[o++] = (v >>> rs) & 0xff;
        px[o++] = (v >>> gs) & 0xff;
        px[o++] = (v >>> bs) & 0xff;
      }
    }
  }

  private static void argbRows(BufferedImage image, float[] px) {
    int w = image.getWidth();
    int[] row = new int[w];
    int o = 0;
    for (int y = 0; y < image.getHeight(); y++) {
      image.getRGB(0, y, w, 1, row, 0, w);
      for (int x = 0; x < w; x++) {
        int v = row[x];
        px[o++] = (v >>> 16) & 0xff;
        px[o++] = (v >>> 8) & 0xff;
        px[o++] = v & 0xff;
      }
    }
  }

  /** Any other raster (16-bit PNG, banded data): raw samples scaled by their bit depth. */
  private static void genericSamples(Raster raster, float[] px) {
    int w = raster.getWidth();
    int h = raster.getHeight();
    int bands = raster.getNumBands();
    int[] sizes = raster.getSampleModel().getSampleSize();
    float[] scale = new float[bands];
    for (int b = 0; b < bands; b++) {
      scale[b] = 255f / ((1L << sizes[b]) - 1);
    }
    int[] row = new int[w * bands];
    boolean gray = bands < 3;
    int o = 0;
    for (int y = 0; y < h; y++) {
      raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
      for (int x = 0; x < w; x++) {
        int p = x * bands;
        for (int c = 0; c < 3; c++) {
          int b = gray ? 0 : c;
          px[o++] = Math.round(row[p + b] * scale[b]);
        }
      }
    }
  }

  private static Raster readRaster(byte[] encoded, String source) throws DatasetFormatException {
    try (ImageInputStream in = memoryStream(encoded)) {
      ImageReader reader = ImageIO.getImageReaders(in).next();
      try {
        reader.setInput(in, true, true);
        return reader.readRaster(0, null);
      } finally {
        reader.dispose();
      }
    } catch (IOException | RuntimeException e) {
      throw new DatasetFormatException(
          source, 0, 0, "cannot decode CMYK JPEG: " + e.getMessage(), e);
    }
  }

  /**
   * A stream over bytes already in memory. ({@code ImageIO.createImageInputStream} would, with
   * ImageIO's default cache setting, copy each image into a new temporary file in {@code
   * java.io.tmpdir} and delete it again: file-system work on every decode, from every thread.)
   */
  private static ImageInputStream memoryStream(byte[] encoded) {
    return new MemoryCacheImageInputStream(new ByteArrayInputStream(encoded));
  }

  /**
   * The transform flag of the Adobe APP14 marker before the first scan (0 CMYK, 1 YCbCr, 2 YCCK),
   * or -1 when there is none. Adobe stores CMYK samples inverted.
   */
  static int adobeTransform(byte[] jpeg) {
    int i = 2;
    while (i + 4 <= jpeg.length && (jpeg[i] & 0xff) == 0xff) {
      int marker = jpeg[i + 1] & 0xff;
      if (marker == 0xda || marker == 0xd9) {
        return -1;
      }
      int len = ((jpeg[i + 2] & 0xff) << 8) | (jpeg[i + 3] & 0xff);
      if (marker == 0xee
          && len >= 12
          && i + 9 <= jpeg.length
          && jpeg[i + 4] == 'A'
          && jpeg[i + 5] == 'd'
          && jpeg[i + 6] == 'o'
          && jpeg[i + 7] == 'b'
          && jpeg[i + 8] == 'e') {
        return i + 15 < jpeg.length ? jpeg[i + 15] & 0xff : 0;
      }
      i += 2 + len;
    }
    return -1;
  }

  private static String hex(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < Math.min(8, b.length); i++) {
      s.append(String.format("%02x", b[i] & 0xff));
    }
    return s.length() == 0 ? "(empty)" : s.toString();
  }

  /** Naive CMYK to RGB. */
  private static final class Cmyk {
    private Cmyk() {}

    static void toRgb(Raster raster, int adobeTransform, float[] px) {
      boolean inverted = adobeTransform >= 0;
      int w = raster.getWidth();
      int h = raster.getHeight();
      int[] row = new int[w * 4];
      int o = 0;
      for (int y = 0; y < h; y++) {
        raster.getPixels(raster.getMinX(), raster.getMinY() + y, w, 1, row);
        for (int x = 0; x < w * 4; x += 4) {
          if (adobeTransform == 2) {
            yccToRgb(row, x);
          }
          // Adobe stores 255 - ink; otherwise the samples are the ink amounts.
          float k = inverted ? row[x + 3] : 255 - row[x + 3];
          for (int c = 0; c < 3; c++) {
            float v = inverted ? row[x + c] : 255 - row[x + c];
            px[o++] = v * k / 255f;
          }
        }
      }
    }

    /** JFIF YCbCr to RGB in place on the first three samples (YCCK's colour channels). */
    private static void yccToRgb(int[] p, int i) {
      double y = p[i];
      double cb = p[i + 1] - 128.0;
      double cr = p[i + 2] - 128.0;
      p[i] = clamp(y + 1.402 * cr);
      p[i + 1] = clamp(y - 0.344136 * cb - 0.714136 * cr);
      p[i + 2] = clamp(y + 1.772 * cb);
    }

    private static int clamp(double v) {
      return (int) Math.round(Math.max(0, Math.min(255, v)));
    }
  }
}
