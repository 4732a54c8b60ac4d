package dev.detect.spark;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.tfrecord.ShardNames;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import dev.detect.spark.internal.EncoderSpec;
import dev.detect.spark.internal.HadoopConf;
import dev.detect.spark.internal.ImageResult;
import dev.detect.spark.internal.ImageSpec;
import dev.detect.spark.internal.Note;
import dev.detect.spark.internal.OutputFileSystems;
import dev.detect.spark.internal.ShardReport;
import dev.detect.spark.internal.ShardWriter;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Writes annotated images as sharded OD API TFRecord files on a Spark cluster: the annotations are
 * on the driver, the images are read by the executors through Hadoop's {@link FileSystem} ({@code
 * file:}, {@code hdfs:}, {@code s3a:} …) and each task encodes its images with detect-io's {@link
 * dev.detect.io.tfrecord.TfRecordEncoder} and writes one shard.
 *
 * <p>The files are byte for byte what {@link TfRecordWriter} writes on one machine with the same
 * settings: record {@code j} (the {@code j}-th image written) goes to shard {@code j % shards}, in
 * order. When invalid images are skipped, a first pass over the images finds which are written, so
 * that the assignment is still the writer's (the images are then read twice).
 *
 * <p>Output is exactly once under task retries and speculation: each task attempt writes to its own
 * file in a staging folder beside the output and commits it with a rename; the driver renames the
 * one committed attempt of each shard to the shard's name once all tasks are done and deletes the
 * staging folder. A failed job leaves no shard behind.
 *
 * <pre>{@code
 * SparkTfRecordsResult r = SparkTfRecords.builder(spark, labelMap)
 *     .imageRoot("hdfs://nn/data/images").shards(10).build()
 *     .write(annotations, "hdfs://nn/data/train.record");
 * }</pre>
 *
 * <p>Immutable; the job runs on the calling thread's Spark session.
 */
public final class SparkTfRecords {
  private final SparkSession spark;
  private final LabelMap labelMap;
  private final String imageRoot;
  private final int shards;
  private final Policy unknownLabels;
  private final Policy invalidImages;
  private final BoxPolicy invalidBoxes;
  private final boolean convertOtherFormats;
  private final boolean allowPathsOutsideRoot;
  private final long maxImagePixels;
  private final ShardWriter.TaskHook hook;

  private SparkTfRecords(Builder b) {
    this.spark = b.spark;
    this.labelMap = b.labelMap;
    this.imageRoot = b.imageRoot;
    this.shards = b.shards;
    this.unknownLabels = b.unknownLabels;
    this.invalidImages = b.invalidImages;
    this.invalidBoxes = b.invalidBoxes;
    this.convertOtherFormats = b.convertOtherFormats;
    this.allowPathsOutsideRoot = b.allowPathsOutsideRoot;
    this.maxImagePixels = b.maxImagePixels;
    this.hook = b.hook;
  }

  /** A builder of jobs on {@code spark} with the classes of {@code labelMap}. */
  public static Builder builder(SparkSession spark, LabelMap labelMap) {
    return new Builder(spark, labelMap);
  }

  /** A builder with this job's settings. */
  public Builder toBuilder() {
    Builder b = new Builder(spark, labelMap);
    b.imageRoot = imageRoot;
    b.shards = shards;
    b.unknownLabels = unknownLabels;
    b.invalidImages = invalidImages;
    b.invalidBoxes = invalidBoxes;
    b.convertOtherFormats = convertOtherFormats;
    b.allowPathsOutsideRoot = allowPathsOutsideRoot;
    b.maxImagePixels = maxImagePixels;
    b.hook = hook;
    return b;
  }

