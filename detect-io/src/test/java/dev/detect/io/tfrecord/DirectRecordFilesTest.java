package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The direct-I/O record files give exactly the bytes of the sequential writer, however records
 * straddle the aligned chunks, for one file and several.
 */
class DirectRecordFilesTest {
  @TempDir Path tmp;

  /** Payloads: empty, tiny, one chunk exactly, several chunks, and random sizes in between. */
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

  /** A framed record whose payload is a short prefix then the rest as the "image" part. */
  private static FramedRecord framed(FramedRecord.Pool pool, byte[] payload) {
    int prefix = Math.min(3, payload.length);
    ByteBuffer b = pool.take(payload.length - prefix);
    b.put(FramedRecord.HEADROOM, payload, prefix, payload.length - prefix);
    return FramedRecord.frame(pool, b, Arrays.copyOf(payload, prefix), payload.length - prefix);
  }

  private byte[] sequential(List<byte[]> payloads, String name) throws Exception {
    Path f = tmp.resolve(name);
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      for (byte[] p : payloads) {
        w.write(p);
      }
      w.commit();
    }
    return Files.readAllBytes(f);
  }

  /** Writes record {@code i} to file {@code i % files}; returns the files' bytes. */
  private List<byte[]> direct(List<byte[]> payloads, int files, int chunk, String name)
      throws Exception {
    List<Path> targets = new ArrayList<>();
    for (int k = 0; k < files; k++) {
      targets.add(tmp.resolve(name + "-" + k + ".record"));
    }
    Optional<DirectRecordFiles> opened = DirectRecordFiles.open(targets, chunk);
    assumeTrue(opened.isPresent(), "this file system refuses O_DIRECT");
    FramedRecord.Pool pool = new FramedRecord.Pool();
    try (DirectRecordFiles out = opened.get()) {
      for (int i = 0; i < payloads.size(); i++) {
        FramedRecord r = framed(pool, payloads.get(i));
        out.append(i % files, r);
        r.release();
      }
      List<Long> counts = out.commit();
      for (int k = 0; k < files; k++) {
        assertEquals((payloads.size() - k + files - 1) / files, counts.get(k));
      }
    }
    List<byte[]> bytes = new ArrayList<>();
    for (Path t : targets) {
      bytes.add(Files.readAllBytes(t));
    }
    return bytes;
  }

  @Test
  void oneFile_isByteIdenticalToTheSequentialWriter_forAnyChunking() throws Exception {
    for (int chunk : new int[] {4096, 8192, 65536}) {
      for (long seed = 1; seed <= 3; seed++) {
        List<byte[]> payloads = payloads(seed, chunk);
        byte[] expected = sequential(payloads, "seq-" + chunk + "-" + seed);
        assertArrayEquals(expected, direct(payloads, 1, chunk, "d-" + chunk + "-" + seed).get(0));
      }
    }
  }

  @Test
  void severalFiles_eachGetsItsRecordsInOrder() throws Exception {
    List<byte[]> payloads = payloads(9, 8192);
    List<byte[]> files = direct(payloads, 3, 8192, "shard");
    for (int k = 0; k < 3; k++) {
      List<byte[]> mine = new ArrayList<>();
      for (int i = k; i < payloads.size(); i += 3) {
        mine.add(payloads.get(i));
      }
      assertArrayEquals(sequential(mine, "seq-shard-" + k), files.get(k), "shard " + k);
    }
  }

  @Test
  void sizeOnAChunkBoundary_andNoRecords_areExact() throws Exception {
    int chunk = 8192;
    // Two records of chunk/2 framed bytes each end exactly on the chunk boundary.
    List<byte[]> payloads = List.of(new byte[chunk / 2 - 16], new byte[chunk / 2 - 16]);
    assertArrayEquals(sequential(payloads, "seq-edge"), direct(payloads, 1, chunk, "edge").get(0));
    assertEquals(0, direct(List.of(), 1, chunk, "empty").get(0).length);
  }

  @Test
  void pageCacheFallback_writesTheSameFramedBytes() throws Exception {
    // Where O_DIRECT is refused, the writer streams the same framed records instead.
    List<byte[]> payloads = payloads(4, 8192);
    Path f = tmp.resolve("fallback.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      FramedRecord.Pool pool = new FramedRecord.Pool();
      for (byte[] p : payloads) {
        FramedRecord r = framed(pool, p);
        w.writeFramed(r.bytes(), r.payloadLength());
        r.release();
      }
      w.commit();
    }
    assertArrayEquals(sequential(payloads, "seq-fallback"), Files.readAllBytes(f));
  }

  @Test
  void onTmpfs_directIsRefusedCleanly_orWritesTheSameBytes() throws Exception {
    Path shm = Path.of("/dev/shm");
    assumeTrue(
        Files.isDirectory(shm) && Files.getFileStore(shm).type().equals("tmpfs"),
        "needs a tmpfs at /dev/shm");
    Path dir = Files.createTempDirectory(shm, "detect-direct-test");
    try {
      Path target = dir.resolve("a.record");
      Optional<DirectRecordFiles> opened = DirectRecordFiles.open(List.of(target), 4096);
      if (opened.isEmpty()) { // tmpfs before Linux 6.6
        try (Stream<Path> left = Files.list(dir)) {
          assertEquals(List.of(), left.toList(), "no temporary file left");
        }
        return;
      }
      List<byte[]> payloads = payloads(5, 4096);
      FramedRecord.Pool pool = new FramedRecord.Pool();
      try (DirectRecordFiles out = opened.get()) {
        for (byte[] p : payloads) {
          FramedRecord r = framed(pool, p);
          out.append(0, r);
          r.release();
        }
        out.commit();
      }
      assertArrayEquals(sequential(payloads, "seq-tmpfs"), Files.readAllBytes(target));
    } finally {
      try (Stream<Path> left = Files.list(dir)) {
        for (Path p : left.toList()) {
          Files.delete(p);
        }
      }
      Files.delete(dir);
    }
  }

  @Test
  void manyShards_goThroughThePageCache_withoutOpeningAnything() throws Exception {
    List<Path> targets = new ArrayList<>();
    for (int k = 0; k < 300; k++) {
      targets.add(tmp.resolve("many-" + k + ".record"));
    }
    assertTrue(DirectRecordFiles.open(targets).isEmpty());
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "nothing opened, nothing left");
    }
  }

  @Test
  void close_withoutCommit_leavesNoFile() throws Exception {
    Path target = tmp.resolve("torn.record");
    Optional<DirectRecordFiles> opened = DirectRecordFiles.open(List.of(target), 4096);
    assumeTrue(opened.isPresent(), "this file system refuses O_DIRECT");
    FramedRecord.Pool pool = new FramedRecord.Pool();
    try (DirectRecordFiles out = opened.get()) {
      out.append(0, framed(pool, new byte[10_000])); // two full chunks written, one pending
    }
    assertFalse(Files.exists(target));
    try (Stream<Path> left = Files.list(tmp)) {
      assertEquals(List.of(), left.toList(), "no temporary file left");
    }
  }
}
