package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The parallel record file, with and without {@code O_DIRECT}, gives exactly the bytes of the
 * sequential writer, whatever the order in which threads write and however records straddle the
 * aligned chunks.
 */
class PositionalRecordFileTest {
  @TempDir Path tmp;

  /** Record payloads: empty, tiny, one chunk exactly, several chunks, and random in between. */
  private static List<byte[]> payloads(long seed, int chunk) {
    Random random = new Random(seed);
    List<byte[]> out = new ArrayList<>();
    for (int size : new int[] {0, 1, chunk - 16, chunk, 3 * chunk + 5}) {
      out.add(randomBytes(random, size));
    }
    for (int i = 0; i < 60; i++) {
      out.add(randomBytes(random, random.nextInt(chunk / 2)));
    }
    Collections.shuffle(out, random);
    return out;
  }

  private static byte[] randomBytes(Random random, int size) {
    byte[] b = new byte[size];
    random.nextBytes(b);
    return b;
  }

  /** A framed record whose payload is a short prefix plus {@code body} as the image part. */
  private static FramedRecord framed(FramedRecord.Pool pool, byte[] payload) {
    int prefix = Math.min(3, payload.length);
    ByteBuffer b = pool.take(payload.length - prefix);
    b.put(FramedRecord.HEADROOM, payload, prefix, payload.length - prefix);
    byte[] head = java.util.Arrays.copyOf(payload, prefix);
    return FramedRecord.frame(pool, b, head, payload.length - prefix);
  }

  private byte[] sequential(List<byte[]> payloads) throws Exception {
    Path f = tmp.resolve("sequential.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      for (byte[] p : payloads) {
        w.write(p);
      }
      w.commit();
    }
    return Files.readAllBytes(f);
  }

  private byte[] parallel(List<byte[]> payloads, boolean direct, int chunk, long seed)
      throws Exception {
    Path f = tmp.resolve("parallel-" + direct + "-" + chunk + "-" + seed + ".record");
    FramedRecord.Pool pool = new FramedRecord.Pool();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try (PositionalRecordFile file = PositionalRecordFile.open(f, direct, chunk)) {
      if (!direct) {
        assertFalse(file.isDirect());
      }
      List<Runnable> writes = new ArrayList<>();
      for (byte[] p : payloads) {
        FramedRecord r = framed(pool, p);
        long at = file.reserve(r.length());
        writes.add(
            () -> {
              try {
                file.writeAt(at, r);
              } catch (Exception e) {
                throw new IllegalStateException(e);
              } finally {
                r.release();
              }
            });
      }
      Collections.shuffle(writes, new Random(seed)); // any completion order
      List<Future<?>> done = new ArrayList<>();
      for (Runnable w : writes) {
        done.add(threads.submit(w));
      }
      for (Future<?> d : done) {
        d.get();
      }
      assertEquals(payloads.size(), file.records());
      file.commit();
    } finally {
      threads.shutdownNow();
    }
    return Files.readAllBytes(f);
  }

  @Test
  void parallelWrites_anyOrder_areByteIdenticalToSequential_directAndBuffered() throws Exception {
    for (int chunk : new int[] {8192, 65536}) {
      for (long seed = 1; seed <= 3; seed++) {
        List<byte[]> payloads = payloads(seed, chunk);
        byte[] expected = sequential(payloads);
        assertArrayEquals(expected, parallel(payloads, true, chunk, seed), "direct " + chunk);
        assertArrayEquals(expected, parallel(payloads, false, chunk, seed), "buffered " + chunk);
      }
    }
  }

  @Test
  void lengthOnAChunkBoundary_andEmptyFile_areExact() throws Exception {
    int chunk = 8192;
    // Two records of chunk/2 framed bytes each end exactly on the chunk boundary.
    List<byte[]> payloads = List.of(new byte[chunk / 2 - 16], new byte[chunk / 2 - 16]);
    assertArrayEquals(sequential(payloads), parallel(payloads, true, chunk, 7));
    assertEquals(0, parallel(List.of(), true, chunk, 8).length);
  }

  @Test
  void commit_withAnUnwrittenRecord_fails_andLeavesNoFile() throws Exception {
    Path f = tmp.resolve("torn.record");
    FramedRecord.Pool pool = new FramedRecord.Pool();
    try (PositionalRecordFile file = PositionalRecordFile.open(f, true, 8192)) {
      FramedRecord written = framed(pool, new byte[10_000]);
      file.writeAt(file.reserve(written.length()), written);
      file.reserve(framed(pool, new byte[100]).length()); // reserved, never written
      assertThrows(IllegalStateException.class, file::commit);
    }
    assertFalse(Files.exists(f));
    try (var left = Files.list(tmp)) {
      assertEquals(0, left.count(), "no temporary file left");
    }
  }
}
