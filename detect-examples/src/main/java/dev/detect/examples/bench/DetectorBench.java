package dev.detect.examples.bench;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.Trainer;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.export.Exporter;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.SessionFunction;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TUint8;
import picocli.CommandLine.Command;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.TypeConversionException;

/**
 * Detector benchmark: for the {@code tiny} and the standard {@code ssd_mobilenet_v2_320x320}
 * presets (each trained a few steps so that a checkpoint exists, then exported; quality does not
 * matter for speed) on 640×480 images:
 *
 * <ol>
 *   <li>{@link Detector#detect(BufferedImage)} latency, batch 1, median and p90;
 *   <li>the raw {@code SessionFunction.call} of the same SavedModel fed one pre-built uint8 tensor,
 *       on the Detector's own session ({@link Detector#signatureFunction()}), and on a session
 *       loaded separately, same count, rotating with (1) call by call so that other load hits all
 *       alike; the ratio Detector/raw (same session) of the medians and of pairs (goal ≤ 1.05);
 *   <li>throughput: {@link Detector#detectAll} over 8 images, and 2 threads calling {@code detect}
 *       concurrently, in images/s;
 *   <li>resident memory (VmRSS) after warm-up, after 1 000 and after {@code --calls} calls (goal:
 *       flat), beside the Java heap committed, so that native growth shows apart from the heap.
 * </ol>
 *
 * <p>Usage: {@code DetectorBench [--calls N] [--calls-standard N] [--samples N] [--warmup N]
 * [--preset tiny|standard|both] [--image-type bgr|rgb] [--work DIR]}. {@code --calls} (default 10
 * 000) is the memory run of the tiny model; the standard model's is {@code --calls-standard}
 * (default 2 000, about a minute). {@code --samples} (default 400) is the latency count per side.
 * The images are {@code TYPE_3BYTE_BGR} (what ImageIO decodes a JPEG to) unless {@code --image-type
 * rgb}.
 *
 * <p>Frozen-graph mode: {@code DetectorBench --frozen FILE.pb|DIR [--image IMAGE] [--samples N]
 * [--warmup N]} measures {@link Detector#detect(BufferedImage)} on a TF1 frozen graph against the
 * raw {@code Session.run} of the same graph on the same image (default: the {@code image.jpg}
 * beside the graph), and prints the medians and their ratio (goal ≤ 1.05); no training.
 */
@Command(
    name = "DetectorBench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Detector latency against the raw session call, throughput and resident memory, on"
          + " exports of the tiny and the standard preset (trained 2 steps) and 640x480 images.",
      "With --frozen: a TF1 frozen graph against its raw Session.run instead; no training."
    })
public final class DetectorBench implements Callable<Integer> {
  private static final int WIDTH = 640;
  private static final int HEIGHT = 480;

  @Spec private CommandSpec spec;

  @Mixin Args a = new Args();

