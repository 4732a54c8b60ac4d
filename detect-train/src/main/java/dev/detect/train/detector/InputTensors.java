package dev.detect.train.detector;

import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
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
  private final ConcurrentLinkedDeque<TUint8> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final int capacity;
  private volatile boolean closed;

  InputTensors(int capacity) {
    this.capacity = capacity;
  }

  /** A tensor of shape {@code [1, height, width, 3]}, reused when one is idle; give it back. */
  TUint8 take(int height, int width) {
    TUint8 t = idle.pollFirst();
    if (t != null) {
      idleCount.decrementAndGet();
      Shape s = t.shape();
      if (s.get(1) == height && s.get(2) == width) {
        return t;
      }
      t.close();
    }
    return TUint8.tensorOf(Shape.of(1, height, width, 3));
  }

  /** Returns a tensor from {@link #take} for reuse (or closes it when full or closed). */
  void giveBack(TUint8 t) {
    if (closed || idleCount.incrementAndGet() > capacity) {
      idleCount.decrementAndGet();
      t.close();
      return;
    }
    idle.addFirst(t);
    if (closed) {
      drain(); // close() ran between the check and the add
    }
  }

  private void drain() {
    TUint8 t;
    while ((t = idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      t.close();
    }
  }

  /** Closes the idle tensors; tensors given back afterwards are closed at once. */
  @Override
  public void close() {
    closed = true;
    drain();
  }
}
