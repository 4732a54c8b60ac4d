package dev.detect.train.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.tfrecord.TfRecordFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Operation;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TFOutOfRangeException;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Ops;
import org.tensorflow.op.data.Iterator;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;
import org.tensorflow.types.TString;

/**
 * Our event files read back with TensorFlow's own code path: the native TFRecord reader (which
 * checks every CRC, as TensorBoard's does) and the {@code tensorflow.Event} proto.
 */
class EventFileWriterTest {
  @TempDir Path dir;

  @Test
  void tensorflowReadsTheVersionRecordThenOurScalars() throws Exception {
    Path file;
    Map<String, Double> first = new LinkedHashMap<>();
    first.put("Loss/total_loss", 2.5);
    first.put("learning_rate", 0.004);
    try (EventFileWriter w = EventFileWriter.create(dir.resolve("train"))) {
      file = w.file();
      w.scalars(100, first);
      w.scalars(200, Map.of("Loss/total_loss", 1.25));
    }
    assertTrue(file.getFileName().toString().startsWith("events.out.tfevents."), file.toString());
    assertEquals(dir.resolve("train"), file.getParent());

    List<Event> events = new ArrayList<>();
    for (byte[] record : readWithTensorFlow(file)) {
      events.add(Event.parseFrom(record));
    }
    assertEquals(3, events.size());
    assertEquals("brain.Event:2", events.get(0).getFileVersion());
    assertTrue(events.get(0).getWallTime() > 1.6e9, "wall time in seconds");

    Event e1 = events.get(1);
    assertEquals(100, e1.getStep());
    List<Summary.Value> values = e1.getSummary().getValueList();
    assertEquals(2, values.size());
    assertEquals("Loss/total_loss", values.get(0).getTag());
    assertEquals(2.5f, values.get(0).getSimpleValue());
    assertEquals("learning_rate", values.get(1).getTag());
    assertEquals(0.004f, values.get(1).getSimpleValue());

    Event e2 = events.get(2);
    assertEquals(200, e2.getStep());
    assertEquals("Loss/total_loss", e2.getSummary().getValue(0).getTag());
    assertEquals(1.25f, e2.getSummary().getValue(0).getSimpleValue());
    assertTrue(e2.getWallTime() >= e1.getWallTime());
  }

