package dev.detect.io.tfrecord;

import dev.detect.core.internal.AtomicFiles;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.GZIPOutputStream;

/**
 * Writes raw records to one TFRecord file: for each record a little-endian uint64 length, the
 * masked CRC32C of the length, the payload and the masked CRC32C of the payload.
 *
 * <p>Records go to a temporary file beside the target (named so that no shard pattern matches it);
 * {@link #commit()} flushes it to disk and renames it over the target. {@link #close()} without
 * {@code commit()} deletes the temporary file, so a crash or an error never leaves a half-written
 * record file under the target name. Not thread-safe.
 */
public final class TfRecordFileWriter implements AutoCloseable {
  private final Path target;
  private final AtomicFiles.PendingFile file;
  private final OutputStream out;
  private final byte[] header = new byte[12];
  private final byte[] footer = new byte[4];
  private long records;
  private long payloadBytes;
  private boolean committed;
  private boolean finished;
  private boolean closed;

  private TfRecordFileWriter(Path target, TfRecordCompression compression) throws IOException {
    this.target = target.toAbsolutePath();
    this.file = AtomicFiles.open(this.target);
    OutputStream raw = new BufferedOutputStream(file.stream(), 1 << 16);
    OutputStream o = raw;
    if (compression == TfRecordCompression.GZIP) {
      try {
        o = new GZIPOutputStream(raw, 1 << 16);
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
    }
    this.out = o;
  }

  /** Opens a writer whose records become {@code target} on {@link #commit()}. */
  public static TfRecordFileWriter open(Path target, TfRecordCompression compression)
      throws IOException {
    Objects.requireNonNull(target, "target");
    Objects.requireNonNull(compression, "compression");
    return new TfRecordFileWriter(target, compression);
  }

  /** Appends one record. */
  public void write(byte[] payload) throws IOException {
    write(payload, 0, payload.length);
  }

  /** Appends one record made of {@code payload[off, off+len)}. */
  public void write(byte[] payload, int off, int len) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is closed");
    }
    ByteBuffer h = ByteBuffer.wrap(header).order(ByteOrder.LITTLE_ENDIAN);
    h.putLong(0, len);
    h.putInt(8, Crc32c.masked(header, 0, 8));
    out.write(header);
    out.write(payload, off, len);
    ByteBuffer.wrap(footer)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(0, Crc32c.masked(payload, off, len));
    out.write(footer);
    records++;
    payloadBytes += len;
  }

  /**
   * One framed record (length, length CRC, payload, payload CRC), for writers that append to a live
   * file themselves, such as TensorBoard event files.
   */
  public static byte[] frame(byte[] payload) {
    byte[] out = new byte[payload.length + 16];
    ByteBuffer b = ByteBuffer.wrap(out).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(0, payload.length);
    b.putInt(8, Crc32c.masked(out, 0, 8));
    System.arraycopy(payload, 0, out, 12, payload.length);
    b.putInt(12 + payload.length, Crc32c.masked(payload, 0, payload.length));
    return out;
  }

  /**
   * Appends one record already framed (length, length CRC, payload, payload CRC): the bytes from
   * the buffer's position to its limit, whose payload is {@code payloadLength} bytes.
   */
  void writeFramed(ByteBuffer framed, long payloadLength) throws IOException {
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is closed");
    }
    byte[] chunk = new byte[Math.min(framed.remaining(), 1 << 16)];
    while (framed.hasRemaining()) {
      int n = Math.min(chunk.length, framed.remaining());
      framed.get(chunk, 0, n);
      out.write(chunk, 0, n);
    }
    records++;
    payloadBytes += payloadLength;
  }

  /** Records written so far. */
  public long records() {
    return records;
  }

  /** Payload bytes written so far (before framing and compression). */
  public long payloadBytes() {
    return payloadBytes;
  }

  /**
   * Finishes the file and flushes it to disk without renaming it: then {@link #commit()} only
   * renames. Lets several files be synced before any of them is renamed into place.
   */
  void finish() throws IOException {
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is closed");
    }
    if (!finished) {
      out.close();
      file.sync();
      finished = true;
    }
  }

  /** Finishes the file and renames it to the target; afterwards the writer is closed. */
  public Path commit() throws IOException {
    if (closed) {
      throw new IllegalStateException("writer for " + target + " is closed");
    }
    closed = true;
    try {
      if (!finished) {
        out.close();
      }
      file.commit();
      committed = true;
      return target;
    } finally {
      file.close();
    }
  }

  /** Discards the records unless {@link #commit()} was called. */
  @Override
  public void close() throws IOException {
    if (committed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } finally {
      file.close();
    }
  }
}
