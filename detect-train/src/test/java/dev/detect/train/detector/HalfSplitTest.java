package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

class HalfSplitTest {
  @Test
  void everyIndexRunsExactlyOnce_splitOrNot() {
    for (int n : new int[] {0, 1, 47, 48, 1000, 100_003}) {
      for (long work : new long[] {1, HalfSplit.MIN_WORK}) {
        AtomicIntegerArray seen = new AtomicIntegerArray(Math.max(n, 1));
        HalfSplit.run(
            n,
            work,
            24,
            (from, to) -> {
              assertTrue(from == 0 || from % 24 == 0, "aligned seam " + from);
              for (int i = from; i < to; i++) {
                seen.incrementAndGet(i);
              }
            });
        for (int i = 0; i < n; i++) {
          assertEquals(1, seen.get(i), "index " + i + " of " + n);
        }
      }
    }
  }

  @Test
  void aBusyCommonPool_doesNotDelayTheCaller() throws Exception {
    int workers = Math.max(1, ForkJoinPool.getCommonPoolParallelism());
    CountDownLatch release = new CountDownLatch(1);
    CountDownLatch busy = new CountDownLatch(workers);
    for (int i = 0; i < workers; i++) {
      ForkJoinPool.commonPool()
          .execute(
              () -> {
                busy.countDown();
                try {
                  release.await(30, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                  Thread.currentThread().interrupt();
                }
              });
    }
    try {
      assertTrue(busy.await(10, TimeUnit.SECONDS), "the pool's workers are all blocked");
      AtomicIntegerArray seen = new AtomicIntegerArray(1000);
      long t0 = System.nanoTime();
      HalfSplit.run(
          1000,
          HalfSplit.MIN_WORK,
          1,
          (from, to) -> {
            for (int i = from; i < to; i++) {
              seen.incrementAndGet(i);
            }
          });
      long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
      // The caller takes back the half no worker could start, rather than wait for the release.
      assertTrue(ms < 10_000, "returned after " + ms + " ms while the pool was blocked");
      for (int i = 0; i < 1000; i++) {
        assertEquals(1, seen.get(i), "index " + i);
      }
    } finally {
      release.countDown();
    }
  }
}
