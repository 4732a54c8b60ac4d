package dev.detect.train;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.TrainConfig;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.input.InputPipeline;
import dev.detect.train.input.augment.Augmentations;
import dev.detect.train.ssd.FineTune;
import dev.detect.train.ssd.OptimizerSpec;
import dev.detect.train.ssd.SsdSpec;
import dev.detect.train.ssd.SsdSpecs;
import dev.detect.train.ssd.SsdTrainingGraph;
import dev.detect.train.tensorboard.EventFileWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.ConfigProto;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt64;

/**
 * Trains an SSD MobileNetV2 detector from a pipeline.config and its TFRecords, in this JVM: the
 * Java counterpart of the OD API's {@code model_main_tf2.py}.
 *
 * <pre>{@code
 * try (Trainer trainer = Trainer.create(config, modelDir)) {
 *   TrainingResult result = trainer.train();   // resumes from the latest checkpoint in modelDir
 * }
 * // with settings: Trainer.create(config, TrainerOptions.builder(modelDir).checkpointEvery(500)
 * //     .listener(TrainingListener.progressBar()).build())
 * }</pre>
 *
 * <p>It writes checkpoints ({@code model_dir/ckpt-<step>.*} and {@code checkpoint}) and TensorBoard
 * event files ({@code model_dir/train/events.out.tfevents.*}). A non-finite loss stops training
 * with a {@link TrainingException} before anything is saved. Holds a TensorFlow graph and session:
 * close it. See {@code dev.detect.examples.TrainAndExport} for a complete program.
 */
