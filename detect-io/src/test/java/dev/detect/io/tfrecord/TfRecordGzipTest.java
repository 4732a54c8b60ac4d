package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GZIP TFRecord files: large records, corrupt headers. */
class TfRecordGzipTest {
  @TempDir Path tmp;

  @Test
  void open_corruptGzipHeader_isRefusedNamingTheFile() throws Exception {
    // Found by TfRecordFuzzTest: java.util.zip.ZipException "Unsupported compression method"
    // (and EOFException for a header cut short) escaped from open().
    Path f = tmp.resolve("bad.record.gz");
    byte[] gz = gzip(TfRecordFileWriter.frame(new byte[] {1, 2, 3}));
    byte[] badMethod = gz.clone();
    badMethod[2] = 13;
    for (byte[] bytes : List.of(badMethod, Arrays.copyOf(gz, 5))) {
      Files.write(f, bytes);
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> TfRecordFileReader.open(f));
      assertTrue(e.getMessage().startsWith(f + ": corrupt GZIP header"), e.getMessage());
    }
  }

  @Test
  void next_gzipRecordOfSeveralMegabytes_readsBack() throws Exception {
    Path f = tmp.resolve("big.record.gz");
    byte[] big = new byte[(3 << 20) + 5];
    for (int i = 0; i < big.length; i++) {
      big[i] = (byte) (i * 31 >> 7);
    }
    try (TfRecordFileWriter w = TfRecordFileWriter.open(f, TfRecordCompression.GZIP)) {
      w.write(big);
      w.commit();
    }
    try (TfRecordFileReader r = TfRecordFileReader.open(f)) {
      assertArrayEquals(big, r.next().orElseThrow());
      assertTrue(r.next().isEmpty());
    }
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }
}
