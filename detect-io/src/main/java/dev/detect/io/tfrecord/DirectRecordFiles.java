package dev.detect.io.tfrecord;

import com.sun.nio.file.ExtendedOpenOption;
import dev.detect.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Uncompressed TFRecord files whose bytes bypass the page cache ({@code O_DIRECT}): framed records
 * are appended, in order, to an aligned chunk buffer per file, and each full chunk is written by a
 * background I/O thread while the caller goes on. So the disk works during the conversion instead
 * of in a final sync, and no CPU time goes into copying through the page cache. The bytes are
 * exactly those of a sequential {@link TfRecordFileWriter}.
 *
 * <p>Like {@link TfRecordFileWriter}, each file is written to a temporary file beside its target
 * that {@link #commit()} syncs and renames; {@link #close()} without a commit deletes them. {@link
 * #open} returns empty where the file system refuses {@code O_DIRECT} (tmpfs, some network file
 * systems) or for more than 256 files; callers then write through the page cache. Appends come from
 * one thread.
 */
final class DirectRecordFiles implements AutoCloseable {
  /** The largest chunk (bytes per write); smaller when there are many files. */
  static final int MAX_CHUNK = 4 << 20;

  private static final int MIN_CHUNK = 256 << 10;
  private static final int ALL_CHUNKS = 64 << 20;
  private static final int ALIGNMENT = 4096;
  private static final int IN_FLIGHT = 4;

