package dev.detect.io.csv;

import dev.detect.io.internal.Decimals;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/** A buffered UTF-8 CSV output that writes numbers and ASCII without intermediate strings. */
final class CsvBytes {
  private static final double INTEGRAL_LIMIT = 1e15;

  private final OutputStream out;
  private final byte[] buffer = new byte[1 << 16];
  private int size;

  CsvBytes(OutputStream out) {
    this.out = out;
  }

  /** The UTF-8 bytes of one field, quoted per RFC 4180 when it needs to be. */
  static byte[] field(String value) {
    return CsvAnnotationWriter.field(new StringBuilder(value.length() + 2), value)
        .toString()
        .getBytes(StandardCharsets.UTF_8);
  }

  void write(byte[] bytes) throws IOException {
    if (bytes.length > buffer.length - size) {
      flush();
      if (bytes.length > buffer.length) {
        out.write(bytes);
        return;
      }
    }
    System.arraycopy(bytes, 0, buffer, size, bytes.length);
    size += bytes.length;
  }

  void write(char asciiChar) throws IOException {
    if (size == buffer.length) {
      flush();
    }
    buffer[size++] = (byte) asciiChar;
  }

  /** Writes a coordinate: integral values as integers, others as the shortest decimal. */
  void number(double value) throws IOException {
    if (value == Math.rint(value) && Math.abs(value) < INTEGRAL_LIMIT) {
      integer((long) value);
    } else {
      write(Decimals.format(value).getBytes(StandardCharsets.US_ASCII));
    }
  }

  void integer(long value) throws IOException {
    if (buffer.length - size < 21) {
      flush();
    }
    long v = value;
    if (v < 0) {
      buffer[size++] = '-';
      v = -v;
    }
    int start = size;
    do {
      buffer[size++] = (byte) ('0' + (v % 10));
      v /= 10;
    } while (v != 0);
    for (int i = start, j = size - 1; i < j; i++, j--) {
      byte t = buffer[i];
      buffer[i] = buffer[j];
      buffer[j] = t;
    }
  }

  void flush() throws IOException {
    out.write(buffer, 0, size);
    size = 0;
  }
}
