package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordFileTest {
  @TempDir Path tmp;

  @Test
  void mask_matchesTensorFlowDefinition() {
    byte[] data = "123456789".getBytes(StandardCharsets.US_ASCII);
    CRC32C crc = new CRC32C();
    crc.update(data);
    assertEquals(0xe3069283L, crc.getValue()); // the CRC-32C check value
    int c = (int) crc.getValue();
    assertEquals(((c >>> 15) | (c << 17)) + 0xa282ead8, Crc32c.masked(data, 0, data.length));
  }

  @Test
  void write_thenRead_givesSameRecords_plainAndGzip() throws Exception {
    for (TfRecordCompression compression : TfRecordCompression.values()) {
      Path f = tmp.resolve("r-" + compression + ".record");
      List<byte[]> records = List.of(new byte[0], "a".getBytes(), new byte[70_000]);
      try (TfRecordFileWriter w = TfRecordFileWriter.open(f, compression)) {
        for (byte[] r : records) {
          w.write(r);
        }
        w.commit();
      }
      List<byte[]> back = readAll(f);
      assertEquals(records.size(), back.size());
      for (int i = 0; i < records.size(); i++) {
        assertArrayEquals(records.get(i), back.get(i));
      }
      try (TfRecordFileReader r = TfRecordFileReader.open(f)) {
        assertEquals(compression, r.compression());
      }
    }
  }

  @Test
  void skip_passesOverRecordsLikeNext_plainAndGzip() throws Exception {
    for (TfRecordCompression compression : TfRecordCompression.values()) {
      Path f = tmp.resolve("s-" + compression + ".record");
      List<byte[]> records =
          List.of("a".getBytes(), new byte[200_000], new byte[0], "last".getBytes());
      try (TfRecordFileWriter w = TfRecordFileWriter.open(f, compression)) {
        for (byte[] r : records) {
          w.write(r);
        }
        w.commit();
      }
      try (TfRecordFileReader r = TfRecordFileReader.open(f)) {
        assertTrue(r.skip());
        assertEquals(1, r.index());
        assertEquals(16 + 1, r.offset());
        assertTrue(r.skip()); // the 200 kB one, beyond the 64 kB read buffer
        assertEquals(2, r.index());
        assertEquals(16 + 1 + 16 + 200_000, r.offset());
        assertArrayEquals(new byte[0], r.next().orElseThrow());
        assertArrayEquals("last".getBytes(), r.next().orElseThrow());
        assertFalse(r.skip());
        assertEquals(4, r.index());
      }
    }
  }

  @Test
  void skip_truncatedRecordOrBadLengthCrc_isReported() throws Exception {
    for (TfRecordCompression compression : TfRecordCompression.values()) {
      Path f = tmp.resolve("cut-" + compression + ".record");
      try (TfRecordFileWriter w = TfRecordFileWriter.open(f, compression)) {
        w.write(new byte[3]);
        w.write(new byte[100_000]);
        w.commit();
      }
      byte[] plain = readRaw(f, compression);
      Path cut = tmp.resolve("cut.record");
      Files.write(cut, Arrays.copyOf(plain, 19 + 12 + 50_000));
      try (TfRecordFileReader r = TfRecordFileReader.open(cut)) {
        assertTrue(r.skip());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, r::skip);
        assertTrue(e.getMessage().startsWith(cut.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("record 1 at byte offset 19"), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
      }
      byte[] badCrc = plain.clone();
      badCrc[19 + 9] ^= 1;
      Files.write(cut, badCrc);
      try (TfRecordFileReader r = TfRecordFileReader.open(cut)) {
        assertTrue(r.skip());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, r::skip);
        assertTrue(e.getMessage().contains("length CRC"), e.getMessage());
      }
    }
  }

  /** The uncompressed bytes of a record file. */
  private static byte[] readRaw(Path f, TfRecordCompression compression) throws Exception {
    byte[] b = Files.readAllBytes(f);
    if (compression == TfRecordCompression.NONE) {
      return b;
    }
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(b))) {
      return in.readAllBytes();
    }
  }

  @Test
  void plainFile_hasExactFraming() throws Exception {
    Path f = tmp.resolve("one.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write("hello".getBytes(StandardCharsets.US_ASCII));
      w.commit();
    }
    byte[] b = Files.readAllBytes(f);
    assertEquals(8 + 4 + 5 + 4, b.length);
    assertEquals(5, b[0]);
    assertEquals("hello", new String(b, 12, 5, StandardCharsets.US_ASCII));
  }

  @Test
  void close_withoutCommit_leavesNoFile() throws Exception {
    Path f = tmp.resolve("aborted.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[10]);
    }
    assertFalse(Files.exists(f));
    try (var s = Files.list(tmp)) {
      assertEquals(0, s.count(), "temporary file left behind");
    }
  }

  @Test
  void read_flippedPayloadBit_reportsRecordAndOffset() throws Exception {
    Path f = tmp.resolve("bad.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[3]);
      w.write(new byte[5]);
      w.commit();
    }
    byte[] b = Files.readAllBytes(f);
    b[19 + 12 + 2] ^= 1; // inside the second record's payload (first record is 19 bytes)
    Files.write(f, b);
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("bad.record"), e.getMessage());
    assertTrue(e.getMessage().contains("record 1 at byte offset 19"), e.getMessage());
    assertTrue(e.getMessage().contains("data CRC"), e.getMessage());
  }

  @Test
  void read_flippedLengthCrc_isReported() throws Exception {
    Path f = tmp.resolve("len.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[3]);
      w.commit();
    }
    byte[] b = Files.readAllBytes(f);
    b[9] ^= 1;
    Files.write(f, b);
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("length CRC"), e.getMessage());
  }

  @Test
  void read_truncatedFile_isReported() throws Exception {
    Path f = tmp.resolve("cut.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[100]);
      w.commit();
    }
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, 50));
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("truncated"), e.getMessage());
  }

  /**
   * A record header with {@code length} and its valid masked CRC, so only the range check bites.
   */
  private static byte[] header(long length) {
    java.nio.ByteBuffer h =
        java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN).putLong(length);
    h.putInt(Crc32c.masked(h.array(), 0, 8));
    return h.array();
  }

  private Path afterOneGoodRecord(String name, byte[] tail) throws Exception {
    Path f = tmp.resolve(name);
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[3]);
      w.commit();
    }
    Files.write(f, tail, java.nio.file.StandardOpenOption.APPEND);
    return f;
  }

  @Test
  void read_lengthOfTwoToThe63_isRefusedWithFileAndOffset() throws Exception {
    for (long length : new long[] {Long.MIN_VALUE, Long.MAX_VALUE, 1L << 40, (1L << 30) + 1}) {
      Path f = afterOneGoodRecord("huge.record", header(length));
      DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
      assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("record 1 at byte offset 19"), e.getMessage());
      assertTrue(e.getMessage().contains("length " + length + " is out of range"), e.getMessage());
    }
  }

  @Test
  void read_gigabyteLengthInATinyFile_isTruncatedWithoutAllocatingIt() throws Exception {
    Path f = afterOneGoodRecord("liar.record", header(1L << 30));
    Runtime rt = Runtime.getRuntime();
    long before = rt.totalMemory() - rt.freeMemory();
    DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
    assertTrue(e.getMessage().contains("record 1 at byte offset 19"), e.getMessage());
    assertTrue(e.getMessage().contains("truncated record"), e.getMessage());
    long after = rt.totalMemory() - rt.freeMemory();
    assertTrue(after - before < 512L << 20, "allocated " + (after - before) + " bytes");
  }

  @Test
  void read_flippedBitsAnywhere_neverCrashOrHang() throws Exception {
    Path f = tmp.resolve("flip.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      w.write(new byte[40]);
      w.write("payload".getBytes(StandardCharsets.UTF_8));
      w.commit();
    }
    byte[] good = Files.readAllBytes(f);
    for (int bit = 0; bit < good.length * 8; bit++) {
      byte[] b = good.clone();
      b[bit / 8] ^= (byte) (1 << (bit % 8));
      Files.write(f, b);
      DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> readAll(f));
      assertTrue(e.getMessage().contains("byte offset"), e.getMessage());
    }
  }

  @Test
  void read_truncatedGzip_isReported() throws Exception {
    Path f = tmp.resolve("cut.record.gz");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.GZIP)) {
      w.write(new byte[100_000]);
      w.commit();
    }
    byte[] b = Files.readAllBytes(f);
    Files.write(f, Arrays.copyOf(b, b.length / 2));
    assertThrows(DatasetFormatException.class, () -> readAll(f));
  }

  @Test
  void read_pythonWrittenFiles_allCrcsValid() throws Exception {
    Path dir = Path.of(System.getProperty("detect.shared.data", "../shared/data"), "tfrecords");
    assertEquals(10, readAll(dir.resolve("pets_examples.record")).size());
    assertEquals(1, readAll(dir.resolve("snapshot_serengeti_sequence_examples.record")).size());
    assertEquals(
        3, readAll(dir.resolve("deeplab_pascal_voc_seg_val-00000-of-00001.tfrecord")).size());
  }

  @Property(tries = 50)
  void roundTrip_anyRecords(@ForAll @Size(max = 8) List<@Size(max = 300) byte[]> records)
      throws Exception {
    // jqwik does not inject JUnit's @TempDir.
    Path f = Files.createTempFile("detect-prop", ".record");
    f.toFile().deleteOnExit();
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.NONE)) {
      for (byte[] r : records) {
        w.write(r);
      }
      w.commit();
    }
    List<byte[]> back = readAll(f);
    assertEquals(records.size(), back.size());
    for (int i = 0; i < records.size(); i++) {
      assertArrayEquals(records.get(i), back.get(i));
    }
  }

  static List<byte[]> readAll(Path f) throws Exception {
    List<byte[]> out = new ArrayList<>();
    try (TfRecordFileReader r = TfRecordFileReader.open(f)) {
      for (Optional<byte[]> rec = r.next(); rec.isPresent(); rec = r.next()) {
        out.add(rec.get());
      }
    }
    return out;
  }
}
