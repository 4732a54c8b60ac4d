package dev.detect.io.image;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.image.ImageHeaders.NeedMoreBytes;
import java.nio.ByteBuffer;

/** JPEG marker walk: the SOF segment gives the size, an EXIF APP1 segment the orientation. */
final class Jpeg {
  private Jpeg() {}

  static ImageInfo parse(byte[] b, int n, String source)
      throws DatasetFormatException, NeedMoreBytes {
    int orientation = 1;
    int i = 2;
    while (true) {
      if (i + 4 > n) {
        throw new NeedMoreBytes("JPEG");
      }
      if ((b[i] & 0xFF) != 0xFF) {
        throw new DatasetFormatException(
            source,
            0,
            0,
            "corrupt JPEG: expected a marker at byte " + i + " before the frame header");
      }
      int marker = b[i + 1] & 0xFF;
      if (marker == 0xFF) { // fill byte
        i++;
        continue;
      }
      if (marker == 0xD8 || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD7)) {
        i += 2;
        continue;
      }
      if (marker == 0xD9 || marker == 0xDA) {
        throw new DatasetFormatException(
            source, 0, 0, "corrupt JPEG: no frame header (SOF) before the image data");
      }
      int len = ImageHeaders.be16(b, i + 2);
      if (len < 2) {
        throw new DatasetFormatException(
            source, 0, 0, "corrupt JPEG: segment length " + len + " at byte " + i);
      }
      if (isSof(marker)) {
        return frame(b, n, i, len, orientation, source);
      }
      if (marker == 0xE1 && i + 4 + len - 2 <= n) {
        orientation = exifOrientation(b, i + 4, len - 2, orientation);
      }
      i += 2 + len;
    }
  }

  /**
   * The frame header (SOFn) at byte {@code i} with segment length {@code len}: refused when the
   * segment is shorter than its component list or the file ends inside it, as libjpeg refuses it.
   */
  private static ImageInfo frame(byte[] b, int n, int i, int len, int orientation, String source)
      throws DatasetFormatException, NeedMoreBytes {
    if (i + 2 + len > n) {
      throw new NeedMoreBytes("JPEG", "the file ends inside the frame header (SOF) at byte " + i);
    }
    int comps = len >= 8 ? b[i + 9] & 0xFF : 0;
    if (len < 8 || comps == 0 || len != 8 + 3 * comps) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "corrupt JPEG: frame header (SOF) at byte "
              + i
              + " has length "
              + len
              + " for "
              + comps
              + " component(s) (expected 8 + 3 per component, at least one component)");
    }
    int h = ImageHeaders.be16(b, i + 5);
    int w = ImageHeaders.be16(b, i + 7);
    return ImageHeaders.info(ImageFormat.JPEG, w, h, comps, orientation, source);
  }

  /**
   * True when an end-of-image marker follows the first scan: walks the segments to the first SOS,
   * then looks for {@code FF D9} (inside entropy-coded data {@code FF} is always followed by {@code
   * 00} or a restart marker, so a match is the real end; an EXIF thumbnail's end marker lies before
   * the SOS).
   */
  static boolean hasEndAfterScan(ByteBuffer b) {
    int n = b.limit();
    int i = 2;
    while (i + 4 <= n) {
      if ((b.get(i) & 0xFF) != 0xFF) {
        return false;
      }
      int marker = b.get(i + 1) & 0xFF;
      if (marker == 0xFF || marker == 0x01 || (marker >= 0xD0 && marker <= 0xD8)) {
        i += marker == 0xFF ? 1 : 2;
        continue;
      }
      if (marker == 0xDA) {
        for (int k = n - 2; k > i; k--) {
          if ((b.get(k) & 0xFF) == 0xFF && (b.get(k + 1) & 0xFF) == 0xD9) {
            return true;
          }
        }
        return false;
      }
      if (marker == 0xD9) {
        return false;
      }
      i += 2 + ((b.get(i + 2) & 0xFF) << 8 | (b.get(i + 3) & 0xFF));
    }
    return false;
  }

  private static boolean isSof(int m) {
    return m >= 0xC0 && m <= 0xCF && m != 0xC4 && m != 0xC8 && m != 0xCC;
  }

  /** Reads tag 0x0112 from IFD0 of an APP1 "Exif\0\0" payload; {@code dflt} when absent. */
  static int exifOrientation(byte[] b, int start, int len, int dflt) {
    int end = start + len;
    if (len < 14
        || b[start] != 'E'
        || b[start + 1] != 'x'
        || b[start + 2] != 'i'
        || b[start + 3] != 'f') {
      return dflt;
    }
    int tiff = start + 6;
    boolean little = b[tiff] == 'I' && b[tiff + 1] == 'I';
    int ifd = tiff + read32(b, tiff + 4, little);
    if (ifd < tiff || ifd + 2 > end) {
      return dflt;
    }
    int count = read16(b, ifd, little);
    for (int k = 0; k < count; k++) {
      int entry = ifd + 2 + 12 * k;
      if (entry + 12 > end) {
        return dflt;
      }
      if (read16(b, entry, little) == 0x0112) {
        int v = read16(b, entry + 8, little);
        return v >= 1 && v <= 8 ? v : dflt;
      }
    }
    return dflt;
  }

  private static int read16(byte[] b, int i, boolean little) {
    return little ? ImageHeaders.le16(b, i) : ImageHeaders.be16(b, i);
  }

  private static int read32(byte[] b, int i, boolean little) {
    return little ? ImageHeaders.le32(b, i) : ImageHeaders.be32(b, i);
  }
}
