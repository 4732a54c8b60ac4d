package dev.detect.io.voc;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Decodes short UTF-8 byte ranges to strings, reusing one {@code String} per distinct value
 * (element names, class names, poses, flags repeat in every file). Not thread-safe: one per thread.
 */
final class StringCache {
  private static final int CAPACITY = 1024;
  private static final int MAX_ENTRIES = CAPACITY / 2;
  private static final int MAX_LENGTH = 64;

  private final byte[][] keys = new byte[CAPACITY][];
  private final String[] values = new String[CAPACITY];
  private int size;

  /** A cache pre-filled with {@code known} (so that they are returned as these very instances). */
  StringCache(String... known) {
    for (String s : known) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      get(b, 0, b.length, hash(b, 0, b.length));
    }
  }

  /** The hash {@link #get(byte[], int, int, int)} expects for {@code bytes[start, end)}. */
  static int hash(byte[] bytes, int start, int end) {
    int h = 0;
    for (int i = start; i < end; i++) {
      h = 31 * h + bytes[i];
    }
    return h;
  }

  /** The string of {@code bytes[start, end)}, cached if short. */
  String get(byte[] bytes, int start, int end) {
    return get(bytes, start, end, hash(bytes, start, end));
  }

  /**
   * The string of {@code bytes[start, end)} whose {@link #hash} is {@code hash}.
   *
   * @throws MalformedUtf8 when the bytes are not UTF-8
   */
  String get(byte[] bytes, int start, int end, int hash) {
    int len = end - start;
    if (len > MAX_LENGTH) {
      return decode(bytes, start, end);
    }
    int mask = CAPACITY - 1;
    int i = (hash ^ (hash >>> 16)) & mask;
    while (keys[i] != null) {
      byte[] k = keys[i];
      if (k.length == len && sameBytes(k, 0, bytes, start, len)) {
        return values[i];
      }
      i = (i + 1) & mask;
    }
    String s = decode(bytes, start, end);
    if (size < MAX_ENTRIES) {
      keys[i] = Arrays.copyOfRange(bytes, start, end);
      values[i] = s;
      size++;
    }
    return s;
  }

  /** True when {@code a[as, as+len)} and {@code b[bs, bs+len)} hold the same bytes. */
  static boolean sameBytes(byte[] a, int as, byte[] b, int bs, int len) {
    for (int i = 0; i < len; i++) {
      if (a[as + i] != b[bs + i]) {
        return false;
      }
    }
    return true;
  }

  /**
   * Decodes strict UTF-8.
   *
   * @throws MalformedUtf8 at the range's start when the bytes are not UTF-8
   */
  static String decode(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] < 0) {
        return decodeNonAscii(bytes, start, end);
      }
    }
    return new String(bytes, start, end - start, StandardCharsets.ISO_8859_1);
  }

  private static String decodeNonAscii(byte[] bytes, int start, int end) {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .decode(ByteBuffer.wrap(bytes, start, end - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new MalformedUtf8(start);
    }
  }

  /** Bytes that are not UTF-8; the parser turns it into a located DatasetFormatException. */
  static final class MalformedUtf8 extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Byte offset in the document where the bad text starts. */
    final int offset;

    MalformedUtf8(int offset) {
      super("malformed UTF-8", null, false, false);
      this.offset = offset;
    }
  }
}
