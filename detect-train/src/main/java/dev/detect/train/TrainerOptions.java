package dev.detect.train;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The settings of a {@link Trainer} beyond the pipeline.config: where to write, how often, and
 * overrides of the config's batch size and steps. An immutable value, shareable between trainers;
 * {@link #toBuilder()} derives a variant. Holds no native resources (the {@link Trainer} does).
 *
 * <pre>{@code
 * TrainerOptions options = TrainerOptions.builder(modelDir).checkpointEvery(500)
 *     .listener(TrainingListener.progressBar()).build();
 * try (Trainer trainer = Trainer.create(config, options)) { trainer.train(); }
 * }</pre>
 */
public final class TrainerOptions {
  private final Path modelDir;
  private final long numSteps;
  private final int batchSize;
  private final int checkpointEvery;
  private final int keepCheckpoints;
  private final int summaryEvery;
  private final long seed;
  private final int intraOpThreads;
  private final int interOpThreads;
  private final int inputThreads;
  private final long decodedCacheBytes;
  private final boolean lowPriorityInput;
  private final int evaluateEvery;
  private final int earlyStoppingPatience;
  private final double earlyStoppingMinDelta;
  private final List<TrainingListener> listeners;

  private TrainerOptions(Builder b) {
    this.modelDir = b.modelDir;
    this.numSteps = b.numSteps;
    this.batchSize = b.batchSize;
    this.checkpointEvery = b.checkpointEvery;
    this.keepCheckpoints = b.keepCheckpoints;
    this.summaryEvery = b.summaryEvery;
    this.seed = b.seed;
    this.intraOpThreads = b.intraOpThreads;
    this.interOpThreads = b.interOpThreads;
    this.inputThreads = b.inputThreads;
    this.decodedCacheBytes = b.decodedCacheBytes;
    this.lowPriorityInput = b.lowPriorityInput;
    this.evaluateEvery = b.evaluateEvery != null ? b.evaluateEvery : b.checkpointEvery;
    this.earlyStoppingPatience = b.patience;
    this.earlyStoppingMinDelta = b.minDelta;
    this.listeners = List.copyOf(b.listeners);
  }

  /** A builder for training into {@code modelDir} (checkpoints, {@code train/} events). */
  public static Builder builder(Path modelDir) {
    return new Builder(modelDir);
  }

  /** The options with every default, for training into {@code modelDir}. */
  public static TrainerOptions defaults(Path modelDir) {
    return builder(modelDir).build();
  }

  /** A builder holding these options. */
  public Builder toBuilder() {
    Builder b = new Builder(modelDir);
    b.numSteps = numSteps;
    b.batchSize = batchSize;
    b.checkpointEvery = checkpointEvery;
    b.keepCheckpoints = keepCheckpoints;
    b.summaryEvery = summaryEvery;
    b.seed = seed;
    b.intraOpThreads = intraOpThreads;
    b.interOpThreads = interOpThreads;
    b.inputThreads = inputThreads;
    b.decodedCacheBytes = decodedCacheBytes;
    b.lowPriorityInput = lowPriorityInput;
    b.evaluateEvery = evaluateEvery;
    b.patience = earlyStoppingPatience;
    b.minDelta = earlyStoppingMinDelta;
    b.listeners.addAll(listeners);
    return b;
  }

  /** Folder for checkpoints and TensorBoard events. */
  public Path modelDir() {
    return modelDir;
  }

  /** The global step to train to; 0 = {@code train_config.num_steps} of the config. */
  public long numSteps() {
    return numSteps;
  }

  /** Images per step; 0 = {@code train_config.batch_size} of the config. */
  public int batchSize() {
    return batchSize;
  }

  /** Steps between checkpoints (the OD API's {@code checkpoint_every_n}). */
  public int checkpointEvery() {
    return checkpointEvery;
  }

  /** Newest checkpoints kept. */
  public int keepCheckpoints() {
    return keepCheckpoints;
  }

  /** Steps between TensorBoard scalars. */
  public int summaryEvery() {
    return summaryEvery;
  }

  /** Seed of the initial weights, shuffling and augmentation. */
  public long seed() {
    return seed;
  }

  /** TensorFlow intra-op threads (0 = TensorFlow's default: all cores). */
  public int intraOpThreads() {
    return intraOpThreads;
  }

  /** TensorFlow inter-op threads (0 = default). */
  public int interOpThreads() {
    return interOpThreads;
  }

  /** Threads decoding and augmenting images. */
  public int inputThreads() {
    return inputThreads;
  }

  /** Bytes of decoded training images kept after their first use (0 = none). */
  public long decodedCacheBytes() {
    return decodedCacheBytes;
  }

  /** Whether the input threads run at the lowest OS priority (Linux; runs {@code renice}). */
  public boolean lowPriorityInput() {
    return lowPriorityInput;
  }

  /** Steps between evaluations (0 = only at the end; -1 = never); they happen at checkpoints. */
  public int evaluateEvery() {
    return evaluateEvery;
  }

  /** Evaluations without improvement before stopping (0 = never stop early). */
  public int earlyStoppingPatience() {
    return earlyStoppingPatience;
  }

  /** The smallest improvement of the metric that counts for early stopping. */
  public double earlyStoppingMinDelta() {
    return earlyStoppingMinDelta;
  }

  /** The training listeners, in the order they are called. */
  public List<TrainingListener> listeners() {
    return listeners;
  }

  /** Builds {@link TrainerOptions}; {@link #build()} snapshots, so the builder can be reused. */
  public static final class Builder {
    private final Path modelDir;
    private long numSteps;
    private int batchSize;
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

    private Builder(Path modelDir) {
      this.modelDir = Objects.requireNonNull(modelDir, "modelDir");
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

    /**
     * The options.
     *
     * @throws IllegalArgumentException when {@code evaluateEvery} is not a multiple of {@code
     *     checkpointEvery}, or early stopping is asked for without evaluations during training
     */
    public TrainerOptions build() {
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
      return new TrainerOptions(this);
    }
  }
}
