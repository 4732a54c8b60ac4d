package dev.detect.train.detector;

import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.types.TUint8;

/** TensorFlow's own {@code ResizeBilinear} (defaults), rounded half to even and cast to bytes. */
final class ResizeByTensorFlow {
  private ResizeByTensorFlow() {}

  static byte[] resize(byte[] rgb, int height, int width, int outHeight, int outWidth) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Placeholder<TUint8> in = tf.placeholder(TUint8.class);
      var resized =
          tf.dtypes.cast(
              tf.math.round(
                  tf.image.resizeBilinear(in, tf.constant(new int[] {outHeight, outWidth}))),
              TUint8.class);
      try (TUint8 t = TUint8.tensorOf(Shape.of(1, height, width, 3), DataBuffers.of(rgb));
          Result r = s.runner().feed(in, t).fetch(resized).run()) {
        byte[] bytes = new byte[outHeight * outWidth * 3];
        r.get(0).asRawTensor().data().read(bytes);
        return bytes;
      }
    }
  }
}
