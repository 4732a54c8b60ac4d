package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.eval.Detection;
import dev.detect.io.internal.ProcessStatus;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.train.TinyModels;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 8 threads × 1 000 {@code detect} calls on one Detector, cycling through images of different
 * sizes, types and sources (BufferedImages, encoded JPEG and PNG bytes, a file), each give exactly
 * the detections a single thread got for that image before (no stale or shared input/output
 * buffers, no nondeterminism between concurrent calls), and resident memory stays flat.
 */
@Tag("slow")
class DetectorRepeatedCallsTest {
  private static final int THREADS = 8;
  private static final int CALLS_PER_THREAD = 1000;
  private static final int WARMUP_PER_THREAD = 40;

  /** Generous bound on resident-memory growth over the 8 000 calls, after the warm-up. */
  private static final long MAX_GROWTH_KB = 64 * 1024;

  @TempDir Path dir;

  @Test
  void detect_fromEightThreads_givesTheSingleThreadedResultsAndKeepsMemoryFlat() throws Exception {
    Path export = TinyModels.export(dir, 20);
    List<Callable<List<Detection>>> inputs;
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector d = Detector.load(export, all)) {
      assertTrue(d.takesBgrAsIs(), "our export takes BGR images without a conversion");
      inputs = inputs(d);
      List<List<Detection>> expected = new ArrayList<>();
      for (Callable<List<Detection>> in : inputs) {
        expected.add(in.call());
        assertFalse(expected.get(expected.size() - 1).isEmpty());
      }
      // The comparison means something only if the model's output depends on its input.
      assertEquals(inputs.size(), Set.copyOf(expected).size(), "the model ignores its input");
      assertEquals(0, concurrently(inputs, expected, WARMUP_PER_THREAD), "mismatches in warm-up");
      System.gc();
      OptionalLong before = ProcessStatus.residentKb();
      long t0 = System.nanoTime();
      assertEquals(0, concurrently(inputs, expected, CALLS_PER_THREAD), "mismatches");
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.gc();
      OptionalLong after = ProcessStatus.residentKb();
      System.out.printf(
          Locale.ROOT,
          "%d threads × %d calls: %.1f s (%.0f calls/s), RSS %d → %d MB%n",
          THREADS,
          CALLS_PER_THREAD,
          seconds,
          THREADS * CALLS_PER_THREAD / seconds,
          before.orElse(-1) / 1024,
          after.orElse(-1) / 1024);
      if (before.isPresent() && after.isPresent()) {
        long growth = after.getAsLong() - before.getAsLong();
        assertTrue(growth < MAX_GROWTH_KB, "resident memory grew by " + growth / 1024 + " MB");
      }
    }
  }

  /** Seven inputs: four BufferedImage types, JPEG bytes, PNG bytes and a PNG file. */
  private List<Callable<List<Detection>>> inputs(Detector d) throws Exception {
    SyntheticShapes gen = SyntheticShapes.builder().images(7).imageSize(320, 240).seed(9).build();
    BufferedImage bgr = convert(gen.sample(0).image(), BufferedImage.TYPE_3BYTE_BGR, 320, 240);
    BufferedImage argb = convert(gen.sample(1).image(), BufferedImage.TYPE_INT_ARGB, 256, 200);
    BufferedImage gray = convert(gen.sample(2).image(), BufferedImage.TYPE_BYTE_GRAY, 200, 150);
    BufferedImage odd = convert(gen.sample(3).image(), BufferedImage.TYPE_INT_RGB, 97, 131);
    byte[] jpeg =
        encode(convert(gen.sample(4).image(), BufferedImage.TYPE_3BYTE_BGR, 160, 120), "jpeg");
    byte[] png =
        encode(convert(gen.sample(5).image(), BufferedImage.TYPE_INT_RGB, 180, 140), "png");
    Path file = dir.resolve("input.png");
    Files.write(
        file, encode(convert(gen.sample(6).image(), BufferedImage.TYPE_INT_RGB, 240, 180), "png"));
    return List.of(
        () -> d.detect(bgr),
        () -> d.detect(argb),
        () -> d.detect(gray),
        () -> d.detect(odd),
        () -> d.detect(jpeg),
        () -> d.detect(png),
        () -> d.detect(file));
  }

  /**
   * Runs {@code callsPerThread} calls in each of {@link #THREADS} threads, started together, each
   * thread cycling through the inputs from its own offset; returns the number of results that
   * differ from {@code expected} (the first few are printed). Any exception fails the test.
   */
  private static int concurrently(
      List<Callable<List<Detection>>> inputs, List<List<Detection>> expected, int callsPerThread)
      throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    CyclicBarrier start = new CyclicBarrier(THREADS);
    AtomicInteger mismatches = new AtomicInteger();
    try {
      List<Future<Integer>> done = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        int offset = t;
        done.add(
            pool.submit(
                () -> {
                  start.await();
                  for (int i = 0; i < callsPerThread; i++) {
                    int k = (i + offset) % inputs.size();
                    List<Detection> got = inputs.get(k).call();
                    if (!expected.get(k).equals(got) && mismatches.incrementAndGet() <= 3) {
                      System.out.printf(
                          "call %d image %d: expected %s%n got %s%n", i, k, expected.get(k), got);
                    }
                  }
                  return callsPerThread;
                }));
      }
      int calls = 0;
      for (Future<Integer> f : done) {
        calls += f.get();
      }
      assertEquals(THREADS * callsPerThread, calls);
      return mismatches.get();
    } finally {
      pool.shutdown();
    }
  }

  private static byte[] encode(BufferedImage image, String format) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(image, format, out), format);
    return out.toByteArray();
  }

  private static BufferedImage convert(BufferedImage src, int type, int w, int h) {
    BufferedImage out = new BufferedImage(w, h, type);
    out.getGraphics().drawImage(src, 0, 0, w, h, null);
    return out;
  }
}
