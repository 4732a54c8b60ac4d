package dev.detect.train.detector;

import dev.detect.train.internal.ReusePool;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.types.TUint8;

/**
 * Reusable {@code [1, height, width, 3]} uint8 input tensors. A fresh tensor of a 640×480 image
 * costs more than the copy into it (TensorFlow maps new memory for it, page by page), so the
 * Detector keeps up to {@code capacity} idle ones — one per concurrent caller — and rewrites them.
 * A tensor is only handed to one caller at a time. Thread-safe; {@link #close()} closes the idle
 * ones and every one given back later.
 */
final class InputTensors implements AutoCloseable {
  private final ReusePool<TUint8> pool;

  InputTensors(int capacity) {
    this.pool = new ReusePool<>(capacity, TUint8::close);
  }

  /** A tensor of shape {@code [1, height, width, 3]}, reused when one is idle; give it back. */
  TUint8 take(int height, int width) {
    TUint8 t = pool.take(s -> s.shape().get(1) == height && s.shape().get(2) == width);
    return t != null ? t : TUint8.tensorOf(Shape.of(1, height, width, 3));
  }

  /** Returns a tensor from {@link #take} for reuse (or closes it when full or closed). */
  void giveBack(TUint8 t) {
    pool.giveBack(t);
  }

  /** Closes the idle tensors; tensors given back afterwards are closed at once. */
  @Override
  public void close() {
    pool.close();
  }
}
