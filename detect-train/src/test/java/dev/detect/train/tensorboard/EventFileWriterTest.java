package dev.detect.train.tensorboard;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.tfrecord.TfRecordFileReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
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
  void aReaderWhileTheFileGrows_neverSeesATornRecord() throws Exception {
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
        count += readAll(f).size(); // throws on a torn or corrupt record
      }
      assertTrue(count >= lastCount, "events never disappear");
      lastCount = count;
      reads++;
    }
    writer.join();
    long total = 0;
    for (Path f : eventFiles(dir)) {
      total += readAll(f).size() - 1;
    }
    assertEquals(400, total);
  }

  @Test
  void aKillDuringARewrite_leavesTheOldCompleteFile_andATemporaryNoReaderPicksUp()
      throws Exception {
    Path file;
    try (EventFileWriter w = EventFileWriter.create(dir)) {
      w.scalars(1, Map.of("Loss/total_loss", 1.0));
      file = w.file();
    }
    byte[] complete = Files.readAllBytes(file);
    // What a SIGKILL in the middle of the next rewrite leaves: the temporary, half-written, never
    // committed nor deleted.
    AtomicFiles.PendingFile killed = AtomicFiles.open(file);
    killed.stream().write(complete, 0, complete.length / 2);
    killed.stream().flush();
    List<Path> all;
    try (Stream<Path> s = Files.list(dir)) {
      all = s.toList();
    }
    assertEquals(2, all.size(), all.toString());
    assertEquals(List.of(file), eventFiles(dir), "TensorBoard sees only the complete file");
    assertArrayEquals(complete, Files.readAllBytes(file));
    assertEquals(2, readAll(file).size());
    Path leftover = all.stream().filter(p -> !p.equals(file)).findFirst().orElseThrow();
    assertFalse(leftover.getFileName().toString().contains("tfevents"), leftover.toString());
    assertTrue(leftover.getFileName().toString().startsWith("."), "hidden");
    // the next run sweeps it
    assertEquals(1, AtomicFiles.deleteStaleTemporaries(dir));
    assertEquals(List.of(file), eventFiles(dir));
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
  @SuppressWarnings("unchecked")
  static List<byte[]> readWithTensorFlow(Path file) {
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
        }
        try (r) {
          out.add(((TString) r.get(0)).asBytes().getObject());
        }
      }
    }
  }
}
