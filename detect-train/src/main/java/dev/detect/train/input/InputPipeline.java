package dev.detect.train.input;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.train.input.augment.Augmentation;
import dev.detect.train.input.augment.GeometricAugmentation;
import dev.detect.train.input.augment.Geometry;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Background input pipeline for training: TFRecord files → decode → augmentation → resize → batch,
 * the Java counterpart of the OD API's {@code train_input} dataset.
 *
 * <p>A reader thread streams the records epoch after epoch through a seeded shuffle buffer ({@link
 * RecordSource}); worker threads decode, augment and resize them; a batcher thread reassembles the
 * results in sequence order and fills a bounded queue of ready batches, which {@link #next()}
 * takes. Each image's augmentation randomness is derived from {@code (seed, epoch, file, record
 * index)}, and results are reassembled in order, so the batches depend only on the settings and the
 * seed, never on the number of threads or their timing.
 *
 * <pre>{@code
 * try (InputPipeline in = InputPipeline.builder(List.of(trainRecord))
 *     .labelMap(labelMap).batchSize(8).imageSize(320, 320)
 *     .augmentations(List.of(RandomHorizontalFlip.defaults(), SsdRandomCrop.defaults()))
 *     .build()) {
 *   Batch batch = in.next().orElseThrow();
 * }
 * }</pre>
 *
 * <p>Not thread-safe: one consumer calls {@link #next()}. All threads are daemon threads, and
 * {@link #close()} stops them.
 */
public final class InputPipeline implements AutoCloseable {
  private static final Object END = new Object();

  private final Builder settings;
  private final ExampleDecoder decoder;
  private final DecodedCache cache;
  private final BlockingQueue<Object> tasks = new LinkedBlockingQueue<>();
  private final Map<Long, Object> done = new HashMap<>();
  private final BlockingQueue<Object> batches;
  private final Semaphore window;
  private final int imageLen;

  /** The image array of each batch being filled, by batch number; guarded by itself. */
  private final Map<Long, float[]> filling = new HashMap<>();

  /** Image arrays of recycled batches, ready to be filled again. */
  private final BlockingQueue<float[]> spare;

  private final List<Thread> threads = new ArrayList<>();
  private volatile boolean closed;
  private boolean finished;
  private InputPipelineException failure;

  private InputPipeline(Builder b) {
    this.settings = b.copy();
    this.decoder = new ExampleDecoder(Optional.ofNullable(b.labelMap));
    this.cache = b.cacheBytes > 0 ? new DecodedCache(b.cacheBytes) : null;
    this.batches = new ArrayBlockingQueue<>(b.prefetchBatches + 1);
    this.window = new Semaphore(b.batchSize * (b.prefetchBatches + 1) + 2 * b.threads);
    this.imageLen = b.height * b.width * 3;
    this.spare = new ArrayBlockingQueue<>(b.prefetchBatches + 3);
    threads.add(new Thread(this::readLoop, "detect-input-reader"));
    for (int i = 0; i < b.threads; i++) {
      threads.add(new Thread(this::workLoop, "detect-input-worker-" + i));
    }
    threads.add(new Thread(this::batchLoop, "detect-input-batcher"));
    for (Thread t : threads) {
      t.setDaemon(true);
      t.start();
    }
  }

  /** A builder reading the given TFRecord files (plain or GZIP), in this order before shuffling. */
  public static Builder builder(List<Path> recordFiles) {
    return new Builder(recordFiles);
  }

  /** A builder with this pipeline's settings. */
  public Builder toBuilder() {
    return settings.copy();
  }

  /** Images per batch. */
  public int batchSize() {
    return settings.batchSize;
  }

  /** Output image height in pixels. */
  public int imageHeight() {
    return settings.height;
  }

  /** Output image width in pixels. */
  public int imageWidth() {
    return settings.width;
  }

  /**
   * The next batch, waiting for it if needed; empty once all epochs are done (never with {@code
   * numEpochs(0)}).
   *
   * @throws InputPipelineException when a record cannot be read or decoded (the message names the
   *     file and record index); every later call throws it again
   * @throws IllegalStateException after {@link #close()}
   */
  public Optional<Batch> next() {
    if (closed) {
      throw new IllegalStateException("the input pipeline is closed");
    }
    if (failure != null) {
      throw failure;
    }
    if (finished) {
      return Optional.empty();
    }
    Object item;
    try {
      item = batches.take();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting for a batch", e);
    }
    if (item instanceof Batch batch) {
      return Optional.of(batch);
    }
    stopThreads();
    if (item instanceof InputPipelineException e) {
      failure = e;
      throw e;
    }
    finished = true;
    return Optional.empty();
  }

  /** Stops the background threads and waits (briefly) for them to end. Idempotent. */
  @Override
  public void close() {
    closed = true;
    stopThreads();
    for (Thread t : threads) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  private void stopThreads() {
    for (Thread t : threads) {
      if (t != Thread.currentThread()) {
        t.interrupt();
      }
    }
  }

  // ---- reader: records -> numbered tasks

  private record Task(long seq, RecordSource.Element element) {}

  private record Failed(long seq, InputPipelineException error) {}

  private record End(long seq) {}

  private void readLoop() {
    long[] seq = {0};
    RecordSource source =
        new RecordSource(
            settings.files,
            cache == null ? (file, record) -> false : cache::contains,
            settings.shuffle,
            settings.shuffleBufferSize,
            settings.seed,
            settings.numEpochs);
    try {
      source.run(
          e -> {
            window.acquire();
            tasks.put(new Task(seq[0]++, e));
          });
      window.acquire();
      tasks.put(new End(seq[0]));
    } catch (InterruptedException e) {
      return;
    } catch (Exception e) {
      try {
        window.acquire();
        tasks.put(
            new Failed(
                seq[0],
                new InputPipelineException(
                    "cannot read the training records: " + e.getMessage(), e)));
      } catch (InterruptedException ie) {
        return;
      }
    }
  }

  // ---- workers: task -> decoded, augmented, resized example

  private void workLoop() {
    try {
      while (!closed) {
        Object t = tasks.take();
        long seq;
        Object result;
        if (t instanceof Task task) {
          seq = task.seq();
          result = process(seq, task.element());
        } else if (t instanceof Failed f) {
          seq = f.seq();
          result = f.error();
        } else {
          seq = ((End) t).seq();
          result = END;
        }
        synchronized (done) {
          done.put(seq, result);
          done.notifyAll();
        }
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  /**
   * Decodes, augments and resizes the example of sequence number {@code seq} straight into its
   * place in its batch's image array; returns its objects ({@link Labels}) or the failure.
   */
  private Object process(long seq, RecordSource.Element e) {
    try {
      CachedExample c = decoded(e);
      SplittableRandom rng =
          new SplittableRandom(mix(settings.seed, e.epoch(), e.fileIndex(), e.recordIndex()));
      List<Augmentation> steps = settings.augmentations;
      // Leading steps that only move pixels (flips, crops) are composed into one window of the
      // image, which the final resize samples directly: no image copy for them at all.
      Geometry view = Geometry.identity(c.layout());
      int i = 0;
      for (; i < steps.size() && steps.get(i) instanceof GeometricAugmentation g; i++) {
        view = view.then(g.plan(view.out(), rng));
      }
      float[] images = imagesOfBatch(seq / settings.batchSize);
      int offset = (int) (seq % settings.batchSize) * imageLen;
      if (i == steps.size()) {
        c.resize(
            view,
            settings.height,
            settings.width,
            Resize.Convention.HALF_PIXEL_CENTERS,
            images,
            offset);
        return Labels.copyOf(view.out(), c.source());
      }
      ImageBoxes x = c.example();
      // the cache's own float example must not change (a byte one gives new arrays)
      ImageBoxes shared = cache == null || c.isCompact() ? null : x;
      x = view.applyTo(x);
      // The other steps: x is copied only before a step that could change the cache's arrays.
      for (; i < steps.size(); i++) {
        Augmentation a = steps.get(i);
        if (shared != null && !a.leavesInputUnchanged() && sharesArrays(x, shared)) {
          x = x.copy();
        }
        x = a.apply(x, rng);
      }
      ImageBoxes out = Resize.bilinear(x, settings.height, settings.width);
      System.arraycopy(out.pixels(), 0, images, offset, imageLen);
      return Labels.copyOf(Geometry.Layout.of(out), out.source());
    } catch (Exception | OutOfMemoryError | StackOverflowError ex) {
      return new InputPipelineException(
          "record "
              + e.recordIndex()
              + " of "
              + e.file()
              + " (epoch "
              + e.epoch()
              + "): "
              + ex.getMessage(),
          ex);
    }
  }

  /** The image array batch {@code number} is filled into: a recycled one when there is one. */
  private float[] imagesOfBatch(long number) {
    synchronized (filling) {
      float[] images = filling.get(number);
      if (images == null) {
        images = spare.poll();
        if (images == null) {
          images = new float[settings.batchSize * imageLen];
        }
        filling.put(number, images);
      }
      return images;
    }
  }

  /** Takes a recycled batch's image array back for a later batch (when it is one of ours). */
  private void recycle(float[] images) {
    if (images.length == settings.batchSize * imageLen && !closed) {
      spare.offer(images); // dropped when enough are spare
    }
  }

  /**
   * The decoded example, from the cache when it holds it (then the cache's own, which {@link
   * #process} must not change).
   */
  private CachedExample decoded(RecordSource.Element e) throws DatasetFormatException {
    if (cache == null) {
      return decoder.decodeCached(e.record(), e.source());
    }
    CachedExample x = cache.get(e.fileIndex(), e.recordIndex());
    if (x == null && e.record() == null) {
      throw new IllegalStateException("record passed over as cached is not in the cache");
    }
    if (x == null) {
      x = decoder.decodeCached(e.record(), e.source());
      cache.offer(e.fileIndex(), e.recordIndex(), x);
    }
    return x;
  }

  /**
   * Whether {@code a} holds any non-empty array of {@code b}, a box's included (so that changing it
   * in one would change the other).
   */
  static boolean sharesArrays(ImageBoxes a, ImageBoxes b) {
    if (same(a.pixels().length, a.pixels(), b.pixels())
        || same(a.classes().length, a.classes(), b.classes())
        || same(a.weights().length, a.weights(), b.weights())
        || same(a.boxes().length, a.boxes(), b.boxes())) {
      return true;
    }
    if (a.boxes().length == 0 || b.boxes().length == 0) {
      return false;
    }
    Set<float[]> theirs = Collections.newSetFromMap(new IdentityHashMap<>());
    theirs.addAll(Arrays.asList(b.boxes()));
    for (float[] box : a.boxes()) {
      if (box.length > 0 && theirs.contains(box)) {
        return true;
      }
    }
    return false;
  }

  private static boolean same(int length, Object x, Object y) {
    return length > 0 && x == y;
  }

  static long mix(long seed, long epoch, long file, long record) {
    long h = seed;
    h = splitMix(h ^ (epoch * 0x9E3779B97F4A7C15L));
    h = splitMix(h ^ (file * 0xC2B2AE3D27D4EB4FL));
    return splitMix(h ^ (record * 0x165667B19E3779F9L));
  }

  private static long splitMix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }

  // ---- batcher: results in sequence order -> batches

  private void batchLoop() {
    int b = settings.batchSize;
    List<Labels> current = new ArrayList<>(b);
    long number = 0; // of the batch being assembled
    try {
      for (long seq = 0; ; seq++) {
        Object r;
        synchronized (done) {
          while ((r = done.remove(seq)) == null) {
            done.wait();
          }
        }
        window.release();
        if (r instanceof Labels x) {
          current.add(x);
          if (current.size() == b) {
            batches.put(batch(takeImages(number++), current));
            current = new ArrayList<>(b);
          }
          continue;
        }
        if (r == END && !current.isEmpty() && !settings.dropRemainder) {
          float[] full = takeImages(number);
          batches.put(batch(Arrays.copyOf(full, current.size() * imageLen), current));
          recycle(full);
        }
        batches.put(r);
        return;
      }
    } catch (InterruptedException e) {
      // closed
    }
  }

  private Batch batch(float[] images, List<Labels> labels) {
    return new Batch(images, settings.height, settings.width, labels, this::recycle);
  }

  private float[] takeImages(long number) {
    synchronized (filling) {
      return filling.remove(number);
    }
  }

  /**
   * Settings of an {@link InputPipeline}. Defaults follow the OD API's {@code input_reader.proto}
   * and {@code train.proto}: batch size 32, shuffle with a 2048-record buffer, repeat forever, drop
   * the final partial batch, 2 prefetched batches; plus a 300×300 output, seed 0, and one worker
   * per available processor. Reusable: {@link #build()} snapshots the settings.
   */
  public static final class Builder {
    private final List<Path> files;
    private LabelMap labelMap;
    private int batchSize = 32;
    private int height = 300;
    private int width = 300;
    private List<Augmentation> augmentations = List.of();
    private boolean shuffle = true;
    private int shuffleBufferSize = 2048;
    private long seed;
    private int numEpochs;
    private int threads = Math.max(1, Runtime.getRuntime().availableProcessors());
    private int prefetchBatches = 2;
    private boolean dropRemainder = true;
    private long cacheBytes = Runtime.getRuntime().maxMemory() / 4;

    private Builder(List<Path> files) {
      this.files = List.copyOf(Objects.requireNonNull(files, "recordFiles"));
      if (this.files.isEmpty()) {
        throw new IllegalArgumentException("need at least one TFRecord file");
      }
    }

    private Builder copy() {
      Builder b = new Builder(files);
      b.labelMap = labelMap;
      b.batchSize = batchSize;
      b.height = height;
      b.width = width;
      b.augmentations = augmentations;
      b.shuffle = shuffle;
      b.shuffleBufferSize = shuffleBufferSize;
      b.seed = seed;
      b.numEpochs = numEpochs;
      b.threads = threads;
      b.prefetchBatches = prefetchBatches;
      b.dropRemainder = dropRemainder;
      b.cacheBytes = cacheBytes;
      return b;
    }

    /**
     * The label map that resolves {@code image/object/class/text} to ids (text takes precedence
     * over {@code class/label}, as in the OD API) and checks ids. Without one, ids come from {@code
     * class/label} alone.
     */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
      return this;
    }

    /** Images per batch (default 32). */
    public Builder batchSize(int batchSize) {
      this.batchSize = positive("batchSize", batchSize);
      return this;
    }

    /** Output image size in pixels, like {@code fixed_shape_resizer} (default 300×300). */
    public Builder imageSize(int height, int width) {
      this.height = positive("height", height);
      this.width = positive("width", width);
      return this;
    }

    /** The augmentation steps, applied in order before the resize (default none). */
    public Builder augmentations(List<Augmentation> augmentations) {
      this.augmentations = List.copyOf(augmentations);
      return this;
    }

    /** Whether to shuffle files and records (default true, like the OD API's train input). */
    public Builder shuffle(boolean shuffle) {
      this.shuffle = shuffle;
      return this;
    }

    /** Records held by the shuffle buffer (default 2048, {@code shuffle_buffer_size}). */
    public Builder shuffleBufferSize(int size) {
      this.shuffleBufferSize = positive("shuffleBufferSize", size);
      return this;
    }

    /** The seed of all randomness: shuffling and augmentation (default 0). */
    public Builder seed(long seed) {
      this.seed = seed;
      return this;
    }

    /** Passes over the data; 0 repeats forever (default 0, {@code num_epochs}). */
    public Builder numEpochs(int numEpochs) {
      if (numEpochs < 0) {
        throw new IllegalArgumentException("numEpochs must be >= 0, got " + numEpochs);
      }
      this.numEpochs = numEpochs;
      return this;
    }

    /** Decode and augmentation workers (default: available processors). */
    public Builder threads(int threads) {
      this.threads = positive("threads", threads);
      return this;
    }

    /**
     * Memory for decoded images kept after their first use, so that later epochs skip parsing and
     * decoding (default: a quarter of the maximum Java heap; 0 turns the cache off). Images beyond
     * the budget are decoded every time; the output is the same either way.
     */
    public Builder decodedCacheBytes(long bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("decodedCacheBytes must be >= 0, got " + bytes);
      }
      this.cacheBytes = bytes;
      return this;
    }

    /** Ready batches kept ahead of the consumer (default 2, {@code num_prefetch_batches}). */
    public Builder prefetchBatches(int prefetchBatches) {
      this.prefetchBatches = positive("prefetchBatches", prefetchBatches);
      return this;
    }

    /**
     * Whether the last, partial batch of a finite run is dropped (default true, the OD API's {@code
     * drop_remainder}); when false it is delivered smaller than {@code batchSize}.
     */
    public Builder dropRemainder(boolean dropRemainder) {
      this.dropRemainder = dropRemainder;
      return this;
    }

    /**
     * Starts a pipeline with these settings.
     *
     * @throws IllegalArgumentException when one batch's images ({@code batchSize × height × width ×
     *     3} floats) would not fit one Java array, or the prefetch window not in an int
     */
    public InputPipeline build() {
      long values = (long) batchSize * height * width * 3;
      if (values > Integer.MAX_VALUE - 8) {
        throw new IllegalArgumentException(
            "a batch of "
                + batchSize
                + " images of "
                + height
                + "x"
                + width
                + " holds "
                + values
                + " values, more than one Java array can (2^31 - 9): lower batchSize or imageSize");
      }
      if ((long) batchSize * (prefetchBatches + 1L) + 2L * threads > Integer.MAX_VALUE) {
        throw new IllegalArgumentException(
            "prefetchBatches "
                + prefetchBatches
                + " with batchSize "
                + batchSize
                + " is too large");
      }
      return new InputPipeline(this);
    }

    private static int positive(String name, int v) {
      if (v <= 0) {
        throw new IllegalArgumentException(name + " must be positive, got " + v);
      }
      return v;
    }
  }
}
