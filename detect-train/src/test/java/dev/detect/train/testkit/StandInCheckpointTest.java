package dev.detect.train.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.train.checkpoint.CheckpointIndex;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A stand-in of the TF2 zoo's {@code ckpt-0} has the real index's tensors, and TF restores them.
 */
class StandInCheckpointTest {
  static final Path CKPT0 =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"))
          .resolve(
              "models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/checkpoint/ckpt-0");

  @TempDir Path dir;

  @Test
  void write_tf2ZooIndex_writesTheSameNamesDtypesAndShapes() throws IOException {
    Path out = dir.resolve("ckpt-0");
    Map<String, float[]> values = StandInCheckpoint.write(CKPT0, out, 7);

    Map<String, CheckpointIndex.Entry> real = CheckpointIndex.read(CKPT0).entries();
    Map<String, CheckpointIndex.Entry> written = CheckpointIndex.read(out).entries();
    assertEquals(List.copyOf(real.keySet()), List.copyOf(written.keySet()));
    for (CheckpointIndex.Entry r : real.values()) {
      CheckpointIndex.Entry w = written.get(r.name());
      assertEquals(r.dtype(), w.dtype(), r.name());
      assertArrayEquals(r.shape(), w.shape(), r.name());
    }
    assertEquals(384, values.size(), "every float tensor");

    // TensorFlow finds each kind of entry by the names read back (RestoreV2 fails on a wrong one).
    String kernel =
        "model/_feature_extractor/classification_backbone/layer_with_weights-0/kernel"
            + "/.ATTRIBUTES/VARIABLE_VALUE";
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      var restore =
          tf.train.restore(
              tf.constant(out.toString()),
              tf.constant(
                  NdArrays.vectorOfObjects(
                      kernel,
                      "save_counter/.ATTRIBUTES/VARIABLE_VALUE",
                      "_CHECKPOINTABLE_OBJECT_GRAPH")),
              tf.constant(NdArrays.vectorOfObjects("", "", "")),
              List.of(TFloat32.class, TInt64.class, TString.class));
      try (var r =
          s.runner()
              .fetch(restore.tensors().get(0))
              .fetch(restore.tensors().get(1))
              .fetch(restore.tensors().get(2))
              .run()) {
        TFloat32 k = (TFloat32) r.get(0);
        assertEquals(3 * 3 * 3 * 32, k.size());
        assertEquals(values.get(kernel)[1 * 96 + 2 * 32], k.getFloat(0, 1, 2, 0));
        TInt64 counter = (TInt64) r.get(1);
        TString graph = (TString) r.get(2);
        assertEquals(0L, counter.getLong());
        assertEquals("", graph.getObject());
        assertEquals(DataType.DT_STRING, graph.dataType());
      }
    }
  }
}
