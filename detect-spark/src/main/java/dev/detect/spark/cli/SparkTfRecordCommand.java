package dev.detect.spark.cli;

import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationFormat;
import dev.detect.io.ReadResult;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.ShardNames;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import dev.detect.spark.SparkTfRecords;
import dev.detect.spark.SparkTfRecordsResult;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect spark tfrecord}: annotations + images on any Hadoop file system → shards. */
@Command(
    name = "tfrecord",
    mixinStandardHelpOptions = true,
    description = {
      "Write sharded TFRecord files like `detect tfrecord`, on Spark: the annotations are read"
          + " here (the driver), the images by the executors (file:, hdfs:, s3a: URIs), one task"
          + " per shard. The shards are byte for byte what `detect tfrecord --shards N` writes.",
      "Any problem (missing or corrupt image, size mismatch, box outside the image, label not in"
          + " the label map) stops the job with a message naming the file, unless a"
          + " --skip-*/--invalid-boxes option says otherwise; skips are listed."
    })
final class SparkTfRecordCommand implements Callable<Integer> {
  private static final int MAX_LISTED = 10;

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE|DIR",
      description = "Annotations on this machine: all.csv, a VOC folder, COCO JSON ...")
  Path input;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "URI",
      description = "Folder the image file names are relative to (hdfs://…, s3a://…, a path).")
  String images;

  @Option(
      names = "--label-map",
      required = true,
      paramLabel = "FILE",
      description = "label_map.pbtxt (on this machine).")
  Path labelMap;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "URI",
      description = "Record file URI (the base name of the shards).")
  String output;

  @Option(
      names = "--shards",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Number of shards (= write tasks), at most the images (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--skip-unknown-labels",
      description = "Leave out objects whose label is not in the label map (listed).")
  boolean skipUnknownLabels;

  @Option(
      names = "--skip-invalid-images",
      description =
          "Leave out missing, corrupt or mis-sized images (listed); the images are then read"
              + " twice, to assign the shards as on one machine.")
  boolean skipInvalidImages;

  @Option(
      names = "--invalid-boxes",
      defaultValue = "fail",
      paramLabel = "fail|skip|clip",
      description =
          "Boxes that are empty, inverted or outside the image (default: ${DEFAULT-VALUE}).")
  String invalidBoxes;

  @Option(
      names = "--convert-formats",
      description = "Re-encode GIF/BMP images as PNG instead of refusing them.")
  boolean convertFormats;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "voc|yolo|coco|via|csv",
      description = "Format of the annotations (default: guessed).")
  String format;

  @Mixin SparkSessionOptions session = new SparkSessionOptions();

  @Override
  public Integer call() throws Exception {
    BoxPolicy boxes;
    try {
      boxes = BoxPolicy.valueOf(invalidBoxes.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--invalid-boxes must be fail, skip or clip, got '" + invalidBoxes + "'");
    }
    if (shards < 1 || shards > 99_999) {
      throw new ParameterException(
          spec.commandLine(), "--shards must be 1 to 99999, got " + shards);
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName();
    LabelMap map = LabelMapFormat.read(labelMap);
    AnnotationFormat from =
        format == null ? AnnotationFormat.detect(input) : AnnotationFormat.parse(format);
    ReadResult read = from.reader(ReaderOptions.defaults()).read(input);
    list(err, name, read.warnings(), "warning");
    int count = read.annotations().size();
    try {
      TfRecordWriter.checkShards(shards, count);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--shards " + shards + " is more than the " + count + " image(s) read from " + input);
    }
    long t0 = System.nanoTime();
    SparkSession spark = session.session("detect spark tfrecord");
    long startup = (System.nanoTime() - t0) / 1_000_000;
    try {
      SparkTfRecordsResult r =
          SparkTfRecords.builder(spark, map)
              .imageRoot(images)
              .shards(shards)
              .unknownLabels(skipUnknownLabels ? Policy.SKIP : Policy.FAIL)
              .invalidImages(skipInvalidImages ? Policy.SKIP : Policy.FAIL)
              .invalidBoxes(boxes)
              .convertOtherFormats(convertFormats)
              .build()
              .write(read.annotations(), output);
      if (!r.skipped().isEmpty()) {
        err.println(name + ": " + r.skipped().size() + " image(s)/object(s) skipped:");
        list(err, name, r.skipped(), "left out");
      }
      if (!r.clipped().isEmpty()) {
        err.println(name + ": " + r.clipped().size() + " box(es) clipped to their image:");
        list(err, name, r.clipped(), "left out");
      }
      List<String> empty = r.emptyFiles();
      if (!empty.isEmpty()) {
        err.println(
            name
                + ": "
                + empty.size()
                + " of "
                + shards
                + " shard file(s) hold no record (images were skipped): "
                + empty.subList(0, Math.min(10, empty.size()))
                + (empty.size() > 10 ? " ..." : ""));
      }
      out.println(r.summary());
      if (shards > 1) {
        out.println("input_path for pipeline.config: \"" + ShardNames.glob(output, shards) + "\"");
      }
      long slowest = r.timings().taskMillis().stream().mapToLong(Long::longValue).max().orElse(0);
      err.println(
          name
              + ": spark start-up "
              + SparkCli.seconds(startup)
              + ", job "
              + SparkCli.seconds(r.timings().totalMillis())
              + (r.timings().checkMillis() > 0
                  ? " (image check " + SparkCli.seconds(r.timings().checkMillis()) + ")"
                  : "")
              + ", slowest of "
              + shards
              + " task(s) "
              + SparkCli.seconds(slowest));
      out.flush();
      err.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }

  private static void list(PrintWriter err, String name, List<Warning> items, String kind) {
    for (int i = 0; i < items.size() && i < MAX_LISTED; i++) {
      err.println(name + ": " + kind + ": " + items.get(i));
    }
    if (items.size() > MAX_LISTED) {
      err.println(name + ": ... and " + (items.size() - MAX_LISTED) + " more");
    }
  }
}
