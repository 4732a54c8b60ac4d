package dev.detect.train;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.ssd.OptimizerSpec;
import dev.detect.train.ssd.SsdSpec;
import dev.detect.train.ssd.SsdSpecs;
import dev.detect.train.ssd.SsdTrainingGraph;
import java.util.Iterator;
import java.util.Locale;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.proto.DataType;

/**
 * An estimate of the memory that training a config's model takes, before anything runs: what a
 * batch size costs, and the largest batch that fits. Zoo configs are written for TPU pods ({@code
 * batch_size: 128} or more); on a CPU or one GPU such a batch may need tens of GiB, and the
 * estimate says so before training starts ({@code detect config} and {@code detect train} warn).
 *
 * <p>The estimate is static: the training graph (network, losses, gradients, optimizer) is built at
 * batch 1 and at batch 2, and every tensor whose size the graph states is summed; the difference is
 * the tensor memory of one more image. TensorFlow frees most intermediate tensors as soon as their
 * consumers ran, so the peak is a fraction of that sum ({@link #LIVE_FRACTION}), and the variables,
 * their optimizer slots and the process's baseline ({@link #RUNTIME_BYTES}) come on top. Both
 * constants were measured with the peak resident memory of {@code detect train} (the zoo's {@code
 * ssd_mobilenet_v2_320x320_coco17_tpu-8} config on the raccoon set, CPU): 1.51, 2.02 and 3.56 GB at
 * batch 1, 4 and 12, that is 174–197 MiB per image against an estimate of 178 MiB (num_classes 1).
 *
 * @param fixedBytes bytes that do not grow with the batch: variables, optimizer slots and the
 *     TensorFlow runtime's own baseline
 * @param bytesPerImage bytes each image of a batch adds
 */
public record TrainingMemory(long fixedBytes, long bytesPerImage) {
  /** The share of the per-image tensor sum that is alive at the peak of a training step. */
  static final double LIVE_FRACTION = 0.6;

  /**
   * Resident memory of the training process apart from the variables and the per-image tensors: the
   * JVM and its heap, the TensorFlow runtime, the input pipeline's queues and cache.
   */
  static final long RUNTIME_BYTES = 1300L << 20;

  /**
   * Estimates the memory of training {@code config}'s model.
   *
   * @throws IllegalArgumentException when the config's model is not one detect trains
   */
  public static TrainingMemory estimate(PipelineConfig config) {
    SsdSpec spec = SsdSpecs.from(config);
    OptimizerSpec optimizer = SsdSpecs.optimizer(config);
    long[] one = tensorBytes(spec, optimizer, 1);
    long[] two = tensorBytes(spec, optimizer, 2);
    long perImage = Math.max(0, two[0] - one[0]);
    return new TrainingMemory(RUNTIME_BYTES + one[1], (long) Math.ceil(perImage * LIVE_FRACTION));
  }

  /** The estimated peak memory of training with {@code batchSize} images per step. */
  public long bytes(int batchSize) {
    return fixedBytes + (long) batchSize * bytesPerImage;
  }

  /** The largest batch whose estimate fits in {@code availableBytes} (0 when none does). */
  public int largestBatch(long availableBytes) {
    long left = availableBytes - fixedBytes;
    return left <= 0 || bytesPerImage == 0
        ? 0
        : (int) Math.min(Integer.MAX_VALUE, left / bytesPerImage);
  }

  /** {@code bytes} in GiB (or MiB below one GiB), one decimal. */
  public static String format(long bytes) {
    return bytes >= 1L << 30
        ? String.format(Locale.ROOT, "%.1f GiB", bytes / (double) (1L << 30))
        : String.format(Locale.ROOT, "%.0f MiB", bytes / (double) (1L << 20));
  }

  /**
   * Sums the graph's tensors at {@code batchSize}: {@code [0]} every op output whose shape is
   * static, {@code [1]} the variables (model variables and optimizer slots).
   */
  private static long[] tensorBytes(SsdSpec spec, OptimizerSpec optimizer, int batchSize) {
    try (Graph graph = new Graph()) {
      new SsdTrainingGraph(graph, spec, optimizer, batchSize, 0L);
      long outputs = 0;
      long variables = 0;
      for (Iterator<GraphOperation> it = graph.operations(); it.hasNext(); ) {
        GraphOperation op = it.next();
        boolean variable = op.type().startsWith("Variable");
        for (int i = 0; i < op.numOutputs(); i++) {
          Output<?> out = op.output(i);
          long bytes = bytes(out.shape(), elementSize(out.dataType()));
          if (variable) {
            variables += bytes;
          } else if (!out.dataType().name().endsWith("_REF")) {
            outputs += bytes;
          }
        }
      }
      return new long[] {outputs, variables};
    }
  }

  private static long bytes(Shape shape, int elementSize) {
    if (elementSize == 0 || shape.isUnknown()) {
      return 0;
    }
    long n = elementSize;
    for (int d = 0; d < shape.numDimensions(); d++) {
      long size = shape.get(d);
      if (size < 0) {
        return 0;
      }
      n *= size;
    }
    return n;
  }

  private static int elementSize(DataType type) {
    return switch (type) {
      case DT_FLOAT, DT_INT32, DT_FLOAT_REF, DT_INT32_REF -> 4;
      case DT_DOUBLE, DT_INT64, DT_DOUBLE_REF, DT_INT64_REF -> 8;
      case DT_UINT8, DT_INT8, DT_BOOL, DT_UINT8_REF, DT_BOOL_REF -> 1;
      case DT_HALF, DT_BFLOAT16, DT_INT16 -> 2;
      default -> 0;
    };
  }
}
