package dev.detect.train.input;

import java.util.Locale;
import java.util.function.BiFunction;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.NdArrays;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.DecodeJpeg;
import org.tensorflow.op.image.DecodePng;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.TUint8;

/**
 * TensorFlow's own image ops run through a graph and a session, on RGB HWC pixels, for comparison
 * with the Java pixel code. Each call builds and closes its own graph; every tensor is closed.
 */
final class TensorFlowImageOps {
  private TensorFlowImageOps() {}

  /** An RGB HWC image as TensorFlow decoded it: 8-bit values as floats in [0, 255]. */
  record Decoded(float[] pixels, int height, int width) {}

  /** Max and mean absolute difference, in levels of 255, over {@code count} values. */
  record Diff(double max, double mean, long count) {
    /** The difference between two arrays of the same length. */
    static Diff of(float[] expected, float[] actual) {
      if (expected.length != actual.length) {
        throw new IllegalArgumentException(expected.length + " vs " + actual.length + " values");
      }
      double max = 0;
      double sum = 0;
      for (int i = 0; i < expected.length; i++) {
        double d = Math.abs((double) expected[i] - actual[i]);
        max = Math.max(max, d);
        sum += d;
      }
      return new Diff(max, sum / expected.length, expected.length);
    }

    /** The worse of two differences (max of the maxima and of the means). */
    Diff worst(Diff other) {
      return new Diff(
          Math.max(max, other.max), Math.max(mean, other.mean), Math.max(count, other.count));
    }

    @Override
    public String toString() {
      return String.format(Locale.ROOT, "max %.6g, mean %.6g levels of 255", max, mean);
    }
  }

  /**
   * {@code ResizeBilinear} on float pixels with the given settings (the exporter uses {@code
   * half_pixel_centers=true}, {@code align_corners=false}).
   */
  static float[] resizeBilinear(
      float[] hwc,
      int height,
      int width,
      int outHeight,
      int outWidth,
      boolean halfPixelCenters,
      boolean alignCorners) {
    return run(
        hwc,
        height,
        width,
        outHeight * outWidth * 3,
        (tf, x) ->
            tf.reshape(
                tf.image.resizeBilinear(
                    tf.expandDims(x, tf.constant(0)),
                    tf.constant(new int[] {outHeight, outWidth}),
                    ResizeBilinear.halfPixelCenters(halfPixelCenters),
                    ResizeBilinear.alignCorners(alignCorners)),
                tf.constant(new int[] {outHeight, outWidth, 3})));
  }

  /**
   * Runs {@code op} on {@code hwc} fed as a float {@code [height, width, 3]} tensor and returns its
   * {@code outLength} float results.
   */
  static float[] run(
      float[] hwc,
      int height,
      int width,
      int outLength,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TFloat32> in =
          tf.placeholder(TFloat32.class, Placeholder.shape(Shape.of(height, width, 3)));
      Operand<TFloat32> out = op.apply(tf, in);
      try (TFloat32 t = TFloat32.tensorOf(Shape.of(height, width, 3), DataBuffers.of(hwc));
          Result r = s.runner().feed(in, t).fetch(out).run()) {
        float[] values = new float[outLength];
        r.get(0).asRawTensor().data().asFloats().read(values);
        return values;
      }
    }
  }

  /**
   * What one of the OD API's {@code random_adjust_*} steps does with a float image in [0, 255]:
   * divide by 255, apply the {@code tf.image} op, multiply by 255 and clip to [0, 255].
   */
  static Operand<TFloat32> odApiStep(
      Ops tf, Operand<TFloat32> x, BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op) {
    return tf.clipByValue(
        tf.math.mul(op.apply(tf, tf.math.div(x, tf.constant(255f))), tf.constant(255f)),
        tf.constant(0f),
        tf.constant(255f));
  }

  /** {@link #odApiStep} of {@code op} on {@code hwc}. */
  static float[] odApiStep(
      float[] hwc,
      int height,
      int width,
      BiFunction<Ops, Operand<TFloat32>, Operand<TFloat32>> op) {
    return run(hwc, height, width, hwc.length, (tf, x) -> odApiStep(tf, x, op));
  }

  /**
   * {@code DecodeJpeg(channels=3)} with the given {@code dct_method} ({@code ""} is TensorFlow's
   * default, the one {@code decode_image} and the OD API's decoder use).
   */
  static Decoded decodeJpeg(byte[] encoded, String dctMethod) {
    return decode(
        encoded,
        (tf, c) ->
            tf.image.decodeJpeg(c, DecodeJpeg.channels(3L), DecodeJpeg.dctMethod(dctMethod)));
  }

  /** {@code DecodePng(channels=3)}: alpha dropped, gray replicated. */
  static Decoded decodePng(byte[] encoded) {
    return decode(
        encoded, (tf, c) -> tf.image.decodePng(c, TUint8.class, DecodePng.channels(3L)).image());
  }

  private static Decoded decode(
      byte[] encoded, BiFunction<Ops, Operand<TString>, Operand<TUint8>> op) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TString> in = tf.placeholder(TString.class, Placeholder.shape(Shape.scalar()));
      Operand<TUint8> image = op.apply(tf, in);
      try (TString t = TString.tensorOfBytes(NdArrays.scalarOfObject(encoded));
          Result r = s.runner().feed(in, t).fetch(image).run()) {
        Shape shape = r.get(0).shape();
        int h = (int) shape.get(0);
        int w = (int) shape.get(1);
        byte[] bytes = new byte[h * w * 3];
        r.get(0).asRawTensor().data().read(bytes);
        float[] px = new float[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
          px[i] = bytes[i] & 0xff;
        }
        return new Decoded(px, h, w);
      }
    }
  }
}
