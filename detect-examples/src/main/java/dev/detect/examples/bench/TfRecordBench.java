package dev.detect.examples.bench;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark: images (JPEG files already on disk) to one TFRecord file, in MB/s of image bytes,
 * beside a read-and-write copy of the same bytes in the same run: a plain one (no fsync, like
 * {@code cat}) and a durable one (temporary file, fsync, rename: what every writer of this project
 * does, so that a crash or power loss never leaves a torn file). Goal: TFRecord ≥ 0.9× the copy
 * (both are printed; the writer is durable, so the durable copy is the like-for-like one).
 *
 * <p>Usage: {@code TfRecordBench [--images N] [--warmup W] [--rounds R] [--work DIR] [--threads
 * T]}. {@code W} unreported rounds (default 10) let the JIT compile both sides first, as a long
 * conversion would; then each of {@code R} rounds times the copies and the TFRecord write, in
 * rotating order (so none always runs right after another's disk writes). Ratios are taken per
 * round (so each side sees the same machine load) and their medians printed.
 */
@Command(
    name = "TfRecordBench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "JPEG files to one TFRecord file, in MB/s of image bytes, beside a plain and a durable"
          + " copy of the same bytes in the same run, and the median ratios per round."
    })
public final class TfRecordBench implements Callable<Integer> {
  private static int threads = TfRecordWriter.DEFAULT_THREADS;

  @Option(names = "--images", paramLabel = "N", description = "Generated JPEG images.")
  private int images = 2000;

  @Option(names = "--rounds", paramLabel = "R", description = "Measured rounds.")
  private int rounds = 9;

  @Option(
      names = "--warmup",
      paramLabel = "W",
      description = "Unreported rounds first, so that the JIT compiles both sides.")
  private int warmup = 10;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Working folder, kept (default: a temporary one, deleted at exit).")
  private Path work;

  @Option(names = "--threads", paramLabel = "T", description = "The TFRecord writer's threads.")
  private int writerThreads = TfRecordWriter.DEFAULT_THREADS;