  /**
   * Writes one record per image of {@code annotations} to the shards of {@code output} (a URI or
   * path of any Hadoop file system).
   *
   * @throws IllegalArgumentException when there are more shards than images
   * @throws DatasetFormatException naming the image (and object) on bad input under {@code FAIL}
   * @throws IOException when files cannot be read or written; no shard is left behind
   */
  public SparkTfRecordsResult write(AnnotationSet annotations, String output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    long start = System.nanoTime();
    TfRecordWriter.checkShards(shards, annotations.size());
    List<ImageSpec> specs = new ArrayList<>();
    for (int i = 0; i < annotations.size(); i++) {
      specs.add(ImageSpec.of(i, annotations.images().get(i)));
    }
    JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
    HadoopConf conf = new HadoopConf(jsc.hadoopConfiguration());
    EncoderSpec encoder =
        EncoderSpec.of(
            labelMap,
            unknownLabels,
            invalidImages,
            invalidBoxes,
            convertOtherFormats,
            maxImagePixels);
    encoder.writer(); // a label map that does not parse back fails here, not on every executor
    ShardWriter writer = new ShardWriter(encoder, imageRoot, allowPathsOutsideRoot, conf, hook);

    List<ImageResult> skippedImages = new ArrayList<>();
    List<ImageSpec> written = specs;
    long checkMillis = 0;
    if (invalidImages == Policy.SKIP) {
      long t = System.nanoTime();
      List<ImageResult> checked = check(jsc, writer, specs);
      written = new ArrayList<>();
      for (ImageResult r : checked) {
        if (r.written()) {
          written.add(specs.get(r.index()));
        } else {
          skippedImages.add(r);
        }
      }
      checkMillis = (System.nanoTime() - t) / 1_000_000;
    }
    List<List<ImageSpec>> perShard = new ArrayList<>();
    for (int k = 0; k < shards; k++) {
      perShard.add(new ArrayList<>());
    }
    for (int j = 0; j < written.size(); j++) {
      perShard.get(j % shards).add(written.get(j));
    }

    Path out = new Path(output);
    FileSystem fs = OutputFileSystems.of(out, conf.get());
    Path staging = new Path(out.getParent(), "." + out.getName() + ".staging-" + UUID.randomUUID());
    fs.mkdirs(staging);
    try {
      List<ShardReport> reports = runTasks(jsc, writer, perShard, staging.toString());
      List<String> files = ShardNames.names(out.toString(), shards);
      // all tasks succeeded: the job commit renames the one committed attempt of each shard
      for (ShardReport r : reports) {
        Path target = new Path(files.get(r.shard()));
        fs.delete(target, false);
        if (!fs.rename(new Path(r.committedFile()), target)) {
          throw new IOException("cannot rename " + r.committedFile() + " to " + target);
        }
      }
      return result(files, reports, skippedImages, start, checkMillis);
    } finally {
      fs.delete(staging, true);
    }
  }

  private static List<ImageResult> check(
      JavaSparkContext jsc, ShardWriter writer, List<ImageSpec> specs) throws IOException {
    int slices = Math.max(1, Math.min(specs.size(), 4 * jsc.defaultParallelism()));
    try {
      return jsc.parallelize(specs, slices)
          .mapPartitions(
              it -> {
                List<ImageSpec> part = new ArrayList<>();
                it.forEachRemaining(part::add);
                return writer.check(part).iterator();
              })
          .collect();
    } catch (Exception e) { // Spark's job failure, a SparkException, is not declared
      throw unwrap(e);
    }
  }

  private List<ShardReport> runTasks(
      JavaSparkContext jsc, ShardWriter writer, List<List<ImageSpec>> perShard, String staging)
      throws IOException {
    List<Integer> ids = new ArrayList<>();
    for (int k = 0; k < perShard.size(); k++) {
      ids.add(k);
    }
    jsc.setJobDescription("detect: write " + perShard.size() + " TFRecord shard(s)");
    try {
      List<ShardReport> reports =
          jsc.parallelize(ids, perShard.size())
              .map(
                  k -> writer.write(k, perShard.get(k), staging, TaskContext.get().taskAttemptId()))
              .collect();
      return reports.stream().sorted(Comparator.comparingInt(ShardReport::shard)).toList();
    } catch (Exception e) { // Spark's job failure, a SparkException, is not declared
      throw unwrap(e);
    } finally {
      jsc.setJobDescription(null);
    }
  }

