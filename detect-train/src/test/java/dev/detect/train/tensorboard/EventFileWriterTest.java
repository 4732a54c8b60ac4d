package dev.detect.train.tensorboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
