package dev.detect.core.fuzz;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * A seeded mutation fuzzer for parsers: feeds {@link #count()} inputs (first up to a tenth of them
 * the seeds unchanged, then seeds mutated by {@link Mutator}) to a target and checks that each one
 * either parses or is refused with the documented exception, within a time bound per input and an
 * allocation bound per input. Any other exception, a time-out or an allocation over the bound is a
 * failure: the input is written to {@code target/fuzz-failures/} with its seed, mutations and stack
 * trace, and {@link #run} throws an {@link AssertionError} listing the failures.
 *
 * <p>System properties: {@code detect.fuzz.count} (inputs per parser, default 1000; the full run
 * uses 10000), {@code detect.fuzz.seed} (base seed, default fixed), {@code detect.fuzz.failures}
 * (folder for failing inputs). Input {@code i} is made by a {@link Random} seeded from the base
 * seed and {@code i} alone, so a failure is reproduced by its index.
 */
public final class MutationFuzzer {
  /** Inputs per parser unless told otherwise. */
  public static final int DEFAULT_COUNT = Integer.getInteger("detect.fuzz.count", 1000);

  private static final long BASE_SEED = Long.getLong("detect.fuzz.seed", 20_261_125L);
  private static final int MAX_FAILURES = 20;

  /**
   * One seed input.
   *
   * @param name where it comes from (the file's path, for seeds read from files)
   * @param bytes its content
   */
  public record Seed(String name, byte[] bytes) {
    /** Checks the fields. */
    public Seed {
      Objects.requireNonNull(name, "name");
      Objects.requireNonNull(bytes, "bytes");
    }

    /** Reads a seed file. */
    public static Seed of(Path file) {
      try {
        return new Seed(file.toString(), Files.readAllBytes(file));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  /** The parser under test. Returning normally means the input parsed. */
  @FunctionalInterface
  public interface Target {
    /** Parses {@code input}, made from {@code seed}. */
    void parse(byte[] input, Seed seed) throws Exception;
  }

  /** Judges a thrown exception: empty when it is an accepted refusal, else what is wrong. */
  @FunctionalInterface
  public interface Refusal {
    /** Empty when {@code t} is the documented refusal, else the reason it is not. */
    Optional<String> problem(Throwable t);
  }

  /** A mutation specific to a format, applied instead of the generic ones now and then. */
  @FunctionalInterface
  public interface ExtraMutation {
    /** A mutated copy of {@code input}; describes what it did in {@code log}. */
    byte[] apply(byte[] input, Random rnd, List<String> log);
  }

  private final String name;
  private final List<Seed> seeds;
  private int count = DEFAULT_COUNT;
  private Duration perInput = Duration.ofSeconds(2);
  private Duration overall;
  private long maxAllocatedBytes = 256L << 20;
  private int allocatedPerInputByte = 64;
  private ExtraMutation extra;
  private double extraRate;

  private MutationFuzzer(String name, List<Seed> seeds) {
    this.name = Objects.requireNonNull(name, "name");
    this.seeds = List.copyOf(seeds);
    if (this.seeds.isEmpty()) {
      throw new IllegalArgumentException("no seeds for " + name);
    }
  }

  /** A fuzzer named {@code name} (used in reports and failure files) on {@code seeds}. */
  public static MutationFuzzer of(String name, List<Seed> seeds) {
    return new MutationFuzzer(name, seeds);
  }

  /** The number of inputs to try. */
  public int count() {
    return count;
  }

  /** Sets the number of inputs (default {@code detect.fuzz.count}, else 1000). */
  public MutationFuzzer count(int n) {
    this.count = n;
    return this;
  }

  /** Sets the CPU-time bound for one input (default 2 s; a hang is cut at ten times it). */
  public MutationFuzzer perInputLimit(Duration limit) {
    this.perInput = Objects.requireNonNull(limit, "limit");
    return this;
  }

  /** Sets the bound for the whole run (default 60 s plus 100 ms per input). */
  public MutationFuzzer overallLimit(Duration limit) {
    this.overall = Objects.requireNonNull(limit, "limit");
    return this;
  }

  /**
   * Sets the bound on bytes allocated (garbage included) while parsing one input: {@code fixed}
   * plus {@code perInputByte} times the input's length (default 256 MiB + 64 per byte). Memory in
   * proportion to the input is expected; a small input that allocates much more is a size field
   * trusted before the data arrived.
   */
  public MutationFuzzer maxAllocatedBytes(long fixed, int perInputByte) {
    this.maxAllocatedBytes = fixed;
    this.allocatedPerInputByte = perInputByte;
    return this;
  }

  /** Uses {@code mutation} for a fraction {@code rate} of the mutated inputs. */
  public MutationFuzzer extraMutation(ExtraMutation mutation, double rate) {
    this.extra = Objects.requireNonNull(mutation, "mutation");
    this.extraRate = rate;
    return this;
  }

  /**
   * The documented refusal of most parsers: exactly a {@link DatasetFormatException} whose source
   * contains {@code source} (the file name given to the parser) and whose message starts with it.
   */
  public static Refusal datasetFormatError(String source) {
    return t -> {
      if (t.getClass() != DatasetFormatException.class) {
        return Optional.of("not a DatasetFormatException");
      }
      DatasetFormatException d = (DatasetFormatException) t;
      if (!d.source().contains(source) || !d.getMessage().startsWith(d.source())) {
        return Optional.of("does not name the source " + source + ": " + d.getMessage());
      }
      if (d.reason().isBlank()) {
        return Optional.of("no reason given");
      }
      return Optional.empty();
    };
  }

  /**
   * Runs the inputs through {@code target}.
   *
   * @return the counts, for the record
   * @throws AssertionError listing the inputs that failed (written to the failures folder)
   */
  public FuzzReport run(Target target, Refusal refusal) {
    Mutator mutator = new Mutator(seeds.stream().map(Seed::bytes).toList());
    FuzzReport.Counter counter = new FuzzReport.Counter(name);
    int plain = Math.min(seeds.size(), Math.max(1, count / 10));
    List<String> failures = new ArrayList<>();
    ExecutorService worker = newWorker();
    long start = System.nanoTime();
    long deadline =
        start + (overall != null ? overall : Duration.ofMillis(60_000L + 100L * count)).toNanos();
    try {
      for (int i = 0; i < count && failures.size() < MAX_FAILURES; i++) {
        if (System.nanoTime() - deadline > 0) {
          failures.add("  overall time bound exceeded after " + i + " of " + count + " inputs");
          break;
        }
        List<String> log = new ArrayList<>();
        int seedIndex = i < plain ? i : new Random(BASE_SEED ^ i).nextInt(seeds.size());
        byte[] input = input(i < plain, i, seedIndex, mutator, log);
        Optional<String> failure =
            runOne(worker, target, refusal, input, i, seeds.get(seedIndex), counter);
        if (failure.isPresent()) {
          failures.add(
              FailureFiles.save(
                  name, i, BASE_SEED, seeds.get(seedIndex).name(), log, input, failure.get()));
          if (failure.get().startsWith("TIMEOUT")) {
            break;
          }
        }
      }
    } finally {
      worker.shutdownNow();
    }
    FuzzReport report = counter.report(System.nanoTime() - start);
    report.print();
    if (!failures.isEmpty()) {
      throw new AssertionError(
          name + ": " + failures.size() + " failing inputs:\n" + String.join("\n", failures));
    }
    return report;
  }

  private byte[] input(boolean plain, int i, int seedIndex, Mutator mutator, List<String> log) {
    byte[] seed = seeds.get(seedIndex).bytes();
    if (plain) {
      log.add("unchanged seed");
      return seed;
    }
    Random rnd = new Random(BASE_SEED * 1_000_003L + i);
    if (extra != null && rnd.nextDouble() < extraRate) {
      return extra.apply(seed, rnd, log);
    }
    return mutator.mutate(seed, rnd, log);
  }

  private Optional<String> runOne(
      ExecutorService worker,
      Target target,
      Refusal refusal,
      byte[] input,
      int index,
      Seed seed,
      FuzzReport.Counter counter) {
    long[] allocated = new long[1];
    long[] cpu = new long[1];
    long t0 = System.nanoTime();
    Future<Throwable> f =
        worker.submit(
            () -> {
              long before = Allocations.current();
              long cpuBefore = Allocations.cpuNanos();
              try {
                target.parse(input, seed);
                return null;
              } catch (Throwable t) {
                return t;
              } finally {
                allocated[0] = Allocations.current() - before;
                cpu[0] = Allocations.cpuNanos() - cpuBefore;
              }
            });
    Throwable thrown;
    try {
      thrown = f.get(perInput.toMillis() * 10, TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      return Optional.of("TIMEOUT: no result within " + perInput.toMillis() * 10 + " ms");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } catch (ExecutionException e) {
      thrown = e.getCause();
    }
    long nanos = System.nanoTime() - t0;
    counter.time(nanos, cpu[0], allocated[0], index, input.length);
    if (cpu[0] > perInput.toNanos()) {
      return Optional.of(
          "TOO SLOW: " + cpu[0] / 1_000_000 + " ms of CPU (bound " + perInput.toMillis() + " ms)");
    }
    long bound = maxAllocatedBytes + (long) allocatedPerInputByte * input.length;
    if (allocated[0] > bound) {
      return Optional.of(
          "allocated "
              + (allocated[0] >> 20)
              + " MiB for "
              + input.length
              + " bytes of input (bound "
              + (bound >> 20)
              + " MiB)");
    }
    if (thrown == null) {
      counter.parsed();
      return Optional.empty();
    }
    Optional<String> problem = refusal.problem(thrown);
    if (problem.isPresent()) {
      return Optional.of(problem.get() + ": " + stackTrace(thrown));
    }
    counter.refused(thrown);
    return Optional.empty();
  }

  private static ExecutorService newWorker() {
    return Executors.newSingleThreadExecutor(
        r -> {
          Thread t = new Thread(r, "fuzz-worker");
          t.setDaemon(true);
          return t;
        });
  }

  static String stackTrace(Throwable t) {
    StringWriter w = new StringWriter();
    t.printStackTrace(new PrintWriter(w));
    return w.toString();
  }
}
