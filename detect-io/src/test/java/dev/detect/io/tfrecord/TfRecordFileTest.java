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
