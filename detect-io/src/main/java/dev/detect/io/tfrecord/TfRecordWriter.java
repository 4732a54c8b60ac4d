package dev.detect.io.tfrecord;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.internal.ImagePaths;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Writes images and their annotations as TFRecord files of {@code tf.train.Example}s in the Object
 * Detection API layout ({@link OdApiKeys}), optionally sharded ({@code
 * train.record-00000-of-00010}, record {@code i} going to shard {@code i % shards}) and
 * GZIP-compressed.
 *
 * <p>Every image is read from the image folder, its format sniffed (JPEG and PNG are stored as is),
 * its real size checked against the annotation, and every object's label looked up in the label map
 * and its box checked against the image. What happens on bad input is set by the policies: by
 * default any problem stops the write with a {@link DatasetFormatException} naming the image; with
 * {@code SKIP} the image or object is left out and reported in {@link
 * TfRecordWriteResult#skipped()}. Nothing is dropped silently. Each file is written to a temporary
 * name and renamed when complete.
 *
 * <p>Immutable and thread-safe; {@link #write(AnnotationSet, Path)} uses {@link
 * Builder#threads(int)} threads to read, hash and frame images; the records are then appended in
 * order, for uncompressed files to aligned chunks that an I/O thread writes with {@code O_DIRECT}
 * where the file system allows it, else (and for GZIP) to a stream. Either way the output is
 * deterministic: byte for byte the same for any number of threads.
 */
public final class TfRecordWriter {
  /**
   * The default number of threads that read, hash and frame images: one more than the cores, as
   * each also waits on its reads (the disk writes run on a thread of their own).
   */
  public static final int DEFAULT_THREADS = Runtime.getRuntime().availableProcessors() + 1;

  /** What to do with an image or object that cannot be written as is. */
  public enum Policy {
    /** Stop with an exception naming the file (the default). */
    FAIL,
    /** Leave the image or object out and report it. */
    SKIP
  }

  /** What to do with a box that is inverted, empty or outside its image. */
  public enum BoxPolicy {
    /** Stop with an exception naming the file and object (the default). */
    FAIL,
    /** Leave the object out and report it. */
    SKIP,
    /** Clip the box to the image and report it; a box that becomes empty is skipped. */
    CLIP
  }

  private final LabelMap labelMap;
  private final Path imageDirectory;
  private final int shards;
  private final TfRecordCompression compression;
  private final Policy unknownLabels;
  private final Policy invalidImages;
  private final BoxPolicy invalidBoxes;
  private final boolean convertOtherFormats;
  private final boolean allowPathsOutsideRoot;
  private final long maxImagePixels;
  private final int threads;
  private final Consumer<Progress> progress;

  private TfRecordWriter(Builder b) {
    this.labelMap = b.labelMap;
    this.imageDirectory = b.imageDirectory;
    this.shards = b.shards;
    this.compression = b.compression;
    this.unknownLabels = b.unknownLabels;
    this.invalidImages = b.invalidImages;
    this.invalidBoxes = b.invalidBoxes;
    this.convertOtherFormats = b.convertOtherFormats;
    this.allowPathsOutsideRoot = b.allowPathsOutsideRoot;
    this.maxImagePixels = b.maxImagePixels;
    this.threads = b.threads;
    this.progress = b.progress;
  }

  /**
   * A builder of writers with classes from {@code labelMap}; one writer writes any number of sets
   * ({@link #write(AnnotationSet, Path)}), e.g. the train and eval sides of a split.
   */
  public static Builder builder(LabelMap labelMap) {
    return new Builder(labelMap);
  }

  /** A builder with this writer's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(labelMap);
    b.imageDirectory = imageDirectory;
    b.shards = shards;
    b.compression = compression;
    b.unknownLabels = unknownLabels;
    b.invalidImages = invalidImages;
    b.invalidBoxes = invalidBoxes;
    b.convertOtherFormats = convertOtherFormats;
    b.allowPathsOutsideRoot = allowPathsOutsideRoot;
    b.maxImagePixels = maxImagePixels;
    b.threads = threads;
    b.progress = progress;
    return b;
  }

  /** Progress of a write: images done out of the total. */
  public record Progress(int done, int total, long imageBytes) {}

  /**
   * Writes one record per image of {@code annotations}, in order, to {@code output}: that file, or
   * with {@code shards(n)} for n > 1 the files {@code output-0000k-of-0000n} (see {@link
   * TfRecordWriteResult#inputPath()} for the pattern a pipeline.config takes).
   *
   * <p>More shards than images is refused: some files would hold no record. When images are left
   * out under a {@code SKIP} policy, fewer records than shards can remain; the files left empty are
   * then listed by {@link TfRecordWriteResult#emptyFiles()} and its summary.
   *
   * @throws IllegalArgumentException when more than one shard is set and there are more shards than
   *     images, naming both numbers
   * @throws DatasetFormatException naming the image (and object) on bad input under {@code FAIL}
   * @throws IOException when files cannot be read or written; no output file is left behind
   */
  public TfRecordWriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    checkShards(shards, annotations.size());
    ExampleEncoder encoder = exampleEncoder();
    List<Path> files = ShardNames.of(output, shards);
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "tfrecord-encoder");
              t.setDaemon(true);
              return t;
            });
    try (Shards out = openShards(files)) {
      Totals totals = new Totals();
      Deque<Future<ExampleEncoder.Encoded>> window = new ArrayDeque<>();
      List<ImageAnnotation> images = annotations.images();
      int total = images.size();
      for (ImageAnnotation image : images) {
        window.add(pool.submit(() -> encoder.encode(image)));
        if (window.size() >= 4 * threads) {
          totals.add(take(window), out, total, progress);
        }
      }
      while (!window.isEmpty()) {
        totals.add(take(window), out, total, progress);
      }
      List<Long> counts = out.commit();
      return new TfRecordWriteResult(
          files,
          counts,
          totals.images,
          totals.objects,
          totals.bytes,
          totals.skipped,
          totals.clipped);
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * An encoder of single records with this writer's label map, policies, pixel limit and format
   * conversion, for images whose bytes are read elsewhere (see {@link TfRecordEncoder}).
   */
  public TfRecordEncoder encoder() {
    return new TfRecordEncoder(exampleEncoder());
  }

  /** What to do with an image that is missing, unreadable or mis-sized. */
  public Policy invalidImages() {
    return invalidImages;
  }

  private ExampleEncoder exampleEncoder() {
    return new ExampleEncoder(
        labelMap,
        new ImagePaths(imageDirectory, allowPathsOutsideRoot),
        maxImagePixels,
        unknownLabels,
        invalidImages,
        invalidBoxes,
        convertOtherFormats);
  }

  /**
   * Refuses more than one shard when there are more shards than images, as every shard past the
   * last image would be an empty file.
   *
   * @param shards the number of shard files asked for
   * @param images the number of images to write
   * @throws IllegalArgumentException naming both numbers
   */
  public static void checkShards(int shards, int images) {
    if (shards > 1 && shards > images) {
      throw new IllegalArgumentException(
          "shards ("
              + shards
              + ") is more than the images to write ("
              + images
              + "): "
              + (shards - images)
              + " shard file(s) would be empty; use at most "
              + Math.max(1, images)
              + " shard(s)");
    }
  }

  /** Direct-I/O shards when uncompressed and the file system allows it, else streams. */
  private Shards openShards(List<Path> files) throws IOException {
    if (compression == TfRecordCompression.NONE) {
      Optional<DirectRecordFiles> direct = DirectRecordFiles.open(files);
      if (direct.isPresent()) {
        return new DirectShards(direct.get());
      }
    }
    return new StreamShards(files, compression);
  }

  private static <T> T take(Deque<Future<T>> window) throws IOException {
    try {
      return window.removeFirst().get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while writing TFRecords", e);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof IOException io) {
        throw io;
      }
      if (c instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (c instanceof RuntimeException r) {
        throw r;
      }
      throw new IOException(c);
    }
  }

  /** Running totals of a write. */
  private static final class Totals {
    int index;
    int images;
    int objects;
    long bytes;
    final List<Warning> skipped = new ArrayList<>();
    final List<Warning> clipped = new ArrayList<>();

    void add(ExampleEncoder.Encoded e, Shards out, int total, Consumer<Progress> progress)
        throws IOException {
      skipped.addAll(e.skipped());
      clipped.addAll(e.clipped());
      index++;
      if (e.record().isPresent()) {
        out.write(images, e.record().get());
        images++;
        objects += e.objects();
        bytes += e.imageBytes();
      }
      progress.accept(new Progress(index, total, bytes));
    }
  }

  /** The shard files of one write; record {@code i} goes to shard {@code i % shards}. */
  private interface Shards extends AutoCloseable {
    /**
     * Writes (or schedules) record {@code index} and then releases it; called in record order by
     * one thread.
     */
    void write(int index, FramedRecord record) throws IOException;

    /** Waits for every record, commits every file and returns the record count per shard. */
    List<Long> commit() throws IOException;

    @Override
    void close() throws IOException;
  }

  /** Shards written by the calling thread in order (any compression). */
  private static final class StreamShards implements Shards {
    private final List<TfRecordFileWriter> writers = new ArrayList<>();

    StreamShards(List<Path> files, TfRecordCompression compression) throws IOException {
      try {
        for (Path f : files) {
          writers.add(TfRecordFileWriter.open(f, compression));
        }
      } catch (IOException | RuntimeException | Error e) {
        try {
          close();
        } catch (IOException suppressed) {
          e.addSuppressed(suppressed);
        }
        throw e;
      }
    }

    @Override
    public void write(int index, FramedRecord record) throws IOException {
      try {
        writers.get(index % writers.size()).writeFramed(record.bytes(), record.payloadLength());
      } finally {
        record.release();
      }
    }

    @Override
    public List<Long> commit() throws IOException {
      // every shard on disk before any is renamed: a full disk fails before the first rename
      for (TfRecordFileWriter w : writers) {
        w.finish();
      }
      List<Long> counts = new ArrayList<>();
      for (TfRecordFileWriter w : writers) {
        counts.add(w.records());
        w.commit();
      }
      return counts;
    }

    @Override
    public void close() throws IOException {
      IOException failure = null;
      for (TfRecordFileWriter w : writers) { // every one, whatever an earlier one threw
        try {
          w.close();
        } catch (IOException e) {
          if (failure == null) {
            failure = e;
          } else {
            failure.addSuppressed(e);
          }
        }
      }
      if (failure != null) {
        throw failure;
      }
    }
  }

  /** Uncompressed shards written with {@code O_DIRECT} by a background I/O thread. */
  private static final class DirectShards implements Shards {
    private final DirectRecordFiles files;

    DirectShards(DirectRecordFiles files) {
      this.files = files;
    }

    @Override
    public void write(int index, FramedRecord record) throws IOException {
      try {
        files.append(index % files.count(), record);
      } finally {
        record.release();
      }
    }

    @Override
    public List<Long> commit() throws IOException {
      return files.commit();
    }

    @Override
    public void close() throws IOException {
      files.close();
    }
  }

  /** Builds {@link TfRecordWriter}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private final LabelMap labelMap;
    private Path imageDirectory = Path.of(".");
    private int shards = 1;
    private TfRecordCompression compression = TfRecordCompression.NONE;
    private Policy unknownLabels = Policy.FAIL;
    private Policy invalidImages = Policy.FAIL;
    private BoxPolicy invalidBoxes = BoxPolicy.FAIL;
    private boolean convertOtherFormats;
    private boolean allowPathsOutsideRoot;
    private long maxImagePixels = ImageHeaders.DEFAULT_MAX_PIXELS;
    private int threads = DEFAULT_THREADS;
    private Consumer<Progress> progress = p -> {};

    private Builder(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
    }

    /** The folder image file names are relative to (default: the working directory). */
    public Builder imageDirectory(Path dir) {
      this.imageDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The number of shard files, 1 (default, no suffix) or more. */
    public Builder shards(int shards) {
      if (shards < 1 || shards > 99_999) {
        throw new IllegalArgumentException("shards must be 1 to 99999, got " + shards);
      }
      this.shards = shards;
      return this;
    }

    /** Whole-file compression (default none). */
    public Builder compression(TfRecordCompression compression) {
      this.compression = Objects.requireNonNull(compression, "compression");
      return this;
    }

    /** What to do with an object whose label is not in the label map (default FAIL). */
    public Builder unknownLabels(Policy policy) {
      this.unknownLabels = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * What to do with an image that is missing, unreadable, of another size than annotated, of an
     * unsupported format, or outside the image folder (default FAIL).
     */
    public Builder invalidImages(Policy policy) {
      this.invalidImages = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /** What to do with an inverted, empty or out-of-image box (default FAIL). */
    public Builder invalidBoxes(BoxPolicy policy) {
      this.invalidBoxes = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * Whether GIF and BMP images are re-encoded as PNG (lossless) instead of refused. JPEG and PNG
     * are always stored byte for byte.
     */
    public Builder convertOtherFormats(boolean convert) {
      this.convertOtherFormats = convert;
      return this;
    }

    /**
     * Whether image names may lead outside the image directory ({@code ../}, absolute paths,
     * symbolic links to elsewhere); default false: such images are invalid (see {@link
     * #invalidImages}), so an annotation file cannot copy arbitrary files into the TFRecord.
     */
    public Builder allowPathsOutsideRoot(boolean allow) {
      this.allowPathsOutsideRoot = allow;
      return this;
    }

    /**
     * The largest image stored, in pixels (width × height, from the header); larger images are
     * invalid (see {@link #invalidImages}). Default {@link ImageHeaders#DEFAULT_MAX_PIXELS}.
     */
    public Builder maxImagePixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxImagePixels must be >= 1, got " + maxPixels);
      }
      this.maxImagePixels = maxPixels;
      return this;
    }

    /**
     * Threads that read, hash and frame images (default {@link #DEFAULT_THREADS}: one more than the
     * cores).
     */
    public Builder threads(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("threads must be >= 1, got " + threads);
      }
      this.threads = threads;
      return this;
    }

    /** A callback after each image, on the writing thread. */
    public Builder progress(Consumer<Progress> progress) {
      this.progress = Objects.requireNonNull(progress, "progress");
      return this;
    }

    /** An immutable writer with the current settings. */
    public TfRecordWriter build() {
      return new TfRecordWriter(this);
    }
  }
}
