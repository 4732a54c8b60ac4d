package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RecordSourceTest {
  @TempDir Path dir;

  @Test
  void knownRecords_comeWithoutPayload_inTheSameOrder() throws Exception {
    List<Path> files = new ArrayList<>();
    for (int f = 0; f < 2; f++) {
      Path file = dir.resolve("part-" + f + ".record");
      TfRecordCompression c = f == 0 ? TfRecordCompression.NONE : TfRecordCompression.GZIP;
      try (TfRecordFileWriter w = TfRecordFileWriter.open(file, c)) {
        for (int i = 0; i < 7; i++) {
          w.write(payload(f, i));
        }
        w.commit();
      }
      files.add(file);
    }
    List<RecordSource.Element> all = read(files, (file, record) -> false);
    // every other record known, from the second epoch on as in training
    List<RecordSource.Element> some = read(files, (file, record) -> record % 2 == 0);
    assertEquals(3 * 14, all.size());
    assertEquals(all.size(), some.size());
    for (int i = 0; i < all.size(); i++) {
      RecordSource.Element a = all.get(i);
      RecordSource.Element s = some.get(i);
      assertEquals(a.source() + " epoch " + a.epoch(), s.source() + " epoch " + s.epoch());
      assertArrayEquals(payload(a.fileIndex(), (int) a.recordIndex()), a.record());
      if (s.recordIndex() % 2 == 0) {
        assertNull(s.record(), s.source());
      } else {
        assertNotNull(s.record(), s.source());
        assertArrayEquals(a.record(), s.record(), s.source());
      }
    }
  }

  private static List<RecordSource.Element> read(List<Path> files, RecordSource.Known known)
      throws Exception {
    List<RecordSource.Element> out = new ArrayList<>();
    new RecordSource(files, known, true, 5, 7, 3).run(out::add);
    return out;
  }

  private static byte[] payload(int file, int record) {
    return ("file " + file + " record " + record)
        .repeat(1 + record * 500)
        .getBytes(StandardCharsets.UTF_8);
  }
}
