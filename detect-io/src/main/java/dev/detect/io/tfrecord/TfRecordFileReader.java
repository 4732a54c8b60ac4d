package dev.detect.io.tfrecord;

import dev.detect.core.DatasetFormatException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads raw records from one TFRecord file, plain or GZIP (detected from the first bytes), and
 * checks both CRCs of every record. A corrupt or truncated record is reported with the file and the
 * byte offset of the record (in the uncompressed stream). Not thread-safe.
 */
public final class TfRecordFileReader implements AutoCloseable {
  /** Records larger than this are refused as corrupt (a wrong length would allocate it). */
  public static final long MAX_RECORD_BYTES = 1L << 30;

  /** Payloads up to this size are allocated at once; larger ones grow as their bytes arrive. */
  private static final int TRUSTED_LENGTH = 1 << 20;

  private final Path file;
  private final InputStream in;
  private final TfRecordCompression compression;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long offset;
  private long index;

  private TfRecordFileReader(Path file) throws IOException {
    this.file = file;
    InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
    raw.mark(2);
    int b0 = raw.read();
    int b1 = raw.read();
    raw.reset();
    if (b0 == 0x1f && b1 == 0x8b) {
      this.compression = TfRecordCompression.GZIP;
      this.in = new BufferedInputStream(gunzip(file, raw), 1 << 16);
    } else {
      this.compression = TfRecordCompression.NONE;
      this.in = raw;
    }
  }

  /**
   * A GZIP stream on {@code raw}; a corrupt or truncated GZIP header is refused naming the file.
   */
  private static InputStream gunzip(Path file, InputStream raw) throws IOException {
    try {
      return new GZIPInputStream(raw, 1 << 16);
    } catch (ZipException | EOFException e) {
      raw.close();
      throw new DatasetFormatException(
          file,
          "corrupt GZIP header at byte offset 0: " + e.getMessage() + "; write the file again");
    }
  }

  /** Opens {@code file}; its compression is detected from its first bytes. */
  public static TfRecordFileReader open(Path file) throws IOException {
    return new TfRecordFileReader(Objects.requireNonNull(file, "file"));
  }

  /** The detected compression. */
  public TfRecordCompression compression() {
    return compression;
  }

  /** Byte offset (in the uncompressed stream) of the next record. */
  public long offset() {
    return offset;
  }

  /** The 0-based index of the next record. */
  public long index() {
    return index;
  }

  /**
   * The next record's payload, or empty at the end of the file.
   *
   * @throws DatasetFormatException when a CRC does not match or the file ends inside a record
   */
  public Optional<byte[]> next() throws IOException {
    long length = readHeader();
    if (length < 0) {
      return Optional.empty();
    }
    byte[] payload = readPayload((int) length);
    if (payload.length < length || readFully(footer, 0, 4, false) < 4) {
      throw corrupt("truncated record: file ends inside a " + length + "-byte record");
    }
    if (ByteBuffer.wrap(footer).order(ByteOrder.LITTLE_ENDIAN).getInt(0)
        != Crc32c.masked(payload, 0, payload.length)) {
      throw corrupt("data CRC mismatch: the record's " + length + " bytes are corrupt");
    }
    offset += 16 + length;
    index++;
    return Optional.of(payload);
  }

  /**
   * Passes over the next record without reading its payload into memory or checking its data CRC
   * (its length CRC is checked): for a record whose content the caller already has, e.g. from an
   * earlier pass over the file. A plain file seeks past the payload; a GZIP file decompresses it
   * into a small buffer. {@link #index()} and {@link #offset()} advance as with {@link #next()}.
   *
   * @return false at the end of the file
   * @throws DatasetFormatException when the length CRC does not match or the file ends inside the
   *     record
   */
  public boolean skip() throws IOException {
    long length = readHeader();
    if (length < 0) {
      return false;
    }
    long left = length + footer.length;
    try {
      while (left > 0) {
        long n = in.skip(left);
        if (n <= 0) {
          // skip may return 0 before the end: one read tells the end from a pause
          if (in.read() < 0) {
            throw corrupt("truncated record: file ends inside a " + length + "-byte record");
          }
          n = 1;
        }
        left -= n;
      }
    } catch (EOFException e) {
      throw corrupt("truncated record: file ends inside a " + length + "-byte record");
    } catch (ZipException e) {
      throw corrupt("corrupt GZIP stream: " + e.getMessage());
    }
    offset += 16 + length;
    index++;
    return true;
  }

  /**
   * Reads and checks the next record header; returns the payload length, or -1 at the end of the
   * file.
   */
  private long readHeader() throws IOException {
    int n = readFully(header, 0, header.length, true);
    if (n == 0) {
      return -1;
    }
    if (n < header.length) {
      throw corrupt("truncated record header (" + n + " of 12 bytes)");
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    long length = h.getLong(0);
    if (h.getInt(8) != Crc32c.masked(header, 0, 8)) {
      throw corrupt(
          "length CRC mismatch"
              + (index == 0 ? " (is this a TFRecord file? compression " + compression + ")" : ""));
    }
    if (length < 0 || length > MAX_RECORD_BYTES) {
      throw corrupt("record length " + length + " is out of range");
    }
    return length;
  }

  /**
   * Reads {@code length} bytes, or fewer at the end of the file. A large length is only trusted as
   * far as the data goes: the buffer grows with the bytes actually read, so a corrupt length (a few
   * bytes of file claiming a gigabyte) does not allocate the gigabyte.
   */
  private byte[] readPayload(int length) throws IOException {
    if (length <= TRUSTED_LENGTH) {
      byte[] payload = new byte[length];
      int n = readFully(payload, 0, length, false);
      return n == length ? payload : Arrays.copyOf(payload, n);
    }
    try {
      return in.readNBytes(length);
    } catch (EOFException e) {
      return new byte[0];
    } catch (ZipException e) {
      throw corrupt("corrupt GZIP stream: " + e.getMessage());
    }
  }

  private DatasetFormatException corrupt(String why) {
    return new DatasetFormatException(
        file, "corrupt record " + index + " at byte offset " + offset + ": " + why);
  }

  private int readFully(byte[] b, int off, int len, boolean eofOk) throws IOException {
    int total = 0;
    while (total < len) {
      int r;
      try {
        r = in.read(b, off + total, len - total);
      } catch (EOFException e) {
        r = -1;
      } catch (ZipException e) {
        throw corrupt("corrupt GZIP stream: " + e.getMessage());
      }
      if (r < 0) {
        break;
      }
      total += r;
    }
    return total;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
