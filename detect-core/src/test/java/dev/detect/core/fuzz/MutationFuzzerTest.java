package dev.detect.core.fuzz;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fuzz harness itself: outcomes, failures, time and allocation bounds, determinism. */
class MutationFuzzerTest {
  private static final List<Seed> SEEDS =
      List.of(
          new Seed("a", "width: 640\nheight: 480\n".getBytes(StandardCharsets.UTF_8)),
          new Seed("b", "<a><b>12</b></a>".getBytes(StandardCharsets.UTF_8)));

  @Test
  void run_countsParsedAndRefused() {
    FuzzReport r =
        MutationFuzzer.of("harness-ok", SEEDS)
            .count(200)
            .run(
                (input, seed) -> {
                  if (input.length % 2 == 1) {
                    throw new DatasetFormatException("in.txt", 1, 2, "odd");
                  }
                },
                MutationFuzzer.datasetFormatError("in.txt"));
    assertEquals(200, r.tried());
    assertEquals(200, r.parsed() + r.refused());
    assertEquals(r.refused(), r.refusedWithLine());
    assertTrue(r.parsed() > 0 && r.refused() > 0, r.line());
  }

  @Test
  void run_otherExceptionOrUnnamedSource_failsAndSavesTheInput() throws Exception {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                MutationFuzzer.of("harness-npe", SEEDS)
                    .count(30)
                    .run(
                        (input, seed) -> {
                          throw new NullPointerException("boom");
                        },
                        MutationFuzzer.datasetFormatError("in.txt")));
    assertTrue(e.getMessage().contains("NullPointerException: boom"), e.getMessage());
    assertTrue(e.getMessage().contains("harness-npe: 20 failing inputs"), e.getMessage());
    Path saved =
        Path.of(System.getProperty("detect.fuzz.failures", "target/fuzz-failures"))
            .resolve("harness-npe-0.bin");
    assertArrayEquals(SEEDS.get(0).bytes(), Files.readAllBytes(saved));

    AssertionError unnamed =
        assertThrows(
            AssertionError.class,
            () ->
                MutationFuzzer.of("harness-unnamed", SEEDS)
                    .count(1)
                    .run(
                        (input, seed) -> {
                          throw new DatasetFormatException("other.txt", 0, 0, "bad");
                        },
                        MutationFuzzer.datasetFormatError("in.txt")));
    assertTrue(unnamed.getMessage().contains("does not name the source"), unnamed.getMessage());
  }

  @Test
  void run_slowInput_failsOnTheTimeBound() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                MutationFuzzer.of("harness-slow", SEEDS)
                    .count(5)
                    .perInputLimit(Duration.ofMillis(50))
                    .run((input, seed) -> Thread.sleep(10_000), t -> Optional.empty()));
    assertTrue(e.getMessage().contains("TIMEOUT: no result within 500 ms"), e.getMessage());

    AssertionError busy =
        assertThrows(
            AssertionError.class,
            () ->
                MutationFuzzer.of("harness-busy", SEEDS)
                    .count(1)
                    .perInputLimit(Duration.ofMillis(100))
                    .run(
                        (input, seed) -> {
                          long start = Allocations.cpuNanos();
                          while (Allocations.cpuNanos() - start < 120_000_000L) {
                            Thread.onSpinWait();
                          }
                        },
                        t -> Optional.empty()));
    // CPU time over the bound; on a machine so loaded that 120 ms of CPU take 10 times the bound
    // in wall time, the wall-time cut fires first.
    assertTrue(
        busy.getMessage().contains("TOO SLOW: 1") || busy.getMessage().contains("TIMEOUT"),
        busy.getMessage());
  }

  @Test
  void run_largeAllocation_failsOnTheAllocationBound() {
    AssertionError e =
        assertThrows(
            AssertionError.class,
            () ->
                MutationFuzzer.of("harness-alloc", SEEDS)
                    .count(1)
                    .maxAllocatedBytes(1 << 20, 64)
                    .run(
                        (input, seed) -> {
                          byte[] big = new byte[8 << 20];
                          big[1] = input[0];
                        },
                        t -> Optional.empty()));
    assertTrue(
        e.getMessage().contains("allocated 8 MiB for 23 bytes of input (bound 1 MiB)"),
        e.getMessage());
  }

  @Test
  void mutate_isDeterministicForASeed() {
    Mutator m = new Mutator(SEEDS.stream().map(Seed::bytes).toList());
    for (int i = 0; i < 200; i++) {
      List<String> log1 = new ArrayList<>();
      List<String> log2 = new ArrayList<>();
      byte[] a = m.mutate(SEEDS.get(i % 2).bytes(), new Random(i), log1);
      byte[] b = m.mutate(SEEDS.get(i % 2).bytes(), new Random(i), log2);
      assertArrayEquals(a, b);
      assertEquals(log1, log2);
      assertTrue(a.length <= Mutator.MAX_INPUT_BYTES);
    }
  }
}
