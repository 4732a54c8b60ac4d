package dev.detect.io.tfrecord;

import java.util.zip.CRC32C;

/** The masked CRC32C that TFRecord framing uses (see {@code tensorflow/core/lib/hash/crc32c.h}). */
final class Crc32c {
  private static final int MASK_DELTA = 0xa282ead8;

  private Crc32c() {}

  /** The masked CRC32C of {@code bytes[off, off+len)}. */
  static int masked(byte[] bytes, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(bytes, off, len);
    return mask((int) crc.getValue());
  }

  /** {@code ((crc >>> 15) | (crc << 17)) + 0xa282ead8}. */
  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }
}
