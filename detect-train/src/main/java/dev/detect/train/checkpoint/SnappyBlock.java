package dev.detect.train.checkpoint;

import java.util.zip.DataFormatException;

/**
 * Decompresses one raw Snappy block (not the framed stream format), as LevelDB-style tables store
 * compressed blocks. Format: <a
 * href="https://github.com/google/snappy/blob/main/format_description.txt">format_description.txt</a>
 * — a varint of the uncompressed length, then elements whose tag byte's low two bits say literal
 * (00), copy with 1-byte offset (01), 2-byte offset (10) or 4-byte offset (11).
 *
 * <p>Written here rather than taken from snappy-java because checkpoint index blocks are a few
 * kilobytes, and snappy-java has no pure-Java decoder: it extracts and loads a native library on
 * first use, and has no stable module name.
 */
final class SnappyBlock {
  private SnappyBlock() {}

  /**
   * Decompresses {@code length} bytes of {@code in} from {@code offset}.
   *
   * @throws DataFormatException when the input is not a well-formed Snappy block
   */
  static byte[] decompress(byte[] in, int offset, int length) throws DataFormatException {
    int end = offset + length;
    int[] pos = {offset};
    long declared = lengthVarint(in, pos, end);
    if (declared > Integer.MAX_VALUE - 8) {
      throw new DataFormatException("uncompressed length " + declared + " too large");
    }
    byte[] out = new byte[(int) declared];
    int o = 0;
    while (pos[0] < end) {
      int tag = in[pos[0]++] & 0xFF;
      int n;
      int distance;
      switch (tag & 3) {
        case 0 -> {
          n = tag >>> 2;
          if (n >= 60) {
            n = (int) littleEndian(in, pos, end, n - 59);
          }
          n++;
          if (n <= 0 || n > end - pos[0] || n > out.length - o) {
            throw new DataFormatException("literal of " + n + " bytes overruns the block");
          }
          System.arraycopy(in, pos[0], out, o, n);
          pos[0] += n;
          o += n;
          continue;
        }
        case 1 -> {
          n = 4 + ((tag >>> 2) & 7);
          distance = ((tag >>> 5) << 8) | (int) littleEndian(in, pos, end, 1);
        }
        case 2 -> {
          n = 1 + (tag >>> 2);
          distance = (int) littleEndian(in, pos, end, 2);
        }
        default -> {
          n = 1 + (tag >>> 2);
          long d = littleEndian(in, pos, end, 4);
          distance = d > Integer.MAX_VALUE ? 0 : (int) d;
        }
      }
      if (distance <= 0 || distance > o || n > out.length - o) {
        throw new DataFormatException(
            "copy of "
                + n
                + " bytes from "
                + distance
                + " back at output byte "
                + o
                + " is out of range");
      }
      // Overlapping copies (distance < n) repeat the last bytes, so copy byte by byte.
      for (int i = 0; i < n; i++, o++) {
        out[o] = out[o - distance];
      }
    }
    if (o != out.length) {
      throw new DataFormatException(
          "block decompresses to " + o + " bytes but declares " + out.length);
    }
    return out;
  }

  private static long lengthVarint(byte[] in, int[] pos, int end) throws DataFormatException {
    long result = 0;
    for (int shift = 0; shift <= 28; shift += 7) {
      if (pos[0] >= end) {
        break;
      }
      int x = in[pos[0]++] & 0xFF;
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new DataFormatException("bad uncompressed-length varint");
  }

  private static long littleEndian(byte[] in, int[] pos, int end, int bytes)
      throws DataFormatException {
    if (bytes > end - pos[0]) {
      throw new DataFormatException("element truncated at byte " + pos[0]);
    }
    long v = 0;
    for (int i = 0; i < bytes; i++) {
      v |= (long) (in[pos[0]++] & 0xFF) << (8 * i);
    }
    return v;
  }
}