  @Test
  void theFileTensorBoardOpened_keepsGrowing_withEachScalar() throws Exception {
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      w.scalars(1, Map.of("Loss/total_loss", 1.0));
      Path file = w.file();
      // TensorBoard opens the file once and reads what is appended to it, through the same handle.
      try (FileChannel tail = FileChannel.open(file, StandardOpenOption.READ)) {
        List<byte[]> first = EventRecords.next(tail);
        assertEquals(2, first.size());
        assertEquals("brain.Event:2", Event.parseFrom(first.get(0)).getFileVersion());
        assertEquals(1, Event.parseFrom(first.get(1)).getStep());
        for (long step = 2; step <= 4; step++) {
          w.scalars(step, Map.of("Loss/total_loss", 1.0 / step));
          List<byte[]> more = EventRecords.next(tail);
          assertEquals(1, more.size(), "step " + step + " seen through the open handle");
          assertEquals(step, Event.parseFrom(more.get(0)).getStep());
        }
        assertEquals(file, w.file());
        assertEquals(List.of(), EventRecords.next(tail));
      }
    }
  }

  @Test
  void twoWritersInTheSameSecond_getTwoFiles() throws Exception {
    try (EventFileWriter a = EventFileWriter.create(dir);
        EventFileWriter b = EventFileWriter.create(dir)) {
      assertNotEquals(a.file(), b.file());
    }
  }

  @Test
  void rollsOver_toFilesThatSortInWritingOrder_eachReadableByTensorFlow() throws Exception {
    List<Path> files = new ArrayList<>();
    try (EventFileWriter w = EventFileWriter.create(dir, 300)) {
      for (long step = 1; step <= 20; step++) {
        w.scalars(step, Map.of("Loss/total_loss", 1.0 / step));
        if (!files.contains(w.file())) {
          files.add(w.file());
        }
      }
    }
    assertTrue(files.size() > 3, files.toString());
    assertEquals(files, eventFiles(dir), "name order is writing order");
    String stem = files.get(0).getFileName().toString().replaceFirst("\\.000000$", "");
    assertTrue(stem.matches("events\\.out\\.tfevents\\.\\d{10}\\..+\\.\\d+"), stem);
    for (int i = 0; i < files.size(); i++) {
      assertEquals(
          stem + String.format(Locale.ROOT, ".%06d", i), files.get(i).getFileName().toString());
    }
    List<Long> steps = new ArrayList<>();
    for (Path f : files) {
      List<byte[]> records = readWithTensorFlow(f);
      assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion(), f.toString());
      for (byte[] r : records.subList(1, records.size())) {
        steps.add(Event.parseFrom(r).getStep());
      }
    }
    assertEquals(LongStream.rangeClosed(1, 20).boxed().toList(), steps);
  }

  @Test
  void aReaderWhileTheFileGrows_seesEveryCompleteRecord_andNeverACorruptOne() throws Exception {
    AtomicBoolean done = new AtomicBoolean();
    Thread writer =
        new Thread(
            () -> {
              try (EventFileWriter w = EventFileWriter.create(dir, 4096)) {
                for (long step = 1; step <= 400; step++) {
                  w.scalars(step, Map.of("Loss/total_loss", 0.5, "learning_rate", 0.01));
                }
              } catch (IOException e) {
                throw new UncheckedIOException(e);
              } finally {
                done.set(true);
              }
            });
    writer.start();
    int reads = 0;
    long lastCount = 0;
    while (!done.get() || reads == 0) {
      long count = 0;
      for (Path f : eventFiles(dir)) {
        // a record still being written at the end is left for the next read; a CRC mismatch throws
        count += EventRecords.complete(f).size();
      }
      assertTrue(count >= lastCount, "events never disappear");
      lastCount = count;
      reads++;
    }
    writer.join();
    long total = 0;
    for (Path f : eventFiles(dir)) {
      total += readAll(f).size() - 1; // once closed, every record is complete
    }
    assertEquals(400, total);
  }

  @Test
  void aTornLastRecord_leavesTheEarlierOnesReadable_byTensorFlowAsTensorBoardReadsIt()
      throws Exception {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      for (long step = 1; step <= 3; step++) {
        w.scalars(step, Map.of("Loss/total_loss", 1.0 / step));
      }
      file = w.file();
    }
    long full = Files.size(file);
    int last = EventRecords.complete(file).get(3).length + 16;
    // What a crash in the middle of the last append can leave: the file ends inside the record,
    // here inside its data CRC, its data, or its header.
    for (long cut : new long[] {3, last - 14, last - 5}) {
      Path torn = dir.resolve("torn").resolve(file.getFileName().toString() + "-" + cut);
      Files.createDirectories(torn.getParent());
      Files.copy(file, torn);
      try (FileChannel ch = FileChannel.open(torn, StandardOpenOption.WRITE)) {
        ch.truncate(full - cut);
      }
      List<Long> steps = new ArrayList<>();
      List<byte[]> records = readWithTensorFlowAsTensorBoard(torn);
      assertEquals(3, records.size(), "cut " + cut);
      assertEquals("brain.Event:2", Event.parseFrom(records.get(0)).getFileVersion());
      for (byte[] r : records.subList(1, records.size())) {
        steps.add(Event.parseFrom(r).getStep());
      }
      assertEquals(List.of(1L, 2L), steps, "cut " + cut);
      assertEquals(3, EventRecords.complete(torn).size(), "cut " + cut);
      // the strict reader of detect's own TFRecord files reports it
      assertThrows(DatasetFormatException.class, () -> readAll(torn), "cut " + cut);
    }
  }

  @Test
  void appendsInPlace_leavingNoTemporaryFile_andCloseTwiceIsHarmless() throws Exception {
    EventFileWriter w = EventFileWriter.create(dir);
    w.scalars(1, Map.of("Loss/total_loss", 1.0));
    Object inode = Files.readAttributes(w.file(), BasicFileAttributes.class).fileKey();
    w.scalars(2, Map.of("Loss/total_loss", 0.5));
    assertEquals(inode, Files.readAttributes(w.file(), BasicFileAttributes.class).fileKey());
    try (Stream<Path> s = Files.list(dir)) {
      assertEquals(List.of(w.file()), s.toList());
    }
    w.close();
    w.close();
    assertThrows(IllegalStateException.class, () -> w.scalars(3, Map.of("x", 1.0)));
    assertEquals(3, readAll(w.file()).size());
  }

  /** The files TensorBoard would load from {@code dir}, in its (name) order. */
  static List<Path> eventFiles(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(p -> p.getFileName().toString().contains("tfevents")).sorted().toList();
    }
  }

  /** Every record of {@code file}, read with CRC checks; throws on a torn record. */
  static List<byte[]> readAll(Path file) throws IOException {
    List<byte[]> out = new ArrayList<>();
    try (TfRecordFileReader r = TfRecordFileReader.open(file)) {
      for (Optional<byte[]> rec = r.next(); rec.isPresent(); rec = r.next()) {
        out.add(rec.get());
      }
    }
    return out;
  }

  /** Every record of {@code file}, read by TensorFlow's v1 TFRecordDataset op. */
  static List<byte[]> readWithTensorFlow(Path file) {
    return readWithTensorFlow(file, false);
  }

  /**
   * The records of {@code file} read by TensorFlow's v1 TFRecordDataset op as TensorBoard's event
   * loader reads them: it stops at the end of the file and at a truncated record (TensorFlow's
   * {@code DATA_LOSS} "truncated record", which it retries later), keeping the records before.
   */
  static List<byte[]> readWithTensorFlowAsTensorBoard(Path file) {
    return readWithTensorFlow(file, true);
  }

  @SuppressWarnings("unchecked")
  private static List<byte[]> readWithTensorFlow(Path file, boolean stopAtTruncated) {
    List<byte[]> out = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Operation ds =
          g.opBuilder("TFRecordDataset", "records", tf.scope())
              .addInput(tf.constant(file.toString()).asOutput())
              .addInput(tf.constant("").asOutput())
              .addInput(tf.constant(256 * 1024L).asOutput())
              .build();
      Iterator it = tf.data.iterator("", "", List.of(TString.class), List.of(Shape.scalar()));
      Operation init = tf.data.makeIterator(ds.output(0), it).op();
      Operand<TString> next =
          (Operand<TString>)
              (Operand<?>)
                  tf.data
                      .iteratorGetNext(it, List.of(TString.class), List.of(Shape.scalar()))
                      .components()
                      .get(0);
      s.runner().addTarget(init).run().close();
      while (true) {
        Result r;
        try {
          r = s.runner().fetch(next).run();
        } catch (TFOutOfRangeException end) {
          return out;
        } catch (TensorFlowException e) {
          if (stopAtTruncated && e.getMessage().contains("truncated record")) {
            return out;
          }
          throw e;
        }
        try (r) {
          out.add(((TString) r.get(0)).asBytes().getObject());
        }
      }
    }
  }
}
