package dev.detect.examples.bench;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.io.internal.ProcessStatus;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Detector concurrency benchmark: one {@link Detector} (the {@code tiny} or the standard {@code
 * ssd_mobilenet_v2_320x320} preset, trained 2 steps and exported) called from 1, 2, 4 and 8 threads
 * on 640×480 images; for each thread count the throughput (images/s), the mean latency per call,
 * the number of results that differ from the single-threaded ones (should be 0), and resident
 * memory and the process's OS thread count before and after.
 *
 * <p>Usage: {@code ConcurrencyBench [--calls N] [--warmup N] [--threads 1,2,4,8] [--preset
 * tiny|standard] [--work DIR]}. {@code --calls} (default 2 000) is the total per thread count,
 * shared among the threads; {@code --warmup} (default 50) calls per thread count go first.
 */
@Command(
    name = "ConcurrencyBench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "One Detector called from 1, 2, 4 and 8 threads on 640x480 images: throughput, mean"
          + " latency, results that differ from single-threaded ones, resident memory and threads."
    })
public final class ConcurrencyBench implements Callable<Integer> {
  @Spec private CommandSpec spec;

  @Mixin Args a = new Args();

  ConcurrencyBench() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    BenchCli.main(new ConcurrencyBench(), args);
  }

  @Override
  public Integer call() throws Exception {
    if (a.calls < 1 || a.threads.isEmpty() || a.threads.stream().anyMatch(t -> t < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--calls and every --threads count must be >= 1");
    }
    Path work = BenchSystem.workDirectory(a.work, "concurrency-bench");
    BenchSystem.printStart();
    PipelineConfig data = DetectorBench.dataset(work);
    Path export = DetectorBench.trainAndExport(a.preset, data, work);
    List<BufferedImage> images = DetectorBench.images(BufferedImage.TYPE_3BYTE_BGR);
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector detector = Detector.load(export, all)) {
      List<List<Detection>> expected = new ArrayList<>();
      for (BufferedImage image : images) {
        expected.add(detector.detect(image));
      }
      System.out.printf(
          Locale.ROOT,
          "%n| threads | calls | img/s | mean ms/call | mismatches | RSS MB before → after | heap"
              + " committed MB before → after | OS threads before → after |%n|---|---|---|---|---|---|---|---|%n");
      for (int threads : a.threads) {
        run(detector, images, expected, threads, a.warmup, false);
        long rss0 = ProcessStatus.residentKb().orElse(-1);
        long threads0 = ProcessStatus.threads().orElse(-1);
        long heap0 = Runtime.getRuntime().totalMemory();
        Run r = run(detector, images, expected, threads, a.calls, true);
        System.out.printf(
            Locale.ROOT,
            "| %d | %d | %.1f | %.2f | %d | %d → %d | %d → %d | %d → %d |%n",
            threads,
            r.calls,
            r.calls / r.seconds,
            1000 * r.seconds * threads / r.calls,
            r.mismatches,
            rss0 / 1024,
            ProcessStatus.residentKb().orElse(-1) / 1024,
            heap0 >> 20,
            Runtime.getRuntime().totalMemory() >> 20,
            threads0,
            ProcessStatus.threads().orElse(-1));
      }
    }
    System.out.printf(Locale.ROOT, "%nload average at end %s%n", ProcessStatus.loadAverage());
    return 0;
  }

  /** The figures of one run. */
  private record Run(int calls, double seconds, int mismatches) {}

  /**
   * {@code calls} detections shared among {@code threads} threads started together, each cycling
   * through the images from its own offset; counts results unlike {@code expected} when {@code
   * check}.
   */
  private static Run run(
      Detector detector,
      List<BufferedImage> images,
      List<List<Detection>> expected,
      int threads,
      int calls,
      boolean check)
      throws Exception {
    int perThread = Math.max(1, calls / threads);
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    CyclicBarrier start = new CyclicBarrier(threads + 1);
    AtomicInteger mismatches = new AtomicInteger();
    try {
      List<Callable<Void>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int offset = t;
        tasks.add(
            () -> {
              start.await();
              for (int i = 0; i < perThread; i++) {
                int k = (i + offset) % images.size();
                List<Detection> got = detector.detect(images.get(k));
                if (check && !expected.get(k).equals(got)) {
                  mismatches.incrementAndGet();
                }
              }
              return null;
            });
      }
      List<Future<Void>> done = new ArrayList<>();
      for (Callable<Void> task : tasks) {
        done.add(pool.submit(task));
      }
      start.await();
      long t0 = System.nanoTime();
      for (Future<Void> f : done) {
        f.get();
      }
      return new Run(perThread * threads, (System.nanoTime() - t0) / 1e9, mismatches.get());
    } finally {
      pool.shutdown();
      pool.awaitTermination(1, TimeUnit.MINUTES);
    }
  }

  /** The command line. */
  static final class Args {
    @Option(
        names = "--calls",
        paramLabel = "N",
        description = "Calls per thread count, shared among the threads (at least 1).")
    int calls = 2000;

    @Option(names = "--warmup", paramLabel = "N", description = "Calls first, per thread count.")
    int warmup = 50;

    @Option(
        names = "--threads",
        paramLabel = "N,N,...",
        split = ",",
        defaultValue = "1,2,4,8",
        description = "Thread counts, in order (each at least 1).")
    List<Integer> threads;

    @Option(
        names = "--preset",
        paramLabel = "tiny|standard",
        defaultValue = "tiny",
        converter = BenchCli.PresetConverter.class,
        description = "The model to train, export and measure.")
    Preset preset;

    @Option(
        names = "--work",
        paramLabel = "DIR",
        description = "Working folder, kept (default: a temporary one, deleted at exit).")
    Path work;
  }
}