public final class Trainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

  /**
   * The largest shuffle buffer used (records held in memory; the OD API's default is 2048): a
   * larger train_input_reader.shuffle_buffer_size is capped, with a warning.
   */
  static final int MAX_SHUFFLE_BUFFER = 4096;

  private final PipelineConfig config;
  private final TrainerOptions options;

  /** Images per step: the options' override, else the config's {@code batch_size}. */
  private final int batchSize;

  private final SsdSpec spec;
  private final Graph graph;
  private final Session session;
  private final SsdTrainingGraph model;
  private final CheckpointManager checkpoints;
  private volatile boolean stopRequested;

  /** What restoring fine_tune_checkpoint did in this run, if it did. */
  private Optional<FineTuneReport> fineTuned = Optional.empty();

  private Trainer(PipelineConfig config, TrainerOptions options) {
    this.config = config;
    this.options = options;
    this.batchSize =
        options.batchSize() > 0 ? options.batchSize() : config.trainConfig().batchSize();
    this.spec = SsdSpecs.from(config);
    OptimizerSpec optimizer = SsdSpecs.optimizer(config);
    this.graph = new Graph();
    try {
      this.model = new SsdTrainingGraph(graph, spec, optimizer, batchSize, options.seed());
      ConfigProto proto =
          ConfigProto.newBuilder()
              .setIntraOpParallelismThreads(options.intraOpThreads())
              .setInterOpParallelismThreads(options.interOpThreads())
              .build();
      this.session = new Session(graph, proto);
    } catch (RuntimeException | Error e) {
      graph.close();
      throw e;
    }
    this.checkpoints = new CheckpointManager(options.modelDir(), options.keepCheckpoints());
  }

  /**
   * A trainer of {@code config}'s model with {@code options}: builds the training graph and
   * session.
   *
   * @throws IllegalArgumentException when the config's model is not one detect trains, or the
   *     config has a field the OD API does not know (a misspelling, with its file:line:column and
   *     the closest known name), before anything is built
   */
  public static Trainer create(PipelineConfig config, TrainerOptions options) {
    return new Trainer(
        Objects.requireNonNull(config, "config"), Objects.requireNonNull(options, "options"));
  }

  /** A trainer of {@code config}'s model into {@code modelDir}, with the default options. */
  public static Trainer create(PipelineConfig config, Path modelDir) {
    return create(config, TrainerOptions.defaults(modelDir));
  }

  /** The options this trainer was made with. */
  public TrainerOptions options() {
    return options;
  }

  /** The resolved model spec. */
  SsdSpec spec() {
    return spec;
  }

  /** Asks a running {@link #train()} to stop after the current step (and save a checkpoint). */
  public void stop() {
    stopRequested = true;
  }

  /**
   * Trains until {@code num_steps}, resuming from the latest checkpoint in the model folder, or
   * starting from {@code fine_tune_checkpoint} (or from scratch) when there is none.
   *
   * @throws TrainingException on a non-finite loss or a TensorFlow failure, naming the step
   * @throws IOException when input or output files fail
   */
  public TrainingResult train() throws IOException {
    long start = System.nanoTime();
    deleteLeftovers();
    session.initialize();
    Optional<Path> resumed = restoreOrFineTune();
    long step = globalStep();
    long numSteps = options.numSteps() > 0 ? options.numSteps() : config.trainConfig().numSteps();
    if (resumed.isEmpty() && fineTuned.isEmpty() && step == 0) {
      config.batchNormLagWarning(numSteps).ifPresent(LOG::warn);
    }
    List<String> unsupported = config.unsupportedFields(PipelineConfig.TRAINER_SUPPORTED);
    if (!unsupported.isEmpty()) {
      LOG.warn(
          "these pipeline.config fields are not implemented by detect's trainer:{}",
          unsupported.stream()
              .map(f -> "\n  " + f + ": " + PipelineConfig.trainerEffect(f))
              .collect(Collectors.joining()));
    }
    TrainingStart started =
        new TrainingStart(
            options.modelDir(),
            step,
            numSteps,
            batchSize,
            model.trainableParameters,
            model.anchors.length,
            resumed,
            unsupported);
    options.listeners().forEach(l -> l.onStart(started));
    if (numSteps > 0 && step >= numSteps) {
      TrainingResult done =
          new TrainingResult(
              TrainingResult.Outcome.ALREADY_COMPLETE,
              step,
              Double.NaN,
              checkpoints.latest().map(CheckpointManager.Checkpoint::prefix),
              seconds(start),
              fineTuned);
      options.listeners().forEach(l -> l.onEnd(done));
      return done;
    }
    try (InputPipeline input = inputPipeline(step);
        EventFileWriter events = EventFileWriter.create(options.modelDir().resolve("train"));
        Evaluation evaluation = new Evaluation()) {
      return loop(input, events, evaluation, step, numSteps, start);
    }
  }

  /** Evaluation on the eval input at checkpoints, best-checkpoint keeping and early stopping. */
  private final class Evaluation implements AutoCloseable {
    private TrainingEvaluator evaluator;
    private EventFileWriter events;
    private double best = Double.NEGATIVE_INFINITY;
    private int sinceImprovement;
    private boolean disabled = options.evaluateEvery() < 0 || config.evalInputs().isEmpty();

    boolean due(long step, long numSteps) {
      if (disabled) {
        return false;
      }
      return step == numSteps
          || (options.evaluateEvery() > 0 && step % options.evaluateEvery() == 0);
    }

    /** Evaluates {@code prefix}; returns true when training should stop early. */
    boolean evaluate(long step, Path prefix) throws IOException {
      if (evaluator == null) {
        try {
          evaluator = new TrainingEvaluator(config, spec);
        } catch (IOException | RuntimeException e) {
          LOG.warn(
              "evaluation disabled: cannot read the eval input ({}); training goes on",
              e.getMessage());
          disabled = true;
          return false;
        }
        if (!evaluator.hasImages()) {
          LOG.warn("the eval input has no images; evaluation is skipped");
          disabled = true;
          return false;
        }
      }
      boolean first = events == null;
      if (first) {
        events = EventFileWriter.create(options.modelDir().resolve("eval"));
      }
      var result = evaluator.evaluate(prefix);
      if (first) {
        TrainingEvaluator.ownWarnings(result).forEach(w -> LOG.warn("evaluation: {}", w));
      }
      var report = result.report();
      double metric = report.metrics().getOrDefault(TrainingEvaluator.VOC_MAP, Double.NaN);
      boolean improved = Double.isFinite(metric) && metric > best + options.earlyStoppingMinDelta();
      if (Double.isFinite(metric) && metric > best) {
        best = metric;
        checkpoints.keepBest(prefix);
      }
      sinceImprovement = improved ? 0 : sinceImprovement + 1;
      events.scalars(step, TrainingEvaluator.scalars(report));
      EvaluationInfo info = new EvaluationInfo(step, prefix, report, metric, metric == best);
      options.listeners().forEach(l -> l.onEvaluation(info));
      return options.earlyStoppingPatience() > 0
          && sinceImprovement >= options.earlyStoppingPatience();
    }

    @Override
    public void close() throws IOException {
      try {
        if (evaluator != null) {
          evaluator.close();
        }
      } finally {
        if (events != null) {
          events.close();
        }
      }
    }
  }

  private TrainingResult loop(
      InputPipeline input,
      EventFileWriter events,
      Evaluation evaluation,
      long step,
      long numSteps,
      long start)
      throws IOException {
    boolean earlyStop = false;
    double lastLoss = Double.NaN;
    Optional<Path> lastCheckpoint = checkpoints.latest().map(CheckpointManager.Checkpoint::prefix);
    Throughput throughput = new Throughput();
    long firstStep = step;
    try (BatchFeeder feeder = new BatchFeeder(model, spec);
        PreparedFeeds feeds = new PreparedFeeds(input, feeder)) {
      if (options.lowPriorityInput()) {
        LOG.debug("input threads at low priority: {}", BackgroundPriority.lowerInputThreads());
      }
      while ((numSteps <= 0 || step < numSteps) && !stopRequested && !earlyStop) {
        int batchSize;
        double lr;
        double[] losses;
        try (BatchFeeder.Feed feed = feeds.take()) {
          batchSize = feed.size();
          lr = config.trainConfig().optimizer().learningRate().learningRate(step);
          losses = runStep(feed, (float) lr, step);
        }
        step++;
        lastLoss = losses[0];
        throughput.add(batchSize);
        StepInfo info =
            new StepInfo(
                step,
                numSteps,
                losses[0],
                losses[1],
                losses[2],
                losses[3],
                lr,
                throughput.imagesPerSecond(),
                seconds(start),
                numSteps > 0
                    ? (numSteps - step) * seconds(start) / Math.max(1, step - firstStep)
                    : Double.NaN);
        options.listeners().forEach(l -> l.onStep(info));
        if (step % options.summaryEvery() == 0 || step == numSteps) {
          events.scalars(step, scalars(info));
        }
        if (step % options.checkpointEvery() == 0 && step != numSteps) {
          lastCheckpoint = Optional.of(save(step));
          if (evaluation.due(step, numSteps)) {
            earlyStop = evaluation.evaluate(step, lastCheckpoint.get());
          }
        }
      }
    }
    if (lastCheckpoint.isEmpty()
        || !lastCheckpoint.get().getFileName().toString().equals("ckpt-" + step)) {
      lastCheckpoint = Optional.of(save(step));
      if (!earlyStop
          && (evaluation.due(step, numSteps) || stopRequested || options.evaluateEvery() == 0)) {
        evaluation.evaluate(step, lastCheckpoint.get());
      }
    }
    TrainingResult.Outcome outcome =
        earlyStop
            ? TrainingResult.Outcome.EARLY_STOPPED
            : stopRequested ? TrainingResult.Outcome.STOPPED : TrainingResult.Outcome.COMPLETED;
    TrainingResult result =
        new TrainingResult(outcome, step, lastLoss, lastCheckpoint, seconds(start), fineTuned);
    options.listeners().forEach(l -> l.onEnd(result));
    return result;
  }

  private double[] runStep(BatchFeeder.Feed feed, float lr, long step) {
    try (TFloat32 learningRate = TFloat32.scalarOf(lr);
        Result r =
            feed.runner(session, learningRate)
                .fetch(model.totalLoss)
                .fetch(model.classificationLoss)
                .fetch(model.localizationLoss)
                .fetch(model.regularizationLoss)
                .addTarget(model.trainOp)
                .run()) {
      double[] out = new double[4];
      for (int i = 0; i < 4; i++) {
        out[i] = ((TFloat32) r.get(i)).getFloat();
      }
      if (!Double.isFinite(out[0])) {
        throw new TrainingException(
            step + 1,
            String.format(
                Locale.ROOT,
                "the loss is not finite (total %s, classification %s, localization %s); nothing was saved,"
                    + " the last checkpoint is intact. Usual causes: a learning rate too high for this batch"
                    + " size (lower it or add warm-up), boxes outside their image or with zero size"
                    + " (run detect validate), labels missing from the label map.",
                out[0],
                out[1],
                out[2]),
            null);
      }
      return out;
    } catch (TensorFlowException e) {
      throw new TrainingException(step + 1, "TensorFlow failed: " + e.getMessage(), e);
    }
  }

  private Map<String, Double> scalars(StepInfo s) {
    Map<String, Double> m = new LinkedHashMap<>();
    m.put("Loss/total_loss", s.totalLoss());
    m.put("Loss/classification_loss", s.classificationLoss());
    m.put("Loss/localization_loss", s.localizationLoss());
    m.put("Loss/regularization_loss", s.regularizationLoss());
    m.put("learning_rate", s.learningRate());
    m.put("images_per_second", s.imagesPerSecond());
    return m;
  }

  private Path save(long step) throws IOException {
    CheckpointManager.Checkpoint c = checkpoints.save(session, step);
    CheckpointInfo info = new CheckpointInfo(c.prefix(), step);
    options.listeners().forEach(l -> l.onCheckpoint(info));
    return c.prefix();
  }

  /** Deletes the temporary files a killed earlier run left in the model folder. */
  private void deleteLeftovers() throws IOException {
    int n =
        checkpoints.deleteLeftovers()
            + AtomicFiles.deleteStaleTemporaries(options.modelDir().resolve("train"))
            + AtomicFiles.deleteStaleTemporaries(options.modelDir().resolve("eval"));
    if (n > 0) {
      LOG.info(
          "deleted {} temporary files left by an interrupted run in {}", n, options.modelDir());
    }
  }

  private Optional<Path> restoreOrFineTune() throws IOException {
    Optional<CheckpointManager.Checkpoint> latest = checkpoints.latest();
    if (latest.isPresent()) {
      Path prefix = latest.get().prefix();
      try {
        session.restore(prefix.toString());
      } catch (TensorFlowException e) {
        throw new TrainingException(
            latest.get().step(),
            "cannot resume from "
                + prefix
                + ": "
                + e.getMessage()
                + " (was it written for another model or config? use a fresh model_dir)",
            e);
      }
      LOG.info("resumed from {} at step {}", prefix, globalStep());
      return Optional.of(prefix);
    }
    TrainConfig train = config.trainConfig();
    if (!train.fineTuneCheckpoint().isBlank()) {
      FineTuneReport.Type type =
          "classification".equals(train.fineTuneCheckpointType())
              ? FineTuneReport.Type.CLASSIFICATION
              : FineTuneReport.Type.DETECTION;
      FineTuneReport report =
          FineTune.restore(model, session, Path.of(train.fineTuneCheckpoint()), type);
      fineTuned = Optional.of(report);
      LOG.info("fine-tune ({}): {}", train.fineTuneCheckpointType(), report.summary());
      if (LOG.isDebugEnabled()) {
        LOG.debug("restored: {}", report.restored());
        LOG.debug("not in the checkpoint: {}", report.missing());
        LOG.debug("other shape in the checkpoint: {}", report.shapeMismatch());
        LOG.debug("left initialized: {}", report.leftInitialized());
        LOG.debug("checkpoint variables unused: {}", report.unused());
      }
    }
    return Optional.empty();
  }

  private long globalStep() {
    try (Result r = session.runner().fetch(model.globalStep).run()) {
      return ((TInt64) r.get(0)).getLong();
    }
  }

  private InputPipeline inputPipeline(long step) throws IOException {
    var reader = config.trainInput();
    List<Path> files = new ArrayList<>();
    for (String p : reader.inputPaths()) {
      files.addAll(TfRecordReader.expand(Path.of(p)));
    }
    LabelMap labels = LabelMapFormat.read(Path.of(reader.labelMapPath()));
    if (reader.shuffleBufferSize() > MAX_SHUFFLE_BUFFER) {
      LOG.warn(
          "train_input_reader.shuffle_buffer_size {} is capped at {}: the buffer holds whole"
              + " records in memory",
          reader.shuffleBufferSize(),
          MAX_SHUFFLE_BUFFER);
    }
    return InputPipeline.builder(files)
        .labelMap(labels)
        .batchSize(batchSize)
        .imageSize(spec.inputHeight(), spec.inputWidth())
        .augmentations(Augmentations.fromConfig(config.trainConfig().dataAugmentationOptions()))
        .shuffle(reader.shuffle())
        .shuffleBufferSize(Math.max(1, Math.min(reader.shuffleBufferSize(), MAX_SHUFFLE_BUFFER)))
        .seed(options.seed() + step)
        .numEpochs(0)
        .threads(options.inputThreads())
        .decodedCacheBytes(options.decodedCacheBytes())
        .build();
  }

  private static double seconds(long start) {
    return (System.nanoTime() - start) / 1e9;
  }

  /** The checkpoint folder manager. */
  CheckpointManager checkpoints() {
    return checkpoints;
  }

  @Override
  public void close() {
    try {
      session.close();
    } finally {
      graph.close();
    }
  }

  /** Images/s over the last steps. */
  private static final class Throughput {
    private final long[] times = new long[20];
    private final int[] images = new int[20];
    private int n;

    void add(int count) {
      times[n % times.length] = System.nanoTime();
      images[n % images.length] = count;
      n++;
    }

    double imagesPerSecond() {
      int k = Math.min(n, times.length);
      if (k < 2) {
        return 0;
      }
      long newest = times[(n - 1) % times.length];
      long oldest = times[(n - k) % times.length];
      int sum = 0;
      for (int i = 1; i < k; i++) {
        sum += images[(n - i) % images.length];
      }
      return sum / ((newest - oldest) / 1e9);
    }
  }
}
