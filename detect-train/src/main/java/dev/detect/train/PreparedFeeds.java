package dev.detect.train;

import dev.detect.train.input.Batch;
import dev.detect.train.input.InputPipeline;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Builds the next step's feed (target assignment in Java and the feed tensors) on a background
 * thread while the current step runs, so that this work is hidden behind TensorFlow's like the
 * input pipeline's. Batches are taken in order by one thread: training stays deterministic. At most
 * one finished feed waits; closing stops the thread and closes what it holds.
 */
final class PreparedFeeds implements AutoCloseable {
  private final InputPipeline input;
  private final BatchFeeder feeder;
  private final BlockingQueue<Object> ready = new ArrayBlockingQueue<>(1);
  private final Thread thread;
  private volatile boolean closed;

  /** The input ended (its epochs are done) or failed; thrown again by {@link #take()}. */
  private record Failure(RuntimeException error) {}

  PreparedFeeds(InputPipeline input, BatchFeeder feeder) {
    this.input = input;
    this.feeder = feeder;
    this.thread = new Thread(this::loop, "detect-feed-builder");
    thread.setDaemon(true);
    thread.start();
  }

  /** The next step's feed, in batch order; the caller closes it. */
  BatchFeeder.Feed take() {
    Object next;
    try {
      next = ready.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for the next batch", e);
    }
    if (next instanceof Failure f) {
      ready.offer(f); // stays failed for any later take
      throw f.error();
    }
    return (BatchFeeder.Feed) next;
  }

  private void loop() {
    try {
      while (!closed) {
        Batch batch =
            input
                .next()
                .orElseThrow(() -> new IllegalStateException("input ended (num_epochs reached)"));
        BatchFeeder.Feed feed = feeder.feed(batch);
        batch.recycle(); // the images are in the feed's tensor now
        try {
          ready.put(feed);
        } catch (InterruptedException e) {
          feed.close();
          return;
        }
        if (closed) {
          drain();
        }
      }
    } catch (RuntimeException | Error e) {
      // Anything that ends this thread must reach take(), or training would wait forever.
      if (!closed) {
        RuntimeException failure =
            e instanceof RuntimeException r
                ? r
                : new IllegalStateException("preparing the next batch failed: " + e, e);
        try {
          ready.put(new Failure(failure));
        } catch (InterruptedException ignored) {
          Thread.currentThread().interrupt();
        }
      }
    }
  }

  private void drain() {
    Object o;
    while ((o = ready.poll()) != null) {
      if (o instanceof BatchFeeder.Feed f) {
        f.close();
      }
    }
  }

  /** Stops the background thread and closes the feed it still holds. */
  @Override
  public void close() {
    closed = true;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    drain();
  }
}
