package dev.detect.io.tfrecord;

import com.sun.nio.file.ExtendedOpenOption;
import dev.detect.core.internal.AtomicFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An uncompressed TFRecord file written by several threads at once: the writing order is fixed by
 * {@link #reserve(long)} (called in record order by one thread), and each framed record is then
 * written at its reserved offset by any thread with {@link #writeAt(long, FramedRecord)}. So
 * reading, hashing, CRC and the copy into the file run in parallel while the file's bytes stay
 * exactly what a sequential writer produces.
 *
 * <p>Where the file system allows it, records bypass the page cache ({@code O_DIRECT}): they are
 * copied into aligned chunks of {@link #CHUNK} bytes, and a chunk is written to the disk by the
 * thread that fills it, while the other threads go on hashing. The disk then works during the
 * conversion instead of after it, in the final sync, and no CPU time goes into the page cache. On a
 * file system without {@code O_DIRECT} (tmpfs, some network file systems) records are written
 * through the page cache at their offsets.
 *
 * <p>Like {@link TfRecordFileWriter}, records go to a temporary file beside the target that {@link
 * #commit()} syncs and renames; {@link #close()} without a commit deletes it.
 */
final class PositionalRecordFile implements AutoCloseable {
  /** Bytes per direct write. */
  static final int CHUNK = 4 << 20;

  private static final int ALIGNMENT = 4096;

  private final AtomicFiles.PendingFile file;
  private final FileChannel channel;
  private final FileChannel direct; // null when the file system refuses O_DIRECT
  private final int chunkSize;
  private final Map<Long, Chunk> chunks = new ConcurrentHashMap<>();
  private final Queue<ByteBuffer> freeChunks = new ConcurrentLinkedQueue<>();
  private long end;
  private long records;

  /** A chunk being filled by the records that overlap it. */
  private static final class Chunk {
    final ByteBuffer buffer;
    final AtomicInteger filled = new AtomicInteger();

    Chunk(ByteBuffer buffer) {
      this.buffer = buffer;
    }
  }

  private PositionalRecordFile(Path target, boolean tryDirect, int chunkSize) throws IOException {
    this.file = AtomicFiles.open(target);
    this.channel = file.channel();
    this.chunkSize = chunkSize;
    FileChannel d = null;
    if (tryDirect) {
      try {
        d =
            FileChannel.open(
                file.temporaryFile(), StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
      } catch (IOException | UnsupportedOperationException e) {
        d = null; // e.g. tmpfs: EINVAL
      }
    }
    this.direct = d;
  }

  /** Opens a file whose records become {@code target} on {@link #commit()}. */
  static PositionalRecordFile open(Path target) throws IOException {
    return new PositionalRecordFile(target, true, CHUNK);
  }

  /** For tests: with or without {@code O_DIRECT}, and a small chunk size (multiple of 4096). */
  static PositionalRecordFile open(Path target, boolean tryDirect, int chunkSize)
      throws IOException {
    if (chunkSize <= 0 || chunkSize % ALIGNMENT != 0) {
      throw new IllegalArgumentException("chunk size must be a multiple of " + ALIGNMENT);
    }
    return new PositionalRecordFile(target, tryDirect, chunkSize);
  }

  /** Whether records bypass the page cache. */
  boolean isDirect() {
    return direct != null;
  }

  /**
   * Reserves room for the next record, of {@code framedLength} bytes (framing included), and
   * returns its offset. Callers reserve in record order; not for concurrent use with itself.
   */
  synchronized long reserve(long framedLength) {
    long at = end;
    end += framedLength;
    records++;
    return at;
  }

  /**
   * Writes a framed record at {@code offset} (from {@link #reserve(long)} with its length). Safe to
   * call from several threads at once.
   */
  void writeAt(long offset, FramedRecord record) throws IOException {
    if (direct == null) {
      record.writeTo(channel, offset);
      return;
    }
    ByteBuffer src = record.bytes();
    long at = offset;
    while (src.hasRemaining()) {
      long index = at / chunkSize;
      int within = (int) (at % chunkSize);
      int n = Math.min(src.remaining(), chunkSize - within);
      Chunk c = chunks.computeIfAbsent(index, i -> new Chunk(takeChunkBuffer()));
      c.buffer.put(within, src, src.position(), n);
      src.position(src.position() + n);
      at += n;
      // The thread whose bytes complete a chunk writes it; the atomic add orders the other
      // threads' copies into the buffer before this thread's read of them.
      if (c.filled.addAndGet(n) == chunkSize) {
        chunks.remove(index);
        writeChunk(c.buffer, index * chunkSize, chunkSize);
      }
    }
  }

  private ByteBuffer takeChunkBuffer() {
    ByteBuffer b = freeChunks.poll();
    return b != null ? b : ByteBuffer.allocateDirect(chunkSize + ALIGNMENT).alignedSlice(ALIGNMENT);
  }

  private void writeChunk(ByteBuffer buffer, long position, int length) throws IOException {
    ByteBuffer b = buffer.duplicate().position(0).limit(length);
    long at = position;
    while (b.hasRemaining()) {
      at += direct.write(b, at);
    }
    freeChunks.add(buffer);
  }

  /** Records reserved so far. */
  synchronized long records() {
    return records;
  }

  /**
   * Writes the last partial chunk, syncs the file and renames it to the target; every reserved
   * record must have been written. Afterwards the file is closed.
   */
  Path commit() throws IOException {
    if (direct != null) {
      long size;
      synchronized (this) {
        size = end;
      }
      long lastIndex = size / chunkSize;
      Chunk last = chunks.remove(lastIndex);
      if (!chunks.isEmpty()
          || (last == null) != (size % chunkSize == 0)
          || (last != null && last.filled.get() != size % chunkSize)) {
        throw new IllegalStateException(
            "unwritten records in " + file.target() + ": chunks " + chunks.keySet());
      }
      if (last != null) {
        int length = last.filled.get();
        int padded = (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        last.buffer.put(length, new byte[padded - length]);
        writeChunk(last.buffer, lastIndex * chunkSize, padded);
      }
      direct.close();
      channel.truncate(size);
    }
    return file.commit();
  }

  /** Discards the records unless {@link #commit()} was called. */
  @Override
  public void close() throws IOException {
    try {
      if (direct != null) {
        direct.close();
      }
    } finally {
      file.close();
    }
  }
}
