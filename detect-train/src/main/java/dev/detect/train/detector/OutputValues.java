package dev.detect.train.detector;

import org.tensorflow.Tensor;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TFloat64;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/** Reads a model's numeric outputs (float, double, int64 or int32 tensors) as floats. */
final class OutputValues {
  private OutputValues() {}

  /**
   * All values of a numeric tensor as floats, in row-major order (a {@code [1, N, 4]} box tensor
   * gives {@code 4 · N} values), read with one bulk copy.
   */
  static float[] floats(Tensor t) {
    int n = Math.toIntExact(t.shape().size());
    float[] out = new float[n];
    if (t instanceof TFloat32 f) {
      f.copyTo(DataBuffers.of(out, false, false));
    } else if (t instanceof TFloat64 d) {
      double[] v = new double[n];
      d.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = (float) v[i];
      }
    } else if (t instanceof TInt64 l) {
      long[] v = new long[n];
      l.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = v[i];
      }
    } else if (t instanceof TInt32 i32) {
      int[] v = new int[n];
      i32.copyTo(DataBuffers.of(v, false, false));
      for (int i = 0; i < n; i++) {
        out[i] = v[i];
      }
    } else {
      throw new IllegalStateException("unexpected output type " + t.dataType());
    }
    return out;
  }
}
