package dev.detect.train.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReusePoolTest {
  /** A resource that counts its closes. */
  private static final class Res {
    final int size;
    final AtomicInteger closes = new AtomicInteger();
    final java.util.concurrent.atomic.AtomicBoolean busy =
        new java.util.concurrent.atomic.AtomicBoolean();

    Res(int size) {
      this.size = size;
    }
  }

  @Test
  void reusesWhatFits_closesWhatDoesNot_andWhatExceedsTheCapacity() {
    List<Res> closed = new ArrayList<>();
    ReusePool<Res> pool =
        new ReusePool<>(
            2,
            r -> {
              r.closes.incrementAndGet();
              closed.add(r);
            });
    assertNull(pool.take(r -> true));
    Res a = new Res(1);
    Res b = new Res(2);
    Res c = new Res(1);
    pool.giveBack(a);
    pool.giveBack(b);
    pool.giveBack(c); // over capacity: closed
    assertEquals(List.of(c), closed);
    // Most recent first: b does not fit size 1 and is closed on the way to a.
    assertSame(a, pool.take(r -> r.size == 1));
    assertEquals(List.of(c, b), closed);
    assertNull(pool.take(r -> true));
  }

  @Test
  void close_closesTheIdle_andEverythingGivenBackLater_exactlyOnce() {
    AtomicInteger closes = new AtomicInteger();
    ReusePool<Res> pool = new ReusePool<>(4, r -> closes.incrementAndGet());
    pool.giveBack(new Res(1));
    pool.giveBack(new Res(1));
    pool.close();
    assertEquals(2, closes.get());
    pool.giveBack(new Res(1));
    assertEquals(3, closes.get());
    assertNull(pool.take(r -> true));
  }

  @Test
  void concurrentTakeAndGiveBack_neverHandsOneResourceToTwoCallers_norClosesOneTwice()
      throws Exception {
    ReusePool<Res> pool = new ReusePool<>(3, r -> r.closes.incrementAndGet());
    List<Res> created = java.util.Collections.synchronizedList(new ArrayList<>());
    AtomicInteger clashes = new AtomicInteger();
    ExecutorService threads = Executors.newFixedThreadPool(4);
    List<Future<?>> done = new ArrayList<>();
    for (int t = 0; t < 4; t++) {
      done.add(
          threads.submit(
              () -> {
                for (int i = 0; i < 20_000; i++) {
                  Res r = pool.take(x -> true);
                  if (r == null) {
                    r = new Res(1);
                    created.add(r);
                  }
                  if (!r.busy.compareAndSet(false, true)) {
                    clashes.incrementAndGet(); // another caller holds it too
                  }
                  for (int k = 0; k < 50; k++) {
                    Thread.onSpinWait(); // hold it a while, as a caller would
                  }
                  if (r.closes.get() != 0) {
                    clashes.incrementAndGet(); // closed while held
                  }
                  r.busy.set(false);
                  pool.giveBack(r);
                }
              }));
    }
    for (Future<?> f : done) {
      f.get();
    }
    threads.shutdown();
    pool.close();
    assertEquals(0, clashes.get());
    for (Res r : created) {
      assertEquals(1, r.closes.get(), "every resource closed exactly once in the end");
    }
  }
}