  private final int chunkSize;
  private final List<Shard> shards = new ArrayList<>();
  private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();
  private final Deque<Future<?>> writes = new ArrayDeque<>();
  private final ExecutorService io =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "tfrecord-io");
            t.setDaemon(true);
            return t;
          });
  private boolean done;

  /** One output file: its pending temporary file, direct channel and the chunk being filled. */
  private final class Shard {
    final AtomicFiles.PendingFile file;
    final FileChannel direct;
    ByteBuffer chunk;
    long chunkStart; // file offset of chunk[0]
    long size; // bytes appended
    long records;
    volatile boolean throughPageCache; // set on the I/O thread if a direct write is refused

    Shard(AtomicFiles.PendingFile file, FileChannel direct) {
      this.file = file;
      this.direct = direct;
    }
  }

  private DirectRecordFiles(int chunkSize) {
    this.chunkSize = chunkSize;
  }

  /**
   * Opens one file per target, or returns empty when the file system refuses {@code O_DIRECT}
   * (nothing is then left behind).
   */
  static Optional<DirectRecordFiles> open(List<Path> targets) throws IOException {
    if ((long) targets.size() * MIN_CHUNK > ALL_CHUNKS) {
      // Over 256 shards a chunk each would take too much memory (and two file handles each):
      // such many small files go through the page cache.
      return Optional.empty();
    }
    int perFile = ALL_CHUNKS / Math.max(1, targets.size()) / ALIGNMENT * ALIGNMENT;
    return open(targets, Math.max(MIN_CHUNK, Math.min(MAX_CHUNK, perFile)));
  }

  /** For tests: a given chunk size (a multiple of 4096). */
  static Optional<DirectRecordFiles> open(List<Path> targets, int chunkSize) throws IOException {
    if (chunkSize <= 0 || chunkSize % ALIGNMENT != 0) {
      throw new IllegalArgumentException("chunk size must be a multiple of " + ALIGNMENT);
    }
    DirectRecordFiles files = new DirectRecordFiles(chunkSize);
    try {
      for (Path target : targets) {
        AtomicFiles.PendingFile file = AtomicFiles.open(target);
        FileChannel direct;
        try {
          direct =
              FileChannel.open(
                  file.temporaryFile(), StandardOpenOption.WRITE, ExtendedOpenOption.DIRECT);
        } catch (IOException | RuntimeException e) {
          file.close(); // e.g. tmpfs: EINVAL; the caller writes through the page cache
          files.close();
          return Optional.empty();
        }
        files.shards.add(files.new Shard(file, direct));
      }
      return Optional.of(files);
    } catch (IOException | RuntimeException e) {
      files.close();
      throw e;
    }
  }

  /** Appends a framed record to file {@code index} (in record order, from one thread). */
  void append(int index, FramedRecord record) throws IOException {
    Shard s = shards.get(index);
    ByteBuffer src = record.bytes();
    while (src.hasRemaining()) {
      if (s.chunk == null) {
        s.chunk = takeChunk();
      }
      int n = Math.min(src.remaining(), s.chunk.remaining());
      s.chunk.put(s.chunk.position(), src, src.position(), n);
      s.chunk.position(s.chunk.position() + n);
      src.position(src.position() + n);
      if (!s.chunk.hasRemaining()) {
        submit(s, s.chunk, s.chunkStart, chunkSize);
        s.chunkStart += chunkSize;
        s.chunk = null;
      }
    }
    s.size += record.length();
    s.records++;
  }

  private ByteBuffer takeChunk() {
    ByteBuffer b = free.poll();
    if (b == null) {
      b = ByteBuffer.allocateDirect(chunkSize + ALIGNMENT).alignedSlice(ALIGNMENT);
    }
    return b.clear().limit(chunkSize);
  }

  /** Writes {@code length} bytes of {@code chunk} at {@code position} on the I/O thread. */
  private void submit(Shard s, ByteBuffer chunk, long position, int length) throws IOException {
    writes.add(
        io.submit(
            () -> {
              ByteBuffer b = chunk.duplicate().position(0).limit(length);
              if (!s.throughPageCache) {
                try {
                  writeFully(s.direct, b, position);
                  free.add(chunk);
                  return null;
                } catch (ClosedChannelException e) {
                  throw e; // closed or interrupted by close(): no fallback
                } catch (IOException e) {
                  // A file system that takes the flag but not the write (e.g. a larger block
                  // size): this file goes on through the page cache; a real disk error recurs.
                  s.throughPageCache = true;
                  b.position(0);
                }
              }
              try {
                writeFully(s.file.channel(), b, position);
              } catch (ClosedChannelException e) {
                throw e;
              } catch (IOException e) {
                throw s.file.cannotWrite(e); // e.g. a full disk: name the shard, not its temporary
              }
              free.add(chunk);
              return null;
            }));
    while (writes.size() > IN_FLIGHT) {
      await(writes.removeFirst());
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer b, long position)
      throws IOException {
    long at = position;
    while (b.hasRemaining()) {
      at += channel.write(b, at);
    }
  }

  private static void await(Future<?> write) throws IOException {
    try {
      write.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while writing TFRecords");
    } catch (ExecutionException e) {
      if (e.getCause() instanceof IOException io) {
        throw io;
      }
      throw new IOException("writing TFRecords failed", e.getCause());
    }
  }

  /** The number of files. */
  int count() {
    return shards.size();
  }

  /** Records appended to each file so far. */
  List<Long> records() {
    return shards.stream().map(s -> s.records).toList();
  }

  /**
   * Writes each file's last partial chunk, waits for every write, then syncs each file and renames
   * it to its target. Afterwards this is closed.
   */
  List<Long> commit() throws IOException {
    if (done) {
      throw new IllegalStateException("already committed or closed");
    }
    for (Shard s : shards) {
      if (s.chunk != null && s.chunk.position() > 0) {
        int length = s.chunk.position();
        int padded = (length + ALIGNMENT - 1) / ALIGNMENT * ALIGNMENT;
        s.chunk.limit(padded).put(length, new byte[padded - length]);
        submit(s, s.chunk, s.chunkStart, padded); // the padding is cut off below
      }
    }
    while (!writes.isEmpty()) {
      await(writes.removeFirst());
    }
    List<Long> counts = records();
    // every shard on disk before any is renamed: a full disk fails before the first rename
    for (Shard s : shards) {
      s.direct.close();
      try {
        s.file.channel().truncate(s.size);
      } catch (IOException e) {
        throw s.file.cannotWrite(e);
      }
      s.file.sync();
    }
    for (Shard s : shards) {
      s.file.commit();
    }
    done = true;
    io.shutdown();
    return counts;
  }

  /** Deletes the files unless {@link #commit()} succeeded. */
  @Override
  public void close() throws IOException {
    done = true;
    io.shutdownNow();
    try {
      io.awaitTermination(10, TimeUnit.SECONDS); // no write may run while the files go
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    IOException failure = null;
    for (Shard s : shards) {
      try {
        s.direct.close();
      } catch (IOException e) {
        failure = e;
      } finally {
        try {
          s.file.close();
        } catch (IOException e) {
          failure = e;
        }
      }
    }
    if (failure != null) {
      throw failure;
    }
  }
}
