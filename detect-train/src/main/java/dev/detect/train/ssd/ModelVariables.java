package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.tensorflow.Graph;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;

/**
 * Creates the model's variables under their OD API names. In a training graph they get initial
 * values computed in Java from a seed (deterministic on any machine); in an inference graph they
 * are left uninitialized, to be restored from a checkpoint.
 */
final class ModelVariables {
  /** How a variable starts. */
  enum Init {
    TRUNCATED_NORMAL,
    NORMAL,
    CONSTANT,
    /** Uniform in {@code [-value, value]} (Keras' glorot_uniform with its limit as the value). */
    UNIFORM
  }

  /** A created variable and what the trainer needs to know about it. */
  record Entry(
      String name, Output<TFloat32> variable, long[] shape, boolean trainable, double l2) {}

  private final Graph graph;
  private final Ops init;
  private final boolean initialize;
  private final SplittableRandom random;
  private final Map<String, Entry> entries = new LinkedHashMap<>();

  ModelVariables(Graph graph, Ops tf, boolean initialize, long seed) {
    this.graph = graph;
    this.init = tf.withInitScope();
    this.initialize = initialize;
    this.random = new SplittableRandom(seed);
  }

  /**
   * Creates the variable {@code path} (e.g. {@code FeatureExtractor/MobilenetV2/Conv/weights}).
   *
   * @param value stddev for the normal inits, the value for CONSTANT
   * @param l2 L2 regularizer weight, 0 for none
   */
  Output<TFloat32> create(
      String path, long[] shape, Init kind, double value, boolean trainable, double l2) {
    Output<TFloat32> v = raw(path, shape);
    if (initialize) {
      init.assign(v, init.constant(Shape.of(shape), DataBuffers.of(values(shape, kind, value))));
    }
    entries.put(path, new Entry(path, v, shape.clone(), trainable, l2));
    return v;
  }

  /**
   * A float variable with exactly the name {@code path} (not registered as a model variable, not
   * initialized): for optimizer slots and other state the caller initializes.
   */
  Output<TFloat32> raw(String path, long[] shape) {
    if (entries.containsKey(path) || graph.operation(path) != null) {
      throw new IllegalStateException("variable " + path + " created twice");
    }
    // An explicit op name keeps the OD API's names exactly (scopes would rename on reuse).
    return graph
        .opBuilder("VariableV2", path, init.scope())
        .setAttr("shape", Shape.of(shape))
        .setAttr("dtype", DataType.DT_FLOAT)
        .build()
        .output(0);
  }

  /** Initializes {@code v} (in the init scope) with a constant value. */
  void initialize(Output<TFloat32> v, long[] shape, double value) {
    init.assign(
        v, init.constant(Shape.of(shape), DataBuffers.of(values(shape, Init.CONSTANT, value))));
  }

  private float[] values(long[] shape, Init kind, double value) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    float[] out = new float[Math.toIntExact(n)];
    for (int i = 0; i < out.length; i++) {
      out[i] =
          switch (kind) {
            case CONSTANT -> (float) value;
            case NORMAL -> (float) (gaussian() * value);
            case TRUNCATED_NORMAL -> (float) (truncatedGaussian() * value);
            case UNIFORM -> (float) ((2 * random.nextDouble() - 1) * value);
          };
    }
    return out;
  }

  private double gaussian() {
    double u1 = random.nextDouble();
    double u2 = random.nextDouble();
    return Math.sqrt(-2 * Math.log(1 - u1)) * Math.cos(2 * Math.PI * u2);
  }

  private double truncatedGaussian() {
    double g;
    do {
      g = gaussian();
    } while (Math.abs(g) > 2);
    return g;
  }

  /** Every variable in creation order. */
  List<Entry> all() {
    return new ArrayList<>(entries.values());
  }

  /** The trainable variables in creation order. */
  List<Entry> trainable() {
    List<Entry> out = new ArrayList<>();
    for (Entry e : entries.values()) {
      if (e.trainable()) {
        out.add(e);
      }
    }
    return out;
  }
}