  DetectorBench() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    BenchCli.main(new DetectorBench(), args);
  }

  @Override
  public Integer call() throws Exception {
    if (a.samples < 1) {
      throw new ParameterException(spec.commandLine(), "--samples must be >= 1");
    }
    if (a.frozen != null) {
      Path image =
          a.image != null
              ? a.image
              : (java.nio.file.Files.isDirectory(a.frozen) ? a.frozen : a.frozen.getParent())
                  .resolve("image.jpg");
      FrozenGraphBench.run(a.frozen, image, a.warmup, a.samples);
      return 0;
    }
    Path work = BenchSystem.workDirectory(a.work, "detector-bench");
    BenchSystem.printStart();
    List<BufferedImage> images = images(a.imageType);
    PipelineConfig data = dataset(work);
    List<Row> rows = new ArrayList<>();
    for (Preset p : a.presets.list()) {
      Path export = trainAndExport(p, data, work);
      int calls = p == Preset.TINY ? a.calls : a.callsStandard;
      rows.add(measure(p, export, images, a, calls));
    }
    table(rows);
    System.out.printf(Locale.ROOT, "load average at end %s%n", BenchSystem.loadAverage());
    return 0;
  }

  /** Eight 640×480 synthetic-shape images in the chosen type. */
  static List<BufferedImage> images(int type) {
    SyntheticShapes gen =
        SyntheticShapes.builder().images(8).imageSize(WIDTH, HEIGHT).seed(7).build();
    List<BufferedImage> out = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      BufferedImage src = gen.sample(i).image();
      BufferedImage img = new BufferedImage(WIDTH, HEIGHT, type);
      img.getGraphics().drawImage(src, 0, 0, null);
      out.add(img);
    }
    return List.copyOf(out);
  }

  /** A small training set (TFRecord + label map); returns a config fragment with the paths. */
  static PipelineConfig dataset(Path work) throws IOException {
    AnnotationSet set =
        SyntheticShapes.builder()
            .images(8)
            .imageSize(320, 320)
            .seed(3)
            .build()
            .write(work.resolve("shapes"));
    LabelMap labels = LabelMap.ofNames(SyntheticShapes.CLASSES);
    Path labelMap = work.resolve("label_map.pbtxt");
    LabelMapFormat.write(labels, labelMap);
    Path record = work.resolve("train.record");
    TfRecordWriter.builder(labels)
        .imageDirectory(work.resolve("shapes/images"))
        .build()
        .write(set, record);
    return PipelineConfig.preset(Preset.TINY).toBuilder()
        .numClasses(labels.maxId())
        .labelMapPath(labelMap.toString())
        .trainInputPaths(List.of(record.toString()))
        .evalInputPaths(List.of(record.toString()))
        .build();
  }

  /** Trains 2 steps at batch 2 (only so that a checkpoint exists) and exports. */
  static Path trainAndExport(Preset preset, PipelineConfig data, Path work) throws IOException {
    long t0 = System.nanoTime();
    PipelineConfig config =
        PipelineConfig.preset(preset).toBuilder()
            .numClasses(data.numClasses())
            .labelMapPath(data.trainInput().labelMapPath())
            .trainInputPaths(data.trainInput().inputPaths())
            .evalInputPaths(data.trainInput().inputPaths())
            .batchSize(2)
            .numSteps(2)
            .build();
    Path modelDir = work.resolve("model-" + preset.id());
    try (Trainer t = Trainer.create(config, modelDir)) {
      t.train();
    }
    Path export =
        Exporter.builder(config)
            .checkpoint(modelDir)
            .outputDirectory(work.resolve("exported-" + preset.id()))
            .build()
            .export();
    System.out.printf(
        Locale.ROOT,
        "%s: trained 2 steps and exported to %s in %.1f s%n",
        preset.id(),
        export,
        (System.nanoTime() - t0) / 1e9);
    return export;
  }

  private static Row measure(
      Preset preset, Path export, List<BufferedImage> images, Args a, int calls) throws Exception {
    BufferedImage image = images.get(0);
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(100).build();
    try (Detector detector = Detector.load(export, all);
        SavedModelBundle bundle =
            SavedModelBundle.load(export.resolve("saved_model").toString(), "serve");
        TUint8 input =
            TUint8.tensorOf(
                Shape.of(1, HEIGHT, WIDTH, 3), DataBuffers.of(rgb(image), true, false))) {
      // The raw side: the Detector's own session (the same SavedModel, graph and thread pools),
      // so that the ratio is the Detector's overhead alone; and, for reference, a second session
      // loaded separately (two loads of one model can differ by a few percent either way).
      SessionFunction same = detector.signatureFunction();
      SessionFunction separate = bundle.function("serving_default");
      Callable<Object> detect = () -> detector.detect(image);
      Callable<Object> call =
          () -> {
            same.call(Map.of(detector.inputName(), input)).close();
            return null;
          };
      Callable<Object> callSeparate =
          () -> {
            separate.call(Map.of("input_tensor", input)).close();
            return null;
          };
      for (int i = 0; i < a.warmup; i++) {
        detect.call();
        call.call();
        callSeparate.call();
      }
      long[] d = new long[a.samples];
      long[] r = new long[a.samples];
      long[] r2 = new long[a.samples];
      for (int i = 0; i < a.samples; i++) {
        // Call by call, in rotating order, so that other load on the machine hits all alike.
        switch (i % 3) {
          case 0 -> {
            d[i] = time(detect);
            r[i] = time(call);
            r2[i] = time(callSeparate);
          }
          case 1 -> {
            r[i] = time(call);
            r2[i] = time(callSeparate);
            d[i] = time(detect);
          }
          default -> {
            r2[i] = time(callSeparate);
            d[i] = time(detect);
            r[i] = time(call);
          }
        }
      }
      Row row = new Row(preset.id(), stats(d), stats(r));
      row.paired = pairedRatio(d, r);
      row.separate = stats(r2);
      row.pairedSeparate = pairedRatio(d, r2);
      row.batch8 = detectAllImagesPerSecond(detector, images, Math.max(5, a.samples / 8));
      row.twoThreads = concurrentImagesPerSecond(detector, image, 2, a.samples / 2);
      row.oneThread = 1e9 / mean(d);
      row.calls = calls;
      row.memory = memory(detector, image, calls);
      printRow(row);
      return row;
    }
  }

  private static long time(Callable<Object> task) throws Exception {
    long t0 = System.nanoTime();
    task.call();
    return System.nanoTime() - t0;
  }

  private static double detectAllImagesPerSecond(
      Detector detector, List<BufferedImage> images, int repeats) {
    detector.detectAll(images);
    long t0 = System.nanoTime();
    for (int i = 0; i < repeats; i++) {
      detector.detectAll(images);
    }
    return repeats * images.size() / ((System.nanoTime() - t0) / 1e9);
  }

  private static double concurrentImagesPerSecond(
      Detector detector, BufferedImage image, int threads, int callsPerThread) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Callable<List<Detection>>> tasks = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        tasks.add(
            () -> {
              List<Detection> last = List.of();
              for (int i = 0; i < callsPerThread; i++) {
                last = detector.detect(image);
              }
              return last;
            });
      }
      long t0 = System.nanoTime();
      for (Future<List<Detection>> f : pool.invokeAll(tasks)) {
        f.get();
      }
      return threads * callsPerThread / ((System.nanoTime() - t0) / 1e9);
    } finally {
      pool.shutdown();
    }
  }

  /** RSS and committed heap (kB) after warm-up, after 1 000 calls and after {@code calls}. */
  private static long[][] memory(Detector detector, BufferedImage image, int calls) {
    long[][] out = new long[3][];
    out[0] = snapshot();
    for (int i = 1; i <= calls; i++) {
      detector.detect(image);
      if (i == Math.min(1000, calls)) {
        out[1] = snapshot();
      }
    }
    out[2] = snapshot();
    return out;
  }

  private static long[] snapshot() {
    return new long[] {BenchSystem.memoryKb("VmRSS"), Runtime.getRuntime().totalMemory() / 1024};
  }

  /** Interleaved RGB bytes, built independently of the Detector (via getRGB). */
  private static byte[] rgb(BufferedImage image) {
    int[] argb = image.getRGB(0, 0, WIDTH, HEIGHT, null, 0, WIDTH);
    byte[] out = new byte[argb.length * 3];
    for (int i = 0; i < argb.length; i++) {
      out[3 * i] = (byte) (argb[i] >> 16);
      out[3 * i + 1] = (byte) (argb[i] >> 8);
      out[3 * i + 2] = (byte) argb[i];
    }
    return out;
  }

  /** Median, p90 (ms) and mean (ns) of the samples. */
  private static double[] stats(long[] ns) {
    long[] s = ns.clone();
    Arrays.sort(s);
    return new double[] {
      s[s.length / 2] / 1e6, s[(int) Math.ceil(0.9 * s.length) - 1] / 1e6, mean(ns)
    };
  }

  /** The median of the per-pair ratios detect/raw (each pair ran back to back). */
  private static double pairedRatio(long[] d, long[] r) {
    double[] q = new double[d.length];
    for (int i = 0; i < d.length; i++) {
      q[i] = (double) d[i] / r[i];
    }
    Arrays.sort(q);
    return q[q.length / 2];
  }

  private static double mean(long[] ns) {
    return Arrays.stream(ns).average().orElse(0);
  }

  private static void printRow(Row r) {
    System.out.printf(
        Locale.ROOT,
        "%s: detect median %.3f ms p90 %.3f ms | raw call, same session: median %.3f ms p90 %.3f"
            + " ms | ratio %.3f (medians), %.3f (means), %.3f (median of paired ratios) | raw"
            + " call, separately loaded session: median %.3f ms, paired ratio %.3f%n",
        r.preset,
        r.detect[0],
        r.detect[1],
        r.raw[0],
        r.raw[1],
        r.detect[0] / r.raw[0],
        r.detect[2] / r.raw[2],
        r.paired,
        r.separate[0],
        r.pairedSeparate);
    System.out.printf(
        Locale.ROOT,
        "%s: 1 thread %.1f img/s, detectAll(8) %.1f img/s, 2 threads %.1f img/s; RSS %d → %d → %d"
            + " MB (heap committed %d → %d → %d MB) over %d calls; load average now %s%n",
        r.preset,
        r.oneThread,
        r.batch8,
        r.twoThreads,
        r.memory[0][0] / 1024,
        r.memory[1][0] / 1024,
        r.memory[2][0] / 1024,
        r.memory[0][1] / 1024,
        r.memory[1][1] / 1024,
        r.memory[2][1] / 1024,
        r.calls,
        BenchSystem.loadAverage());
  }

  private static void table(List<Row> rows) {
    System.out.printf(
        Locale.ROOT,
        "%n| preset | detect p50 / p90 ms | raw p50 / p90 ms | ratio p50 (paired) | img/s 1 thr | img/s"
            + " detectAll(8) | img/s 2 thr | RSS MB warm / 1k / end (calls) | RSS-heap MB"
            + " warm / end |%n|---|---|---|---|---|---|---|---|---|%n");
    for (Row r : rows) {
      System.out.printf(
          Locale.ROOT,
          "| %s | %.2f / %.2f | %.2f / %.2f | %.3f (%.3f) | %.1f | %.1f | %.1f | %d / %d / %d (%d) |"
              + " %d / %d |%n",
          r.preset,
          r.detect[0],
          r.detect[1],
          r.raw[0],
          r.raw[1],
          r.detect[0] / r.raw[0],
          r.paired,
          r.oneThread,
          r.batch8,
          r.twoThreads,
          r.memory[0][0] / 1024,
          r.memory[1][0] / 1024,
          r.memory[2][0] / 1024,
          r.calls,
          (r.memory[0][0] - r.memory[0][1]) / 1024,
          (r.memory[2][0] - r.memory[2][1]) / 1024);
    }
  }

  /** One preset's figures. */
  private static final class Row {
    final String preset;
    final double[] detect;
    final double[] raw;
    double paired;
    double[] separate;
    double pairedSeparate;
    double oneThread;
    double batch8;
    double twoThreads;
    int calls;
    long[][] memory;

    Row(String preset, double[] detect, double[] raw) {
      this.preset = preset;
      this.detect = detect;
      this.raw = raw;
    }
  }

  /** The command line. */
  static final class Args {
    @Option(
        names = "--calls",
        paramLabel = "N",
        description = "Calls of the tiny model's memory run.")
    int calls = 10_000;

    @Option(
        names = "--calls-standard",
        paramLabel = "N",
        description = "Calls of the standard model's memory run (about a minute).")
    int callsStandard = 2_000;

    @Option(
        names = "--samples",
        paramLabel = "N",
        description = "Latency samples per side (at least 1).")
    int samples = 400;

    @Option(names = "--warmup", paramLabel = "N", description = "Warm-up calls per side.")
    int warmup = 30;

    @Option(
        names = "--image-type",
        paramLabel = "bgr|rgb",
        defaultValue = "bgr",
        converter = ImageType.class,
        description = "bgr: TYPE_3BYTE_BGR (what ImageIO decodes a JPEG to); rgb: TYPE_INT_RGB.")
    int imageType;

    @Option(
        names = "--preset",
        paramLabel = "tiny|standard|both",
        defaultValue = "both",
        converter = BenchCli.PresetsConverter.class,
        description = "The models to train, export and measure.")
    BenchCli.Presets presets;

    @Option(
        names = "--work",
        paramLabel = "DIR",
        description = "Working folder, kept (default: a temporary one, deleted at exit).")
    Path work;

    @Option(
        names = "--frozen",
        paramLabel = "FILE.pb|DIR",
        description = "Frozen-graph mode: measure this TF1 frozen graph.")
    Path frozen;

    @Option(
        names = "--image",
        paramLabel = "IMAGE",
        description = "The frozen-graph mode's image (default: image.jpg beside the graph).")
    Path image;
  }

  /** {@code bgr} or {@code rgb} as a {@link BufferedImage} type. */
  static final class ImageType implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      return switch (value) {
        case "bgr" -> BufferedImage.TYPE_3BYTE_BGR;
        case "rgb" -> BufferedImage.TYPE_INT_RGB;
        default -> throw new TypeConversionException("'" + value + "' is not one of bgr, rgb");
      };
    }
  }
}
