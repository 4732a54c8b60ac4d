package dev.detect.train.testkit;

import dev.detect.train.checkpoint.CheckpointIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.TString;

/**
 * A stand-in for a model-zoo checkpoint whose data shards are not available here: a V2 checkpoint
 * written with TensorFlow's own {@code SaveV2} that holds exactly the tensors a real {@code .index}
 * lists (same names, dtypes and shapes) with seeded random values.
 */
public final class StandInCheckpoint {
  private StandInCheckpoint() {}

  /**
   * Writes {@code out} ({@code out.index} + {@code out.data-00000-of-00001}) with the tensors of
   * the real checkpoint {@code real} (TF1 or TF2 index): floats uniform in [-0.5, 0.5) from {@code
   * seed} and the name, integers 0, strings empty.
   *
   * <p>Strings: a TF2 checkpoint's {@code _CHECKPOINTABLE_OBJECT_GRAPH} (a scalar string holding a
   * serialized {@code TrackableObjectGraph}) is written as the empty string, which has the right
   * name, dtype and shape for restoring by name, but Python's object-based {@code
   * tf.train.Checkpoint.restore} cannot use the stand-in.
   *
   * @return every float tensor's values by name (row-major)
   */
  public static Map<String, float[]> write(Path real, Path out, long seed) throws IOException {
    Map<String, float[]> values = new LinkedHashMap<>();
    List<Tensor> held = new ArrayList<>();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      List<Operand<?>> tensors = new ArrayList<>();
      List<byte[]> names = new ArrayList<>();
      for (CheckpointIndex.Entry e : CheckpointIndex.read(real).entries().values()) {
        Shape shape = Shape.of(e.shape());
        Tensor t;
        if (e.dtype() == DataType.DT_FLOAT) {
          float[] v = random(e.name(), (int) shape.size(), seed);
          values.put(e.name(), v);
          t = TFloat32.tensorOf(shape, DataBuffers.of(v, true, false));
        } else if (e.dtype() == DataType.DT_INT64) {
          // tensorOf(shape) alone leaves the memory uninitialized: zeros must be written.
          t = TInt64.tensorOf(shape, DataBuffers.of(new long[(int) shape.size()], true, false));
        } else if (e.dtype() == DataType.DT_INT32) {
          t = TInt32.tensorOf(shape, DataBuffers.of(new int[(int) shape.size()], true, false));
        } else if (e.dtype() == DataType.DT_STRING) {
          byte[][] empty = new byte[(int) shape.size()][0];
          t = TString.tensorOfBytes(shape, DataBuffers.ofObjects(empty));
        } else {
          throw new IllegalArgumentException(e.name() + ": dtype " + e.dtype() + " not handled");
        }
        held.add(t);
        tensors.add(tf.constantOf((org.tensorflow.types.family.TType) t));
        names.add(e.name().getBytes(StandardCharsets.UTF_8));
      }
      byte[][] slices = new byte[names.size()][0];
      try (TString n =
              TString.tensorOfBytes(
                  Shape.of(names.size()), DataBuffers.ofObjects(names.toArray(byte[][]::new)));
          TString sl =
              TString.tensorOfBytes(Shape.of(names.size()), DataBuffers.ofObjects(slices))) {
        s.runner()
            .addTarget(
                tf.train.save(
                    tf.constant(out.toString()), tf.constantOf(n), tf.constantOf(sl), tensors))
            .run()
            .close();
      }
    } finally {
      held.forEach(Tensor::close);
    }
    return values;
  }

  /** The stand-in values of one tensor: uniform in [-0.5, 0.5), seeded by seed and name. */
  static float[] random(String name, int count, long seed) {
    SplittableRandom r = new SplittableRandom(seed * 31 + name.hashCode());
    float[] v = new float[count];
    for (int i = 0; i < count; i++) {
      v[i] = (float) (r.nextDouble() - 0.5);
    }
    return v;
  }
}
