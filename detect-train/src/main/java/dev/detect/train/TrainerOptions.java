package dev.detect.train;

import dev.detect.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings of a {@link Trainer} beyond the pipeline.config: where to write, how often, and
 * overrides of the config's batch size and steps.
 *
 * @param modelDir folder for checkpoints and TensorBoard events
 * @param numSteps overrides {@code train_config.num_steps} when present
 * @param batchSize images per step
 * @param checkpointEvery steps between checkpoints (the OD API's {@code checkpoint_every_n})
 * @param keepCheckpoints newest checkpoints kept
 * @param summaryEvery steps between TensorBoard scalars
 * @param seed seed of the initial weights, shuffling and augmentation
 * @param intraOpThreads TensorFlow intra-op threads (0 = TensorFlow's default: all cores)
 * @param interOpThreads TensorFlow inter-op threads (0 = default)
 * @param inputThreads threads decoding and augmenting images
 * @param decodedCacheBytes memory for decoded training images kept after their first use (0 = none)
 * @param lowPriorityInput whether the input threads run at the lowest OS priority (Linux), so that
 *     they never preempt TensorFlow's compute threads (default false: it runs {@code renice})
 * @param evaluateEvery steps between evaluations on the eval input (0 = only at the end; -1 =
 *     never); evaluations happen at checkpoints
 * @param earlyStoppingPatience evaluations without improvement before stopping (0 = never stop)
 * @param earlyStoppingMinDelta the smallest improvement of the metric that counts
 * @param listeners training listeners
 */
public record TrainerOptions(
    Path modelDir,
    Optional<Long> numSteps,
    int batchSize,
    int checkpointEvery,
    int keepCheckpoints,
    int summaryEvery,
    long seed,
    int intraOpThreads,
    int interOpThreads,
    int inputThreads,
    long decodedCacheBytes,
    boolean lowPriorityInput,
    int evaluateEvery,
    int earlyStoppingPatience,
    double earlyStoppingMinDelta,
    List<TrainingListener> listeners) {

  /** Copies the listeners. */
  public TrainerOptions {
    listeners = List.copyOf(listeners);
  }

  /** Builds a {@link Trainer}; {@link #build()} snapshots the settings. */
  public static final class Builder {
    private final PipelineConfig config;
    private Path modelDir;
    private Long numSteps;
    private Integer batchSize;
    private int checkpointEvery = 1000;
    private int keepCheckpoints = 7;
    private int summaryEvery = 100;
    private long seed = 42;
    private int intraOpThreads;
    private int interOpThreads;
    private int inputThreads = Math.max(1, Runtime.getRuntime().availableProcessors() / 2);
    private long decodedCacheBytes = Runtime.getRuntime().maxMemory() / 4;
    private boolean lowPriorityInput;
    private Integer evaluateEvery;
    private int patience;
    private double minDelta;
    private final List<TrainingListener> listeners = new ArrayList<>();

    Builder(PipelineConfig config) {
      this.config = config;
    }

    /** The model folder (required): checkpoints, {@code train/} events. */
    public Builder modelDir(Path dir) {
      this.modelDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** Overrides {@code num_steps} (the OD API's {@code --num_train_steps}). */
    public Builder numSteps(long steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("numSteps must be >= 1, got " + steps);
      }
      this.numSteps = steps;
      return this;
    }

    /** Overrides {@code batch_size}: 1 to 4096, the range a pipeline.config may give. */
    public Builder batchSize(int size) {
      if (size < 1 || size > 4096) {
        throw new IllegalArgumentException("batchSize must be 1 to 4096, got " + size);
      }
      this.batchSize = size;
      return this;
    }

    /** Steps between checkpoints (default 1000); a checkpoint is also written at the end. */
    public Builder checkpointEvery(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("checkpointEvery must be >= 1, got " + steps);
      }
      this.checkpointEvery = steps;
      return this;
    }

    /** Newest checkpoints kept (default 7). */
    public Builder keepCheckpoints(int count) {
      if (count < 1) {
        throw new IllegalArgumentException("keepCheckpoints must be >= 1, got " + count);
      }
      this.keepCheckpoints = count;
      return this;
    }

    /** Steps between TensorBoard scalars (default 100). */
    public Builder summaryEvery(int steps) {
      if (steps < 1) {
        throw new IllegalArgumentException("summaryEvery must be >= 1, got " + steps);
      }
      this.summaryEvery = steps;
      return this;
    }

    /** Seed of initial weights, shuffling and augmentation (default 42). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** TensorFlow thread pools (0 = TensorFlow's default, which uses every core). */
    public Builder threads(int intraOp, int interOp) {
      if (intraOp < 0 || interOp < 0) {
        throw new IllegalArgumentException(
            "thread counts must be >= 0, got " + intraOp + ", " + interOp);
      }
      this.intraOpThreads = intraOp;
      this.interOpThreads = interOp;
      return this;
    }

    /** Threads decoding and augmenting images (default: half the cores, at least 1). */
    public Builder inputThreads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("inputThreads must be >= 1, got " + threads);
      }
      this.inputThreads = threads;
      return this;
    }

    /**
     * Memory for decoded training images kept after their first use, so that later epochs neither
     * read nor decode them again (default: a quarter of the maximum Java heap; 0 turns the cache
     * off). An 8-bit image takes height × width × 3 bytes (300 kB at 320×320); images beyond the
     * budget are read and decoded on every use, which on a machine with few cores costs training
     * speed (see the README's benchmark table). Training is the same either way.
     */
    public Builder decodedCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("decodedCacheBytes must be >= 0, got " + bytes);
      }
      this.decodedCacheBytes = bytes;
      return this;
    }

    /**
     * Whether the input threads run at the lowest OS priority (default false; Linux only, elsewhere
     * ignored): they then use the cores TensorFlow leaves idle and never stall a step by taking a
     * core from it, which keeps the input pipeline hidden behind the step on machines with few
     * cores. Off by default because it changes the host process: it runs the {@code renice} program
     * on the input threads (a child process; the nice value stays with those OS threads until they
     * end). The {@code detect train} and {@code detect demo} commands turn it on. Leave it off if
     * the input, not TensorFlow, is your bottleneck.
     */
    public Builder lowPriorityInput(boolean low) {
      this.lowPriorityInput = low;
      return this;
    }

    /**
     * Steps between evaluations on the config's eval input (default: every checkpoint); 0 = only at
     * the end, -1 = never. Evaluations run on checkpoints, so a positive value must be a multiple
     * of {@link #checkpointEvery} (checked by {@link #build()}). Evaluations write {@code
     * model_dir/eval} events and keep the best checkpoint in {@code model_dir/best}.
     */
    public Builder evaluateEvery(int steps) {
      if (steps < -1) {
        throw new IllegalArgumentException("evaluateEvery must be >= -1, got " + steps);
      }
      this.evaluateEvery = steps;
      return this;
    }

    /**
     * Stops training when {@code patience} evaluations in a row did not improve the best metric by
     * more than {@code minDelta}; the result's outcome is then {@code EARLY_STOPPED}.
     */
    public Builder earlyStopping(int patience, double minDelta) {
      if (patience < 1 || !(minDelta >= 0 && Double.isFinite(minDelta))) {
        throw new IllegalArgumentException(
            "need patience >= 1 and a finite minDelta >= 0, got " + patience + ", " + minDelta);
      }
      this.patience = patience;
      this.minDelta = minDelta;
      return this;
    }

    /** Adds a listener. */
    public Builder listener(TrainingListener listener) {
      listeners.add(Objects.requireNonNull(listener, "listener"));
      return this;
    }

    /** The options. */
    public TrainerOptions options() {
      if (modelDir == null) {
        throw new IllegalStateException("modelDir(...) must be set before build()");
      }
      int batch = batchSize != null ? batchSize : config.trainConfig().batchSize();
      if (evaluateEvery != null && evaluateEvery > 0 && evaluateEvery % checkpointEvery != 0) {
        throw new IllegalArgumentException(
            "evaluateEvery ("
                + evaluateEvery
                + ") must be a multiple of checkpointEvery ("
                + checkpointEvery
                + "): evaluations run on checkpoints");
      }
      if (patience > 0 && (evaluateEvery != null && evaluateEvery <= 0)) {
        throw new IllegalArgumentException(
            "earlyStopping needs evaluations during training, but evaluateEvery is "
                + evaluateEvery
                + (evaluateEvery == 0 ? " (only at the end)" : " (never)"));
      }
      return new TrainerOptions(
          modelDir,
          Optional.ofNullable(numSteps),
          batch,
          checkpointEvery,
          keepCheckpoints,
          summaryEvery,
          seed,
          intraOpThreads,
          interOpThreads,
          inputThreads,
          decodedCacheBytes,
          lowPriorityInput,
          evaluateEvery != null ? evaluateEvery : checkpointEvery,
          patience,
          minDelta,
          listeners);
    }

    /**
     * Builds the training graph and session.
     *
     * @throws IllegalArgumentException when the config's model is not one detect trains, or the
     *     config has a field the OD API does not know (a misspelling, with its file:line:column and
     *     the closest known name), before anything is built
     */
    public Trainer build() {
      return Trainer.create(config, options());
    }
  }
}