  /** The task's own exception (a bad image, say) out of Spark's job failure, when it has one. */
  private static IOException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof DatasetFormatException d) {
        return d;
      }
    }
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IOException io) {
        return io;
      }
    }
    return new IOException("the TFRecord job failed: " + e.getMessage(), e);
  }

  private static SparkTfRecordsResult result(
      List<String> files,
      List<ShardReport> reports,
      List<ImageResult> skippedImages,
      long start,
      long checkMillis) {
    List<ImageResult> all = new ArrayList<>(skippedImages);
    List<Long> counts = new ArrayList<>();
    List<Long> millis = new ArrayList<>();
    for (ShardReport r : reports) {
      all.addAll(r.images());
      counts.add(r.records());
      millis.add(r.millis());
    }
    all.sort(Comparator.comparingInt(ImageResult::index));
    int images = 0;
    int objects = 0;
    long bytes = 0;
    List<Warning> skipped = new ArrayList<>();
    List<Warning> clipped = new ArrayList<>();
    for (ImageResult r : all) {
      if (r.written()) {
        images++;
        objects += r.objects();
        bytes += r.imageBytes();
      }
      r.skipped().stream().map(Note::warning).forEach(skipped::add);
      r.clipped().stream().map(Note::warning).forEach(clipped::add);
    }
    return new SparkTfRecordsResult(
        files,
        counts,
        images,
        objects,
        bytes,
        skipped,
        clipped,
        new SparkTfRecordsResult.Timings(
            (System.nanoTime() - start) / 1_000_000, checkMillis, millis));
  }

  /** Builds {@link SparkTfRecords} jobs; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private final SparkSession spark;
    private final LabelMap labelMap;
    private String imageRoot = ".";
    private int shards = 1;
    private Policy unknownLabels = Policy.FAIL;
    private Policy invalidImages = Policy.FAIL;
    private BoxPolicy invalidBoxes = BoxPolicy.FAIL;
    private boolean convertOtherFormats;
    private boolean allowPathsOutsideRoot;
    private long maxImagePixels = ImageHeaders.DEFAULT_MAX_PIXELS;
    private ShardWriter.TaskHook hook = (shard, stage) -> {};

    private Builder(SparkSession spark, LabelMap labelMap) {
      this.spark = Objects.requireNonNull(spark, "spark");
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
    }

    /**
     * The folder image file names are relative to, as a URI or path of any Hadoop file system
     * ({@code hdfs://nn/data/images}, {@code s3a://bucket/images}, {@code /local/images}); default
     * the working directory. Executors must be able to read it.
     */
    public Builder imageRoot(String uri) {
      this.imageRoot = Objects.requireNonNull(uri, "uri");
      return this;
    }

    /** The number of shard files (and write tasks), 1 (default, no suffix) to 99999. */
    public Builder shards(int shards) {
      if (shards < 1 || shards > 99_999) {
        throw new IllegalArgumentException("shards must be 1 to 99999, got " + shards);
      }
      this.shards = shards;
      return this;
    }

    /** What to do with an object whose label is not in the label map (default FAIL). */
    public Builder unknownLabels(Policy policy) {
      this.unknownLabels = Objects.requireNonNull(policy, "policy");
      return this;
    }

    /**
     * What to do with an image that is missing, unreadable, of another size than annotated, of an
     * unsupported format, or outside the image root (default FAIL).
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

    /** Whether GIF and BMP images are re-encoded as PNG instead of refused (default false). */
    public Builder convertOtherFormats(boolean convert) {
      this.convertOtherFormats = convert;
      return this;
    }

    /**
     * Whether image names may lead outside the image root ({@code ../}, absolute paths or URIs);
     * default false: such images are invalid.
     */
    public Builder allowPathsOutsideRoot(boolean allow) {
      this.allowPathsOutsideRoot = allow;
      return this;
    }

    /** The largest image stored, in pixels (default {@link ImageHeaders#DEFAULT_MAX_PIXELS}). */
    public Builder maxImagePixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxImagePixels must be >= 1, got " + maxPixels);
      }
      this.maxImagePixels = maxPixels;
      return this;
    }

    /** Tests: called by each write task at its start and before its commit. */
    Builder taskHook(ShardWriter.TaskHook hook) {
      this.hook = Objects.requireNonNull(hook, "hook");
      return this;
    }

    /** An immutable job with the current settings. */
    public SparkTfRecords build() {
      return new SparkTfRecords(this);
    }
  }
}
