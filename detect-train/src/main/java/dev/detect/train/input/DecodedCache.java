package dev.detect.train.input;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Decoded examples kept in memory after their first use, up to a byte budget, so that later epochs
 * skip parsing and image decoding (like {@code tf.data}'s {@code cache()}), which is most of the
 * input pipeline's work. Examples that do not fit are decoded every time. 8-bit images are kept as
 * bytes ({@link CachedExample}). Thread-safe.
 */
final class DecodedCache {
  /** Identifies a record: its file's index in the pipeline and its index in the file. */
  private record Key(int file, long record) {}

  private final ConcurrentHashMap<Key, CachedExample> examples = new ConcurrentHashMap<>();
  private final AtomicLong free;

  DecodedCache(long budgetBytes) {
    this.free = new AtomicLong(budgetBytes);
  }

  /** The cached example, or null. Read-only. */
  CachedExample get(int file, long record) {
    return examples.get(new Key(file, record));
  }

  /** Whether the example is cached (it stays cached: nothing is ever evicted). */
  boolean contains(int file, long record) {
    return examples.containsKey(new Key(file, record));
  }

  /** Keeps {@code example} when the budget allows; it must not be modified afterwards. */
  void offer(int file, long record, CachedExample example) {
    long size = example.bytes();
    if (free.addAndGet(-size) < 0) {
      free.addAndGet(size);
      return;
    }
    if (examples.putIfAbsent(new Key(file, record), example) != null) {
      free.addAndGet(size);
    }
  }

  /** Cached examples. */
  int size() {
    return examples.size();
  }
}
