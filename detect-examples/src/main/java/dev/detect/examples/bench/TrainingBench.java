package dev.detect.examples.bench;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.StepInfo;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.TrainingListener;
import dev.detect.train.input.Batch;
import dev.detect.train.input.InputPipeline;
import dev.detect.train.input.augment.Augmentations;
import dev.detect.train.ssd.SsdSpec;
import dev.detect.train.ssd.SsdSpecs;
import dev.detect.train.ssd.SsdTrainingGraph;
import dev.detect.train.ssd.TargetAssigner;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.tensorflow.Graph;
import org.tensorflow.GraphOperation;
import org.tensorflow.Session;
import org.tensorflow.Tensor;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Training benchmark: for the {@code tiny} and the standard {@code ssd_mobilenet_v2_320x320}
 * presets at batch 8, the {@link Trainer}'s steps/s with the real input pipeline (TFRecord → decode
 * → augmentation → batch → target assignment), the same graph's steps/s fed 16 pre-built batches in
 * turn (the compute bound; run in blocks of 25 steps after every 25 pipeline steps, so that a
 * change of the machine's speed hits both sides alike; the 4 pipeline steps after a block are not
 * counted), their ratio (goal ≥ 0.95; from the totals, and the median over the blocks of each
 * stretch of pipeline steps over the pre-built block right after it, which a drift of a shared
 * machine's speed disturbs less), the CPU time the input threads took per step, the FLOPs of one
 * training step counted from the graph's convolution shapes, the achieved GFLOP/s, and resident
 * memory at start, middle and end of the run plus its peak (goal: flat).
 *
 * <p>The timed steps are the steady state of a long training: by default the warm-up lasts until
 * every image has most likely been drawn once (the coupon collector's expectation, {@code n·H(n)}
 * draws), so that the decoded cache holds them all. The warm-up's own speed is printed too: it is
 * what a dataset larger than the cache gets on every step ({@code --cache-mb 0} measures that case
 * directly).
 *
 * <p>Usage: {@code TrainingBench [--steps N] [--warmup N] [--preset tiny|standard|both] [--images
 * N] [--cache-mb N] [--work DIR] [--intra N]} (defaults: 300 timed steps for tiny, 60 for standard;
 * {@code --cache-mb}: the Trainer's decoded-image cache, default its own; {@code --intra}:
 * TensorFlow intra-op threads, default all cores). Generates the images (SyntheticShapes, 320×320
 * JPEG) once into a temporary folder.
 */
@Command(
    name = "TrainingBench",
    mixinStandardHelpOptions = true,
    showDefaultValues = true,
    description = {
      "Trainer steps/s with the real input pipeline against the same graph fed pre-built batches"
          + " (the compute bound), their ratio, input CPU per step, FLOPs and resident memory,"
          + " at batch 8 on generated 320x320 JPEGs."
    })
public final class TrainingBench implements Callable<Integer> {
  private static final int BATCH = 8;

  /** Distinct pre-built batches the compute bound cycles through. */
  private static final int PREBUILT_BATCHES = 16;

  /** Pipeline steps between blocks of pre-built steps, and steps per block. */
  private static final int BLOCK = 25;

  /** Pipeline steps not counted after a block: prefetched batches (2), prepared feed (1), one. */
  private static final int SKIP_AFTER_BLOCK = 4;

  /** TensorFlow intra-op threads for both measurements (0 = TensorFlow's default). */
  private static int intraOpThreads;

  /** The Trainer's decoded-image cache in bytes; negative = the Trainer's default. */
  private static long cacheBytes = -1;

  @Option(
      names = "--steps",
      paramLabel = "N",
      description = "Timed steps per preset (default: 300 for tiny, 60 for standard).")
  private Integer steps;

  @Option(
      names = "--warmup",
      paramLabel = "N",
      description =
          "Warm-up steps (default: until every image has most likely been drawn once, so that"
              + " the decoded cache holds them all).")
  private Integer warmup;

  @Option(
      names = "--preset",
      paramLabel = "tiny|standard|both",
      defaultValue = "both",
      converter = BenchCli.PresetsConverter.class,
      description = "The models to train.")
  BenchCli.Presets presets;

  @Option(names = "--images", paramLabel = "N", description = "Generated training images.")
  private int images = 200;

  @Option(
      names = "--work",
      paramLabel = "DIR",
      description = "Working folder, kept (default: a temporary one, deleted at exit).")
  private Path work;

  @Option(
      names = "--intra",
      paramLabel = "N",
      description = "TensorFlow intra-op threads (0: TensorFlow's default, all cores).")
  private int intra;

  @Option(
      names = "--cache-mb",
      paramLabel = "MB",
      description =
          "The Trainer's decoded-image cache; 0 decodes every time (default: the Trainer's own).")
  private Long cacheMb;

  TrainingBench() {}

  /** Runs the benchmark and prints the figures. */
  public static void main(String[] args) {
    BenchCli.main(new TrainingBench(), args);
  }

  @Override
  public Integer call() throws Exception {
    intraOpThreads = intra;
    cacheBytes = cacheMb == null ? -1 : cacheMb << 20;
    Path dir = BenchSystem.workDirectory(work, "training-bench");
    PipelineConfig data = dataset(dir, images);
    BenchSystem.printStart();
    for (Preset p : presets.list()) {
      int timed = steps != null && steps > 0 ? steps : p == Preset.TINY ? 300 : 60;
      run(p, data, dir, warmup != null && warmup >= 0 ? warmup : allDrawnSteps(images), timed);
    }
    return 0;
  }

  /**
   * Steps until every one of {@code images} images has been drawn once, as expected for uniform
   * draws with replacement (the shuffle buffer spans many epochs): {@code n·H(n)} draws.
   */
  static int allDrawnSteps(int images) {
    double draws = 0;
    for (int k = 1; k <= images; k++) {
      draws += (double) images / k;
    }
    return (int) Math.ceil(draws / BATCH);
  }

  /** Writes the images and the TFRecord; returns a config fragment with the paths. */
  private static PipelineConfig dataset(Path work, int n) throws IOException {
    long t0 = System.nanoTime();
    AnnotationSet set =
        SyntheticShapes.builder()
            .images(n)
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
    System.out.printf(
        Locale.ROOT,
        "dataset: %d images 320x320 -> %s (%.1f MB) in %.1f s%n",
        n,
        record,
        Files.size(record) / 1e6,
        (System.nanoTime() - t0) / 1e9);
    return PipelineConfig.preset(Preset.TINY).toBuilder()
        .numClasses(labels.maxId())
        .labelMapPath(labelMap.toString())
        .trainInputPaths(List.of(record.toString()))
        .evalInputPaths(List.of(record.toString()))
        .build();
  }

  private static void run(Preset preset, PipelineConfig data, Path work, int warmup, int steps)
      throws IOException {
    PipelineConfig config =
        PipelineConfig.preset(preset).toBuilder()
            .numClasses(data.numClasses())
            .labelMapPath(data.trainInput().labelMapPath())
            .trainInputPaths(data.trainInput().inputPaths())
            .evalInputPaths(data.trainInput().inputPaths())
            .batchSize(BATCH)
            .numSteps(warmup + steps)
            .build();
    SsdSpec spec = SsdSpecs.from(config);
    System.out.printf(
        Locale.ROOT,
        "%n== %s: %dx%d, depth %.2f, batch %d, %d warm-up + %d timed steps, intra-op threads %s,"
            + " decoded cache %s ==%n",
        preset.id(),
        spec.inputHeight(),
        spec.inputWidth(),
        spec.depthMultiplier(),
        BATCH,
        warmup,
        steps,
        intraOpThreads == 0 ? "default" : intraOpThreads,
        cacheBytes < 0 ? "default" : (cacheBytes >> 20) + " MB");
    double pipelineOnly = pipelineImagesPerSecond(config, spec, 20);
    System.out.printf(
        Locale.ROOT, "input pipeline alone (no training): %.1f images/s%n", pipelineOnly);
    // A fresh model folder: an old one would be resumed from its last step.
    Path modelDir = Files.createTempDirectory(work, "model-" + preset.id() + "-");
    // The compute bound runs in blocks between the pipeline's steps (see trainWithPipeline), so
    // that both see the same machine: a drift of its speed during the run hits both alike.
    try (Bound bound = new Bound(config, spec)) {
      Timed real = trainWithPipeline(config, modelDir, warmup, steps, bound);
      report(real, bound.result(), steps);
    }
  }

  /** Trains with {@link Trainer} and its real input pipeline; times the steps after warm-up. */
  private static Timed trainWithPipeline(
      PipelineConfig config, Path dir, int warmup, int steps, Bound bound) throws IOException {
    long[] at = new long[warmup + steps + 1];
    long[] real = new long[2]; // nanoseconds and count of the timed pipeline steps
    long[] segment = new long[2]; // the same since the last pre-built block
    List<Double> segmentMs = new ArrayList<>(); // ms per step of each stretch before a block
    long[] last = new long[1];
    int[] skipNext = new int[1];
    long[] inputCpu = new long[2];
    // from step 1 on (the first steps also warm up the JIT and TensorFlow); none without a warm-up
    int warmFrom = Math.max(1, Math.min(5, warmup / 4));
    long[] warm = new long[2]; // input CPU at warmFrom and at warmup
    @SuppressWarnings("unchecked")
    Map<String, Long>[] roles = new Map[2];
    long[] rss = new long[3];
    long[] heap = new long[3];
    TrainingListener timer =
        new TrainingListener() {
          @Override
          public void onStep(StepInfo s) {
            int i = (int) s.step();
            long now = System.nanoTime();
            at[i] = now;
            if (i > warmup && skipNext[0] == 0) {
              real[0] += now - last[0];
              real[1]++;
              segment[0] += now - last[0];
              segment[1]++;
            }
            skipNext[0] = Math.max(0, skipNext[0] - 1);
            last[0] = now;
            if (i >= warmup && i < warmup + steps && (i - warmup) % BLOCK == BLOCK - 1) {
              // A block of pre-built steps. The pipeline's next steps are not counted: their
              // batches were prepared during the block (prefetch queue and prepared feed), and
              // caches are cold after the other graph, as for the block's first step.
              segmentMs.add(segment[1] == 0 ? Double.NaN : segment[0] / 1e6 / segment[1]);
              segment[0] = 0;
              segment[1] = 0;
              bound.runBlock(BLOCK);
              skipNext[0] = SKIP_AFTER_BLOCK;
              last[0] = System.nanoTime();
            }
            if (i == warmFrom) {
              warm[0] = inputThreadsCpuNanos();
            }
            if (i == warmup) {
              warm[1] = inputThreadsCpuNanos();
              inputCpu[0] = inputThreadsCpuNanos();
              roles[0] = inputThreadsCpuByRole();
              rss[0] = BenchSystem.memoryKb("VmRSS");
              heap[0] = Runtime.getRuntime().totalMemory() / 1024;
            } else if (i == warmup + steps / 2) {
              rss[1] = BenchSystem.memoryKb("VmRSS");
              heap[1] = Runtime.getRuntime().totalMemory() / 1024;
            } else if (i == warmup + steps) {
              inputCpu[1] = inputThreadsCpuNanos();
              roles[1] = inputThreadsCpuByRole();
              rss[2] = BenchSystem.memoryKb("VmRSS");
              heap[2] = Runtime.getRuntime().totalMemory() / 1024;
            }
          }
        };
    TrainerOptions.Builder options =
        TrainerOptions.builder(dir)
            .checkpointEvery(Integer.MAX_VALUE)
            .summaryEvery(1000)
            .threads(intraOpThreads, 0)
            .lowPriorityInput(true) // as detect train runs, which the figures describe
            .listener(timer);
    if (cacheBytes >= 0) {
      options.decodedCacheBytes(cacheBytes);
    }
    try (Trainer trainer = Trainer.create(config, options.build())) {
      trainer.train();
    }
    double seconds = (at[warmup + steps] - at[warmup]) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "input and feed threads used %.1f ms of CPU per step (%.0f%% of one core, wall time of the"
            + " pre-built blocks included)%n",
        (inputCpu[1] - inputCpu[0]) / 1e6 / steps,
        100.0 * (inputCpu[1] - inputCpu[0]) / 1e9 / seconds);
    StringBuilder split = new StringBuilder("  of which, ms per step:");
    roles[1].forEach(
        (role, ns) ->
            split.append(
                String.format(
                    Locale.ROOT,
                    " %s %.2f",
                    role,
                    (ns - roles[0].getOrDefault(role, 0L)) / 1e6 / steps)));
    System.out.println(split);
    int warmSteps = Math.max(0, warmup - warmFrom);
    double warmSeconds = warmSteps == 0 ? Double.NaN : (at[warmup] - at[warmFrom]) / 1e9;
    return new Timed(
        real[1] / (real[0] / 1e9),
        rss,
        heap,
        BenchSystem.memoryKb("VmHWM"),
        segmentMs,
        warmSteps,
        warmSteps / warmSeconds,
        (warm[1] - warm[0]) / 1e6 / Math.max(1, warmSteps));
  }

  /** CPU time of the live input-pipeline and feed-builder threads, in nanoseconds. */
  private static long inputThreadsCpuNanos() {
    return inputThreadsCpuByRole().values().stream().mapToLong(Long::longValue).sum();
  }

  /** The same by role: reader, workers, batcher, feed builder. */
  private static Map<String, Long> inputThreadsCpuByRole() {
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    Map<String, Long> byRole = new TreeMap<>();
    for (ThreadInfo t : mx.getThreadInfo(mx.getAllThreadIds())) {
      if (t != null
          && (t.getThreadName().startsWith("detect-input")
              || t.getThreadName().startsWith("detect-feed"))) {
        String role = t.getThreadName().replaceAll("-\\d+$", "");
        byRole.merge(role, Math.max(0, mx.getThreadCpuTime(t.getThreadId())), Long::sum);
      }
    }
    return byRole;
  }

  /** The pipeline's throughput when nothing else runs: drains {@code batches} batches. */
  private static double pipelineImagesPerSecond(PipelineConfig config, SsdSpec spec, int batches)
      throws IOException {
    try (InputPipeline in = pipeline(config, spec)) {
      in.next().orElseThrow();
      long t0 = System.nanoTime();
      for (int i = 0; i < batches; i++) {
        in.next().orElseThrow();
      }
      return batches * BATCH / ((System.nanoTime() - t0) / 1e9);
    }
  }

  /** The input pipeline the Trainer builds, with the Trainer's default thread count. */
  private static InputPipeline pipeline(PipelineConfig config, SsdSpec spec) throws IOException {
    LabelMap labels = LabelMapFormat.read(Path.of(config.trainInput().labelMapPath()));
    InputPipeline.Builder b =
        InputPipeline.builder(config.trainInput().inputPaths().stream().map(Path::of).toList());
    if (cacheBytes >= 0) {
      b.decodedCacheBytes(cacheBytes);
    }
    return b.labelMap(labels)
        .batchSize(BATCH)
        .imageSize(spec.inputHeight(), spec.inputWidth())
        .augmentations(Augmentations.fromConfig(config.trainConfig().dataAugmentationOptions()))
        .shuffle(true)
        .seed(42)
        .numEpochs(0)
        .threads(Math.max(1, Runtime.getRuntime().availableProcessors() / 2))
        .build();
  }

  /**
   * The compute bound: the same training graph in a session of its own, fed {@link
   * #PREBUILT_BATCHES} distinct pre-built batches in turn (one batch fed over and over would stay
   * in the processor's caches, which no real training does), run in blocks between the pipeline's
   * steps.
   */
  private static final class Bound implements AutoCloseable {
    private final Graph graph = new Graph();
    private Session session; // null until created
    private final List<Feed> feeds = new ArrayList<>();
    private final Flops flops;
    private final long parameters;
    private final int anchors;
    private final double feedMs;
    private long nanos;
    private long count;
    private int next;

    /** Milliseconds per step of each block, in order. */
    private final List<Double> blockMs = new ArrayList<>();

    Bound(PipelineConfig config, SsdSpec spec) throws IOException {
      try {
        List<Batch> batches = new ArrayList<>();
        try (InputPipeline in = pipeline(config, spec)) {
          for (int i = 0; i < PREBUILT_BATCHES; i++) {
            batches.add(in.next().orElseThrow());
          }
        }
        SsdTrainingGraph model =
            new SsdTrainingGraph(graph, spec, SsdSpecs.optimizer(config), BATCH, 42);
        flops = Flops.count(graph);
        parameters = model.trainableParameters;
        anchors = model.anchors.length;
        TargetAssigner assigner =
            new TargetAssigner(model.anchors, spec.boxCoder(), spec.matcher());
        feedMs = feedMillis(model, assigner, batches.get(0));
        ConfigProto threads =
            ConfigProto.newBuilder().setIntraOpParallelismThreads(intraOpThreads).build();
        session = new Session(graph, threads);
        for (Batch b : batches) {
          feeds.add(new Feed(model, assigner, b));
        }
        session.initialize();
        for (int i = 0; i < 5; i++) {
          step();
        }
      } catch (IOException | RuntimeException | Error e) {
        close(); // what was made before the failure
        throw e;
      }
    }

    private void step() {
      feeds.get(next++ % feeds.size()).run(session);
    }

    /** One untimed step (caches cold after the other graph), then {@code n} timed ones. */
    void runBlock(int n) {
      step();
      long t0 = System.nanoTime();
      for (int i = 0; i < n; i++) {
        step();
      }
      long block = System.nanoTime() - t0;
      nanos += block;
      count += n;
      blockMs.add(block / 1e6 / n);
    }

    Compute result() {
      return new Compute(
          count / (nanos / 1e9), flops, parameters, anchors, feedMs, List.copyOf(blockMs));
    }

    @Override
    public void close() {
      feeds.forEach(Feed::close);
      if (session != null) {
        session.close();
      }
      graph.close();
    }
  }

  /** Java time per step to assign targets and create the feed tensors (what the Trainer adds). */
  private static double feedMillis(SsdTrainingGraph model, TargetAssigner assigner, Batch batch) {
    int n = 20;
    for (int i = 0; i < 3; i++) {
      new Feed(model, assigner, batch).close();
    }
    long t0 = System.nanoTime();
    for (int i = 0; i < n; i++) {
      new Feed(model, assigner, batch).close();
    }
    return (System.nanoTime() - t0) / 1e6 / n;
  }

  private static void report(Timed real, Compute bound, int steps) {
    double ratio = real.stepsPerSecond / bound.stepsPerSecond;
    double trainFlops = bound.flops.training();
    System.out.printf(
        Locale.ROOT,
        "model: %,d trainable parameters, %d anchors%n",
        bound.parameters,
        bound.anchors);
    System.out.printf(
        Locale.ROOT,
        "(1) real input pipeline: %.3f steps/s, %.1f images/s (%.0f ms/step)%n",
        real.stepsPerSecond,
        real.stepsPerSecond * BATCH,
        1000 / real.stepsPerSecond);
    System.out.printf(
        Locale.ROOT,
        "(2) pre-built batches:   %.3f steps/s, %.1f images/s (%.0f ms/step); Java target"
            + " assignment + feed tensors %.1f ms/step%n",
        bound.stepsPerSecond,
        bound.stepsPerSecond * BATCH,
        1000 / bound.stepsPerSecond,
        bound.feedMs);
    // Each stretch of pipeline steps beside the block of pre-built steps right after it: a drift
    // of the machine's speed, which a shared machine shows, cancels out in each pair.
    List<Double> paired = new ArrayList<>();
    for (int i = 0; i < Math.min(real.blockMs.size(), bound.blockMs.size()); i++) {
      if (!real.blockMs.get(i).isNaN()) {
        paired.add(bound.blockMs.get(i) / real.blockMs.get(i));
      }
    }
    paired.sort(null);
    System.out.printf(
        Locale.ROOT,
        "(3) ratio: %.3f (totals); median of %d paired blocks %.3f (goal >= 0.95)%n",
        ratio,
        paired.size(),
        paired.isEmpty()
            ? Double.NaN
            : (paired.get((paired.size() - 1) / 2) + paired.get(paired.size() / 2)) / 2);
    if (real.warmSteps > 0) {
      System.out.printf(
          Locale.ROOT,
          "    warm-up (%d steps, images decoded for the first time): %.3f steps/s, %.3f of the"
              + " pre-built rate; input threads %.1f ms of CPU per step%n",
          real.warmSteps,
          real.warmStepsPerSecond,
          real.warmStepsPerSecond / bound.stepsPerSecond,
          real.warmInputCpuMs);
    }
    System.out.printf(
        Locale.ROOT,
        "(4) FLOPs per step: forward %.2f GFLOP (%.3f per image), x3 = %.2f; counted with the"
            + " backward convolutions of the graph %.2f GFLOP; achieved %.1f GFLOP/s (pre-built),"
            + " %.1f GFLOP/s (pipeline)%n",
        bound.flops.forward / 1e9,
        bound.flops.forward / 1e9 / BATCH,
        3 * bound.flops.forward / 1e9,
        trainFlops / 1e9,
        trainFlops * bound.stepsPerSecond / 1e9,
        trainFlops * real.stepsPerSecond / 1e9);
    System.out.printf(
        Locale.ROOT,
        "(5) RSS at step 0/%d/%d after warm-up: %d / %d / %d MB (Java heap committed %d / %d /"
            + " %d MB, RSS less heap %d / %d / %d MB); peak (VmHWM) %d MB; load average now %s%n",
        steps / 2,
        steps,
        real.rssKb[0] / 1024,
        real.rssKb[1] / 1024,
        real.rssKb[2] / 1024,
        real.heapKb[0] / 1024,
        real.heapKb[1] / 1024,
        real.heapKb[2] / 1024,
        (real.rssKb[0] - real.heapKb[0]) / 1024,
        (real.rssKb[1] - real.heapKb[1]) / 1024,
        (real.rssKb[2] - real.heapKb[2]) / 1024,
        real.peakKb / 1024,
        BenchSystem.loadAverage());
  }

  /**
   * The pipeline's figures: timed steps per second, memory, ms per step of each stretch between
   * pre-built blocks, and the warm-up's steps, steps per second and input CPU ms per step.
   */
  private record Timed(
      double stepsPerSecond,
      long[] rssKb,
      long[] heapKb,
      long peakKb,
      List<Double> blockMs,
      int warmSteps,
      double warmStepsPerSecond,
      double warmInputCpuMs) {}

  private record Compute(
      double stepsPerSecond,
      Flops flops,
      long parameters,
      int anchors,
      double feedMs,
      List<Double> blockMs) {}

  /** One batch's feed tensors, built as the Trainer's BatchFeeder builds them. */
  private static final class Feed implements AutoCloseable {
    private final SsdTrainingGraph model;
    private final List<Tensor> tensors = new ArrayList<>();

    Feed(SsdTrainingGraph model, TargetAssigner assigner, Batch batch) {
      this.model = model;
      int b = batch.size();
      int a = model.anchors.length;
      int[] cls = new int[b * a];
      float[] clsW = new float[b * a];
      float[] reg = new float[b * a * 4];
      float[] regW = new float[b * a];
      for (int i = 0; i < b; i++) {
        TargetAssigner.Targets t =
            assigner.assign(batch.boxes().get(i), batch.classes().get(i), batch.weights().get(i));
        System.arraycopy(t.classes(), 0, cls, i * a, a);
        System.arraycopy(t.classWeights(), 0, clsW, i * a, a);
        System.arraycopy(t.regression(), 0, reg, i * a * 4, a * 4);
        System.arraycopy(t.regressionWeights(), 0, regW, i * a, a);
      }
      Shape images = Shape.of(b, batch.height(), batch.width(), 3);
      try {
        tensors.add(TFloat32.tensorOf(images, DataBuffers.of(batch.images())));
        tensors.add(TInt32.tensorOf(Shape.of(b, a), DataBuffers.of(cls)));
        tensors.add(TFloat32.tensorOf(Shape.of(b, a), DataBuffers.of(clsW)));
        tensors.add(TFloat32.tensorOf(Shape.of(b, a, 4), DataBuffers.of(reg)));
        tensors.add(TFloat32.tensorOf(Shape.of(b, a), DataBuffers.of(regW)));
        tensors.add(TFloat32.scalarOf(0.001f));
      } catch (RuntimeException | Error e) {
        close(); // a later tensor failed: release the earlier ones
        throw e;
      }
    }

    void run(Session s) {
      s.runner()
          .feed(model.images, tensors.get(0))
          .feed(model.classTargets, tensors.get(1))
          .feed(model.classWeights, tensors.get(2))
          .feed(model.boxTargets, tensors.get(3))
          .feed(model.boxWeights, tensors.get(4))
          .feed(model.learningRate, tensors.get(5))
          .fetch(model.totalLoss)
          .addTarget(model.trainOp)
          .run()
          .close();
    }

    @Override
    public void close() {
      tensors.forEach(Tensor::close);
    }
  }

  /**
   * FLOPs (2 per multiply-add) of the convolutions in a training graph, from the static shapes of
   * its ops: the forward {@code Conv2D} (backbone, extra layers, box predictors) and {@code
   * DepthwiseConv2dNative}, and the backward ops {@code addGradients} created for them. Batch norm,
   * activations and the losses are element-wise and not counted.
   */
  private record Flops(long forward, long backward) {
    long training() {
      return forward + backward;
    }

    static Flops count(Graph g) {
      long forward = 0;
      long backward = 0;
      Iterator<GraphOperation> it = g.operations();
      while (it.hasNext()) {
        GraphOperation op = it.next();
        switch (op.type()) {
          case "Conv2D", "DepthwiseConv2dNative" -> forward += convFlops(op, op.output(0).shape());
          case "Conv2DBackpropInput",
              "Conv2DBackpropFilter",
              "DepthwiseConv2dNativeBackpropInput",
              "DepthwiseConv2dNativeBackpropFilter" ->
              backward += convFlops(op, op.input(2).shape());
          default -> {}
        }
      }
      return new Flops(forward, backward);
    }

    /**
     * {@code 2 · B · Ho · Wo · k · k · Cin · m} for a convolution whose forward output is {@code
     * out} = [B, Ho, Wo, Cout]; the filter is [k, k, Cin, Cout] (Conv2D: m = Cout) or [k, k, C,
     * multiplier] (depthwise: Cout = C · multiplier, one input channel per output).
     */
    private static long convFlops(GraphOperation op, Shape out) {
      Shape filter = filterShape(op);
      long kk = filter.get(0) * filter.get(1);
      boolean depthwise = op.type().startsWith("Depthwise");
      long perOutput = depthwise ? kk : kk * filter.get(2);
      return 2 * out.get(0) * out.get(1) * out.get(2) * out.get(3) * perOutput;
    }

    private static Shape filterShape(GraphOperation op) {
      return op.type().endsWith("BackpropFilter") ? op.output(0).shape() : op.input(1).shape();
    }
  }
}
