package dev.detect.train.internal;

import java.util.Objects;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Idle native resources kept for reuse, for those whose allocation costs more than refilling them
 * (a fresh tensor of a few megabytes costs the page faults of new memory and, when freed, the other
 * cores' TLB flushes). At most {@code capacity} are kept, the most recently returned first.
 * Thread-safe; after {@link #close()} the idle ones are closed and any returned later is closed at
 * once.
 *
 * @param <T> the resource type
 */
public final class ReusePool<T> implements AutoCloseable {
  private final ConcurrentLinkedDeque<T> idle = new ConcurrentLinkedDeque<>();
  private final AtomicInteger idleCount = new AtomicInteger();
  private final int capacity;
  private final Consumer<T> closer;
  private volatile boolean closed;

  /** A pool keeping up to {@code capacity} idle resources, released with {@code closer}. */
  public ReusePool(int capacity, Consumer<T> closer) {
    if (capacity < 1) {
      throw new IllegalArgumentException("capacity must be >= 1, got " + capacity);
    }
    this.capacity = capacity;
    this.closer = Objects.requireNonNull(closer, "closer");
  }

  /**
   * An idle resource that {@code fits}, or null when none is idle; idle ones that do not fit are
   * closed on the way (their shape is out of use). The caller owns the result until {@link
   * #giveBack}.
   */
  public T take(Predicate<T> fits) {
    T t;
    while ((t = idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      if (fits.test(t)) {
        return t;
      }
      closer.accept(t);
    }
    return null;
  }

  /** Returns a resource for reuse, or closes it when the pool is full or closed. */
  public void giveBack(T t) {
    if (closed) {
      closer.accept(t);
      return;
    }
    if (idleCount.incrementAndGet() > capacity) {
      idleCount.decrementAndGet();
      closer.accept(t);
      return;
    }
    idle.addFirst(t);
    if (closed) {
      drain(); // close() ran between the check and the add
    }
  }

  private void drain() {
    T t;
    while ((t = idle.pollFirst()) != null) {
      idleCount.decrementAndGet();
      closer.accept(t);
    }
  }

  /** Closes the idle resources; those given back afterwards are closed at once. */
  @Override
  public void close() {
    closed = true;
    drain();
  }
}
