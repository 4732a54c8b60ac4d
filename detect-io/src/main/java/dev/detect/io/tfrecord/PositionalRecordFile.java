package dev.detect.io.tfrecord;

import dev.detect.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.util.zip.CRC32C;

/**
 * An uncompressed TFRecord file written by several threads at once: the writing order is fixed by
 * {@link #reserve(long)} (called in record order by one thread), and each record is then written at
 * its reserved offset by any thread with {@link #writeAt(long, byte[], byte[])}, which frames it
 * (length, CRCs) itself. So reading, hashing, CRC and the copy into the file run in parallel while
 * the file's bytes stay exactly what a sequential writer produces.
 *
 * <p>Like {@link TfRecordFileWriter}, records go to a temporary file beside the target that {@link
 * #commit()} syncs and renames; {@link #close()} without a commit deletes it.
 */
final class PositionalRecordFile implements AutoCloseable {
  private static final int FRAMING = 16;

  /** One framing buffer per writing thread, shared by all files (pool threads are short-lived). */
  private static final ThreadLocal<ByteBuffer> BUFFERS = new ThreadLocal<>();

  private final AtomicFiles.PendingFile file;
  private final FileChannel channel;
  private long end;
  private long records;

  private PositionalRecordFile(Path target) throws IOException {
    this.file = AtomicFiles.open(target);
    this.channel = file.channel();
  }

  /** Opens a file whose records become {@code target} on {@link #commit()}. */
  static PositionalRecordFile open(Path target) throws IOException {
    return new PositionalRecordFile(target);
  }

  /**
   * Reserves room for the next record, of {@code payloadLength} bytes, and returns its offset.
   * Callers reserve in record order; not for concurrent use with itself.
   */
  synchronized long reserve(long payloadLength) {
    long at = end;
    end += payloadLength + FRAMING;
    records++;
    return at;
  }

  /**
   * Writes the record whose payload is {@code prefix} then {@code body} at {@code offset} (from
   * {@link #reserve(long)} with their total length). Safe to call from several threads at once.
   */
  void writeAt(long offset, byte[] prefix, byte[] body) throws IOException {
    int payload = Math.addExact(prefix.length, body.length);
    if (payload > Integer.MAX_VALUE - FRAMING) {
      throw new IOException("record of " + payload + " bytes is too large for " + file.target());
    }
    ByteBuffer b = buffer(payload + FRAMING);
    b.putLong(0, payload);
    CRC32C crc = new CRC32C();
    crc.update(b.slice(0, 8));
    b.putInt(8, Crc32c.mask((int) crc.getValue()));
    b.put(12, prefix);
    b.put(12 + prefix.length, body);
    crc.reset();
    crc.update(b.slice(12, payload));
    b.putInt(12 + payload, Crc32c.mask((int) crc.getValue()));
    long at = offset;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  private static ByteBuffer buffer(int size) {
    ByteBuffer b = BUFFERS.get();
    if (b == null || b.capacity() < size) {
      int capacity =
          size > 1 << 29 ? size : Math.max(1 << 20, Integer.highestOneBit(size - 1) << 1);
      b = ByteBuffer.allocateDirect(capacity);
      b.order(ByteOrder.LITTLE_ENDIAN);
      BUFFERS.set(b);
    }
    return b.clear().limit(size);
  }

  /** Records reserved so far. */
  synchronized long records() {
    return records;
  }

  /**
   * Syncs the file and renames it to the target; every reserved record must have been written.
   * Afterwards the file is closed.
   */
  Path commit() throws IOException {
    return file.commit();
  }

  /** Discards the records unless {@link #commit()} was called. */
  @Override
  public void close() throws IOException {
    file.close();
  }
}