  TfRecordBench() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    BenchCli.main(new TfRecordBench(), args);
  }

  @Override
  public Integer call() throws Exception {
    threads = writerThreads;
    run(images, warmup, rounds, BenchSystem.workDirectory(work, "tfrecord-bench"));
    return 0;
  }

  private static void run(int n, int warmup, int rounds, Path work) throws IOException {
    Path images = Files.createDirectories(work.resolve("images"));
    AnnotationSet set = makeImages(images, n);
    long bytes = 0;
    for (ImageAnnotation a : set) {
      bytes += Files.size(images.resolve(a.fileName()));
    }
    System.out.printf(Locale.ROOT, "%d JPEG images, %.1f MB, in %s%n", n, bytes / 1e6, images);
    LabelMap labels = LabelMap.fromLabels(List.of("box"));
    double[] plain = new double[rounds];
    double[] durable = new double[rounds];
    double[] record = new double[rounds];
    Job writeRecords =
        () ->
            TfRecordWriter.builder(labels)
                .imageDirectory(images)
                .threads(threads)
                .build()
                .write(set, work.resolve("bench.record"));
    long t0 = System.nanoTime();
    for (int r = 0; r < warmup; r++) {
      plainCopy(set, images, work.resolve("copy.bin"));
      copy(set, images, work.resolve("copy.bin"));
      writeRecords.run();
    }
    System.out.printf(
        Locale.ROOT, "%d warm-up rounds in %.1f s%n", warmup, (System.nanoTime() - t0) / 1e9);
    for (int r = 0; r < rounds; r++) {
      // The three jobs in rotating order, so that none always runs right after another's writes.
      for (int k = 0; k < 3; k++) {
        switch ((r + k) % 3) {
          case 0 ->
              plain[r] = mbPerSecond(bytes, () -> plainCopy(set, images, work.resolve("copy.bin")));
          case 1 ->
              durable[r] = mbPerSecond(bytes, () -> copy(set, images, work.resolve("copy.bin")));
          default -> record[r] = mbPerSecond(bytes, writeRecords);
        }
      }
      System.out.printf(
          Locale.ROOT,
          "round %d: plain copy %.0f MB/s, durable copy %.0f MB/s, tfrecord %.0f MB/s;"
              + " ratio %.2f (durable), %.2f (plain)%n",
          r,
          plain[r],
          durable[r],
          record[r],
          record[r] / durable[r],
          record[r] / plain[r]);
    }
    System.out.printf(
        Locale.ROOT,
        "median: plain copy %.0f MB/s, durable copy %.0f MB/s, tfrecord %.0f MB/s%n",
        median(plain),
        median(durable),
        median(record));
    System.out.printf(
        Locale.ROOT,
        "median paired ratio tfrecord/durable copy %.2f, tfrecord/plain copy %.2f (goal >= 0.90);"
            + " %d threads, %d cores%n",
        median(ratios(record, durable)),
        median(ratios(record, plain)),
        threads,
        Runtime.getRuntime().availableProcessors());
  }

  private static double[] ratios(double[] a, double[] b) {
    double[] out = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = a[i] / b[i];
    }
    return out;
  }

  private interface Job {
    void run() throws IOException;
  }

  private static double mbPerSecond(long bytes, Job job) throws IOException {
    long t0 = System.nanoTime();
    job.run();
    return bytes / 1e6 / ((System.nanoTime() - t0) / 1e9);
  }

  /** Read every image and write the bytes to one file, as {@code cat > out} would (no fsync). */
  private static void plainCopy(AnnotationSet set, Path images, Path out) throws IOException {
    try (OutputStream o = new BufferedOutputStream(Files.newOutputStream(out), 1 << 16)) {
      for (ImageAnnotation a : set) {
        o.write(Files.readAllBytes(images.resolve(a.fileName())));
      }
    }
  }

  /**
   * The same copy written as the TFRecord writer writes (temporary file, fsync, rename), so the
   * baseline pays the same durability.
   */
  private static void copy(AnnotationSet set, Path images, Path out) throws IOException {
    AtomicFiles.write(
        out,
        raw -> {
          OutputStream o = new BufferedOutputStream(raw, 1 << 16);
          for (ImageAnnotation a : set) {
            o.write(Files.readAllBytes(images.resolve(a.fileName())));
          }
          o.flush();
        });
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s[s.length / 2];
  }

  /** Writes {@code n} 640x480 JPEGs (noisy gradients, about 60-100 KB each) with one box each. */
  static AnnotationSet makeImages(Path dir, int n) throws IOException {
    Random random = new Random(1);
    List<ImageAnnotation> list = new ArrayList<>(n);
    BufferedImage img = new BufferedImage(640, 480, BufferedImage.TYPE_INT_RGB);
    for (int i = 0; i < n; i++) {
      String name = String.format(Locale.ROOT, "img%05d.jpg", i);
      Path f = dir.resolve(name);
      if (!Files.exists(f)) {
        for (int y = 0; y < 480; y++) {
          for (int x = 0; x < 640; x++) {
            int v = random.nextInt(64);
            img.setRGB(
                x, y, ((x / 3 + v) & 0xFF) << 16 | ((y / 2 + v) & 0xFF) << 8 | ((i + v) & 0xFF));
          }
        }
        Graphics2D g = img.createGraphics();
        g.setColor(Color.RED);
        g.fillRect(100, 100, 200, 150);
        g.dispose();
        AtomicFiles.write(f, out -> ImageIO.write(img, "jpeg", out));
      }
      list.add(
          ImageAnnotation.builder(name, 640, 480)
              .addObject(ObjectAnnotation.of("box", PixelBox.ofCorners(100, 100, 300, 250)))
              .build());
    }
    return AnnotationSet.of(list);
  }
}
