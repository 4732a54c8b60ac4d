package dev.detect.io.image;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32;

/**
 * Reads an image's format, size, channels and EXIF orientation from its header bytes, without
 * decoding pixels: JPEG, PNG, GIF, BMP and WebP. Fast enough to run over tens of thousands of
 * files.
 */
public final class ImageHeaders {
  private static final int FIRST_CHUNK = 64 * 1024;

  /**
   * The default largest image accepted for decoding or storing, in pixels (width × height): 100
   * megapixels. A header declaring more is refused before any pixel buffer is allocated, which
   * stops decompression bombs (a few kilobytes declaring 100000×100000 pixels).
   */
  public static final long DEFAULT_MAX_PIXELS = 100_000_000L;

  private ImageHeaders() {}

  /**
   * Reads the header of an image file.
   *
   * @throws NoSuchFileException when the file does not exist
   * @throws DatasetFormatException when the bytes are not a supported image or the header is
   *     truncated or corrupt
   */
  public static ImageInfo read(Path file) throws IOException {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(FIRST_CHUNK);
      try {
        return parse(head, head.length, file.toString());
      } catch (NeedMoreBytes e) {
        byte[] rest = in.readAllBytes();
        byte[] all = Arrays.copyOf(head, head.length + rest.length);
        System.arraycopy(rest, 0, all, head.length, rest.length);
        try {
          return parse(all, all.length, file.toString());
        } catch (NeedMoreBytes e2) {
          throw new DatasetFormatException(file, e2.message());
        }
      }
    }
  }

  /**
   * Reads the header of an encoded image held in memory.
   *
   * @param source a name for error messages (file name)
   * @throws DatasetFormatException when the bytes are not a supported image or are truncated
   */
  public static ImageInfo read(byte[] bytes, String source) throws DatasetFormatException {
    try {
      return parse(bytes, bytes.length, source);
    } catch (NeedMoreBytes e) {
      throw new DatasetFormatException(source, 0, 0, e.message());
    }
  }

  /**
   * Reads the header of an encoded image held in a buffer, from its position to its limit (which
   * stay unchanged); only the first 64 KiB are copied unless the header lies further in.
   *
   * @param source a name for error messages (file name)
   * @throws DatasetFormatException when the bytes are not a supported image or are truncated
   */
  public static ImageInfo read(ByteBuffer bytes, String source) throws DatasetFormatException {
    int n = bytes.remaining();
    byte[] head = new byte[Math.min(n, FIRST_CHUNK)];
    bytes.get(bytes.position(), head);
    try {
      return parse(head, head.length, source);
    } catch (NeedMoreBytes e) {
      if (head.length == n) {
        throw new DatasetFormatException(source, 0, 0, e.message());
      }
    }
    byte[] all = new byte[n];
    bytes.get(bytes.position(), all);
    return read(all, source);
  }

  /**
   * Refuses an image whose header declares more than {@code maxPixels} pixels (width × height).
   *
   * @param source a name for the error message (file name)
   * @throws DatasetFormatException naming the source, the declared size and the limit
   */
  public static void checkPixels(ImageInfo info, long maxPixels, String source)
      throws DatasetFormatException {
    checkPixels(info.width(), info.height(), maxPixels, source);
  }

  /**
   * Refuses a {@code width × height} image with more than {@code maxPixels} pixels (for sizes read
   * by another header parser, e.g. an ImageIO reader's).
   *
   * @param source a name for the error message (file name)
   * @throws DatasetFormatException naming the source, the declared size and the limit
   */
  public static void checkPixels(int width, int height, long maxPixels, String source)
      throws DatasetFormatException {
    long pixels = (long) width * height;
    if (pixels > maxPixels) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "image declares "
              + width
              + "x"
              + height
              + " = "
              + pixels
              + " pixels, above the limit of "
              + maxPixels
              + " (a corrupt header or a decompression bomb); shrink the image or raise the"
              + " pixel limit");
    }
  }

  /**
   * Refuses a JPEG or PNG that ends before its image data does: a JPEG without an end-of-image
   * marker after its scan data, or a PNG without its {@code IEND} chunk (typically a file cut short
   * by an interrupted copy or download). Other formats are not checked.
   *
   * @param source a name for the error message (file name)
   * @throws DatasetFormatException naming the source
   */
  public static void checkComplete(byte[] bytes, ImageInfo info, String source)
      throws DatasetFormatException {
    checkComplete(ByteBuffer.wrap(bytes), info, source);
  }

  /**
   * {@link #checkComplete(byte[], ImageInfo, String)} for the bytes of a buffer from its position
   * to its limit (which stay unchanged).
   */
  public static void checkComplete(ByteBuffer buffer, ImageInfo info, String source)
      throws DatasetFormatException {
    ByteBuffer bytes = buffer.slice();
    boolean complete =
        switch (info.format()) {
          case JPEG -> Jpeg.hasEndAfterScan(bytes);
          case PNG -> lastIndexOf(bytes, IEND) > 12;
          default -> true;
        };
    if (!complete) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "truncated "
              + info.format()
              + " image ("
              + bytes.remaining()
              + " bytes): "
              + (info.format() == ImageFormat.JPEG
                  ? "no end-of-image marker after the image data"
                  : "no IEND chunk")
              + "; copy or export the image again");
    }
  }

  private static final byte[] IEND = {'I', 'E', 'N', 'D'};

  private static int lastIndexOf(ByteBuffer b, byte[] needle) {
    outer:
    for (int i = b.limit() - needle.length; i >= 0; i--) {
      for (int k = 0; k < needle.length; k++) {
        if (b.get(i + k) != needle[k]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static ImageInfo parse(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    ImageFormat format =
        ImageFormat.sniff(b, n)
            .orElseThrow(
                () ->
                    new DatasetFormatException(
                        source,
                        0,
                        0,
                        n == 0
                            ? "empty file, not an image"
                            : "not a JPEG, PNG, GIF, BMP or WebP image (first bytes "
                                + hex(b, Math.min(n, 8))
                                + ")"));
    return switch (format) {
      case JPEG -> Jpeg.parse(b, n, source);
      case PNG -> png(b, n, source);
      case GIF -> gif(b, n, source);
      case BMP -> bmp(b, n, source);
      case WEBP -> webp(b, n, source);
    };
  }

  /**
   * The IHDR chunk, checked as libpng (TensorFlow's {@code DecodePng}) checks it: length 13, CRC, a
   * valid bit depth for the colour type, compression, filter and interlace methods.
   */
  private static ImageInfo png(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    if (n < 33) {
      throw new NeedMoreBytes("PNG");
    }
    if (b[12] != 'I' || b[13] != 'H' || b[14] != 'D' || b[15] != 'R') {
      throw new DatasetFormatException(source, 0, 0, "corrupt PNG: first chunk is not IHDR");
    }
    if (be32(b, 8) != 13) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "corrupt PNG: IHDR chunk length " + (be32(b, 8) & 0xFFFFFFFFL) + ", not 13");
    }
    CRC32 crc = new CRC32();
    crc.update(b, 12, 17);
    int stored = be32(b, 29);
    if ((int) crc.getValue() != stored) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          String.format(
              "corrupt PNG: IHDR CRC (byte 29) is %08x but its bytes give %08x (libpng and TensorFlow's"
                  + " DecodePng refuse it); re-export the image",
              stored, (int) crc.getValue()));
    }
    int w = be32(b, 16);
    int h = be32(b, 20);
    int bitDepth = b[24] & 0xFF;
    int colourType = b[25] & 0xFF;
    int channels =
        switch (colourType) {
          case 0 -> 1;
          case 2, 3 -> 3;
          case 4 -> 2;
          case 6 -> 4;
          default ->
              throw new DatasetFormatException(
                  source, 0, 0, "corrupt PNG: IHDR colour type " + colourType);
        };
    if (!validBitDepth(colourType, bitDepth)) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "corrupt PNG: IHDR bit depth "
              + bitDepth
              + " is not allowed for colour type "
              + colourType);
    }
    if (b[26] != 0 || b[27] != 0 || (b[28] & 0xFF) > 1) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "corrupt PNG: IHDR compression/filter/interlace method "
              + (b[26] & 0xFF)
              + "/"
              + (b[27] & 0xFF)
              + "/"
              + (b[28] & 0xFF));
    }
    return info(ImageFormat.PNG, w, h, channels, 1, source);
  }

  private static boolean validBitDepth(int colourType, int bitDepth) {
    return switch (colourType) {
      case 0 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8 || bitDepth == 16;
      case 3 -> bitDepth == 1 || bitDepth == 2 || bitDepth == 4 || bitDepth == 8;
      default -> bitDepth == 8 || bitDepth == 16;
    };
  }

  private static ImageInfo gif(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    if (n < 10) {
      throw new NeedMoreBytes("GIF");
    }
    return info(ImageFormat.GIF, le16(b, 6), le16(b, 8), 3, 1, source);
  }

  private static ImageInfo bmp(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    if (n < 30) {
      throw new NeedMoreBytes("BMP");
    }
    int w = le32(b, 18);
    int h = Math.abs(le32(b, 22));
    int bpp = le16(b, 28);
    return info(ImageFormat.BMP, w, h, bpp == 32 ? 4 : bpp == 8 ? 1 : 3, 1, source);
  }

  private static ImageInfo webp(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    if (n < 30) {
      throw new NeedMoreBytes("WebP");
    }
    String chunk = new String(b, 12, 4, java.nio.charset.StandardCharsets.US_ASCII);
    return switch (chunk) {
      case "VP8X" -> info(ImageFormat.WEBP, le24(b, 24) + 1, le24(b, 27) + 1, 4, 1, source);
      case "VP8L" -> {
        int bits = le32(b, 21);
        yield info(
            ImageFormat.WEBP, (bits & 0x3FFF) + 1, ((bits >>> 14) & 0x3FFF) + 1, 4, 1, source);
      }
      case "VP8 " ->
          info(ImageFormat.WEBP, le16(b, 26) & 0x3FFF, le16(b, 28) & 0x3FFF, 3, 1, source);
      default -> throw new DatasetFormatException(source, 0, 0, "corrupt WebP: chunk " + chunk);
    };
  }

  static ImageInfo info(ImageFormat f, int w, int h, int channels, int orientation, String source)
      throws DatasetFormatException {
    if (w <= 0 || h <= 0) {
      throw new DatasetFormatException(
          source, 0, 0, "corrupt " + f + " header: image size " + w + "x" + h);
    }
    return new ImageInfo(f, w, h, channels, orientation);
  }

  static int be16(byte[] b, int i) {
    return ((b[i] & 0xFF) << 8) | (b[i + 1] & 0xFF);
  }

  static int be32(byte[] b, int i) {
    return (be16(b, i) << 16) | be16(b, i + 2);
  }

  static int le16(byte[] b, int i) {
    return (b[i] & 0xFF) | ((b[i + 1] & 0xFF) << 8);
  }

  static int le24(byte[] b, int i) {
    return le16(b, i) | ((b[i + 2] & 0xFF) << 16);
  }

  static int le32(byte[] b, int i) {
    return le16(b, i) | (le16(b, i + 2) << 16);
  }

  private static String hex(byte[] b, int n) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < n; i++) {
      sb.append(String.format("%02x", b[i] & 0xFF));
    }
    return sb.toString();
  }

  /** Thrown internally when the header continues past the bytes read so far. */
  static final class NeedMoreBytes extends Exception {
    private static final long serialVersionUID = 1L;
    final String format;
    private final String missing;

    NeedMoreBytes(String format) {
      this(format, "no size found in header");
    }

    /** {@code missing} says what the bytes end before, for the error when no more come. */
    NeedMoreBytes(String format, String missing) {
      super(format, null, false, false);
      this.format = format;
      this.missing = missing;
    }

    /** The error message when the file ends here. */
    String message() {
      return "truncated or corrupt " + format + " image: " + missing;
    }
  }
}
