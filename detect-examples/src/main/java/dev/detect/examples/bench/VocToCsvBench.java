package dev.detect.examples.bench;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.voc.VocReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Benchmark of the {@code detect csv} path: a folder of labelImg VOC XML files to the seed's
 * 8-column CSV ({@link VocReader} then {@link CsvAnnotationWriter}).
 *
 * <p>It builds a corpus by copying the raccoon and BCCD annotations (452 files) {@code --copies}
 * times under new names (default 50: 22,600 files, the size of the measurement), then times
 * warm in-process conversions and prints files per second (best and median). {@code --once DIR
 * OUT.csv} converts once and exits, for timing a cold JVM with {@code time}.
 *
 * <pre>
 * java -cp ... dev.detect.examples.bench.VocToCsvBench [--copies N] [--work DIR] [--iterations N]
 *     [--data SHARED_DATA_DIR]
 * java -cp ... dev.detect.examples.bench.VocToCsvBench --once CORPUS_DIR OUT.csv
 * </pre>
 */
@Command(
    name = "VocToCsvBench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "labelImg VOC XML to the 8-column CSV, warm and in process, on copies of the raccoon and"
          + " BCCD annotations; prints files per second (best and median).",
      "--once CORPUS_DIR OUT.csv converts once and exits, for timing a cold JVM with time."
    })
public final class VocToCsvBench implements Callable<Integer> {
  private static final PrintStream OUT = System.out;

  @Option(
      names = "--copies",
      paramLabel = "N",
      description = "Copies of the 452 annotation files (50: 22,600 files).")
  private int copies = 50;

  @Option(names = "--iterations", paramLabel = "N", description = "Timed conversions.")
  private int iterations = 15;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Working folder, kept (default: a temporary one, deleted at exit).")
  private Path work;

  @Option(
      names = "--data",
      paramLabel = "SHARED_DATA_DIR",
      description = "The shared data folder with raccoon/ and bccd/.")
  private Path data = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @Option(
      names = "--once",
      arity = "2",
      paramLabel = "PATH",
      description = "CORPUS_DIR OUT.csv: convert once and exit (the other options are ignored).")
  private List<Path> once;

  VocToCsvBench() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    BenchCli.main(new VocToCsvBench(), args);
  }

  @Override
  public Integer call() throws IOException {
    if (once != null) {
      once(once.get(0), once.get(1));
      return 0;
    }
    Path dir = BenchSystem.workDirectory(work, "voc-to-csv-bench");
    Path corpus = dir.resolve("annotations");
    int files = makeCorpus(data, corpus, copies);
    OUT.println("corpus: " + corpus + " (" + files + " XML files)");
    run(corpus, dir.resolve("labels.csv"), files, iterations);
    OUT.println(
        "cold JVM: time java -cp <classpath> "
            + VocToCsvBench.class.getName()
            + " --once "
            + corpus
            + " "
            + dir.resolve("once.csv"));
    return 0;
  }

  /** One conversion, as the CLI would do it; prints the summaries. */
  private static void once(Path corpus, Path csv) throws IOException {
    ReadResult read = VocReader.defaults().read(corpus);
    WriteResult written = CsvAnnotationWriter.defaults().write(read.annotations(), csv);
    OUT.println(read.summary());
    OUT.println(written.summary());
  }

  private static void run(Path corpus, Path csv, int files, int iterations) throws IOException {
    VocReader reader = VocReader.defaults();
    CsvAnnotationWriter writer = CsvAnnotationWriter.defaults();
    long[] total = new long[iterations];
    long[] readOnly = new long[iterations];
    for (int i = 0; i < iterations; i++) {
      long t0 = System.nanoTime();
      AnnotationSet set = reader.read(corpus).annotations();
      long t1 = System.nanoTime();
      writer.write(set, csv);
      long t2 = System.nanoTime();
      total[i] = t2 - t0;
      readOnly[i] = t1 - t0;
      OUT.printf(
          "iteration %2d: read %6.1f ms, write %5.1f ms, total %6.1f ms, %,9.0f files/s%n",
          i + 1, ms(t1 - t0), ms(t2 - t1), ms(t2 - t0), files / (total[i] / 1e9));
    }
    report("read+write", total, files);
    report("read only ", readOnly, files);
  }

  private static void report(String what, long[] nanos, int files) {
    long[] sorted = nanos.clone();
    Arrays.sort(sorted);
    long best = sorted[0];
    long median = sorted[sorted.length / 2];
    OUT.printf(
        "%s on %d cores: best %.1f ms (%,.0f files/s), median %.1f ms (%,.0f files/s)%n",
        what,
        Runtime.getRuntime().availableProcessors(),
        ms(best),
        files / (best / 1e9),
        ms(median),
        files / (median / 1e9));
  }

  private static double ms(long nanos) {
    return nanos / 1e6;
  }

  /**
   * Writes {@code copies} renamed copies of every raccoon and BCCD XML file into {@code corpus},
   * with {@code <filename>} rewritten to match the new name; reuses a complete corpus.
   */
  private static int makeCorpus(Path data, Path corpus, int copies) throws IOException {
    List<Path> sources = new ArrayList<>();
    for (String dir : List.of("raccoon/annotations", "bccd/annotations")) {
      try (DirectoryStream<Path> s = Files.newDirectoryStream(data.resolve(dir), "*.xml")) {
        s.forEach(sources::add);
      }
    }
    int expected = sources.size() * copies;
    Files.createDirectories(corpus);
    try (var existing = Files.list(corpus)) {
      if (existing.count() == expected) {
        return expected;
      }
    }
    for (Path source : sources) {
      String text = Files.readString(source);
      String base = source.getFileName().toString().replace(".xml", "");
      for (int c = 0; c < copies; c++) {
        String name = String.format("c%03d_%s", c, base);
        String copy = text.replace("<filename>" + base + ".jpg<", "<filename>" + name + ".jpg<");
        AtomicFiles.writeString(corpus.resolve(name + ".xml"), copy);
      }
    }
    return expected;
  }
}
