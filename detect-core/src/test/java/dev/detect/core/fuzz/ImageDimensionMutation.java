package dev.detect.core.fuzz;

import java.util.List;
import java.util.Random;
import java.util.zip.CRC32;

/**
 * A format-aware mutation for image files: rewrites the width and height declared in a JPEG frame
 * header (SOFn) or a PNG IHDR chunk (with its CRC fixed), so that decoders meet sizes the pixel
 * data does not match: 0, 1, powers of two, 65535, or (PNG) up to 2^31 - 1.
 */
public final class ImageDimensionMutation implements MutationFuzzer.ExtraMutation {
  private static final int[] EDGE = {0, 1, 2, 7, 255, 256, 4095, 4096, 32767, 32768, 65535};

  private final long maxPixels;

  /**
   * A mutation declaring at most {@code maxPixels} pixels (width × height), so that a decoder that
   * honestly allocates the declared size stays within the test's heap.
   */
  public ImageDimensionMutation(long maxPixels) {
    this.maxPixels = maxPixels;
  }

  @Override
  public byte[] apply(byte[] input, Random rnd, List<String> log) {
    int w = dimension(rnd);
    int h = dimension(rnd);
    while ((long) w * h > maxPixels) {
      if (rnd.nextBoolean()) {
        w = Math.max(1, w >> 4);
      } else {
        h = Math.max(1, h >> 4);
      }
    }
    byte[] c = input.clone();
    if (c.length > 33 && (c[0] & 0xFF) == 0x89 && c[1] == 'P') {
      putInt(c, 16, w);
      putInt(c, 20, h);
      CRC32 crc = new CRC32();
      crc.update(c, 12, 17);
      putInt(c, 29, (int) crc.getValue());
      log.add("PNG IHDR size " + w + "x" + h);
      return c;
    }
    int sof = jpegFrameHeader(c);
    if (sof < 0 || sof + 9 > c.length) {
      log.add("image size: no frame header found");
      return c;
    }
    w &= 0xFFFF;
    h &= 0xFFFF;
    c[sof + 5] = (byte) (h >> 8);
    c[sof + 6] = (byte) h;
    c[sof + 7] = (byte) (w >> 8);
    c[sof + 8] = (byte) w;
    log.add("JPEG SOF at " + sof + " size " + w + "x" + h);
    return c;
  }

  private static int dimension(Random rnd) {
    return switch (rnd.nextInt(3)) {
      case 0 -> EDGE[rnd.nextInt(EDGE.length)];
      case 1 -> rnd.nextInt(65536);
      default -> rnd.nextInt(Integer.MAX_VALUE);
    };
  }

  /** The offset of the first SOFn marker, or -1. */
  private static int jpegFrameHeader(byte[] b) {
    int i = 2;
    while (i + 4 <= b.length && (b[i] & 0xFF) == 0xFF) {
      int marker = b[i + 1] & 0xFF;
      if (marker >= 0xC0 && marker <= 0xCF && marker != 0xC4 && marker != 0xC8 && marker != 0xCC) {
        return i;
      }
      i += 2 + ((b[i + 2] & 0xFF) << 8 | (b[i + 3] & 0xFF));
    }
    return -1;
  }

  private static void putInt(byte[] b, int at, int v) {
    b[at] = (byte) (v >>> 24);
    b[at + 1] = (byte) (v >>> 16);
    b[at + 2] = (byte) (v >>> 8);
    b[at + 3] = (byte) v;
  }
}
