package dev.detect.examples.cli;

import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationFormat;
import dev.detect.io.ReadResult;
import dev.detect.io.tfrecord.ShardNames;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect tfrecord}: annotations + images + label map to OD API TFRecords. */
@Command(
    name = "tfrecord",
    mixinStandardHelpOptions = true,
    description = {
      "Write TFRecord files of tf.train.Example in the Object Detection API layout, like"
          + " generate_tfrecord.py: one record per image, original image bytes, boxes normalized"
          + " by the real image size, class text = the label map name, class label = its id.",
      "Any problem (missing or corrupt image, size mismatch, box outside the image, label not in"
          + " the label map, image path escaping --images) stops with a message naming the file,"
          + " unless a --skip-*/--invalid-boxes option says otherwise; skips are listed."
    })
final class TfRecordCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE|DIR",
      description = "Annotations: train.csv (or a VOC folder, COCO JSON ...).")
  Path input;

  @Option(
      names = "--images",
      required = true,
      paramLabel = "DIR",
      description = "Folder the image file names are relative to.")
  Path images;

  @Option(
      names = "--label-map",
      required = true,
      paramLabel = "FILE",
      description = "label_map.pbtxt.")
  Path labelMap;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "Record file (the base name when sharded).")
  Path output;

  @Option(
      names = "--shards",
      defaultValue = "1",
      paramLabel = "N",
      description =
          "Number of shards, named FILE-00000-of-0000N, at most the number of images"
              + " (default: ${DEFAULT-VALUE}).")
  int shards;

  @Option(
      names = "--compression",
      defaultValue = "none",
      paramLabel = "none|gzip",
      description = "Whole-file compression (default: ${DEFAULT-VALUE}).")
  String compression;

  @Option(
      names = "--skip-unknown-labels",
      description = "Leave out objects whose label is not in the label map (listed).")
  boolean skipUnknownLabels;

  @Option(
      names = "--skip-invalid-images",
      description = "Leave out missing, corrupt or mis-sized images (listed).")
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
      names = "--threads",
      paramLabel = "N",
      description = "Threads that read, hash and frame images (default: cores + 1).")
  Integer threads;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "voc|yolo|coco|via|csv",
      description = "Format of the annotations (default: guessed).")
  String format;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(
        spec,
        1,
        new String[] {"--output", "--input", "--label-map", "--images"},
        output,
        input,
        labelMap,
        images);
    Optional<Path> imageDir = InputChecks.images(spec, images);
    ProgressLine progress = new ProgressLine(spec.commandLine().getErr(), "tfrecord");
    LabelMap map = LabelMapFormat.read(labelMap);
    // The writer's settings are checked before the annotations are read: a bad value is a usage
    // error at once, not a failure after reading a large dataset.
    TfRecordWriter.Builder b;
    try {
      b =
          TfRecordWriter.builder(map)
              .imageDirectory(images)
              .allowPathsOutsideRoot(reading.allowOutsideRoot)
              .shards(shards)
              .compression(parseCompression(compression))
              .unknownLabels(skipUnknownLabels ? Policy.SKIP : Policy.FAIL)
              .invalidImages(skipInvalidImages ? Policy.SKIP : Policy.FAIL)
              .invalidBoxes(parseBoxPolicy(invalidBoxes))
              .convertOtherFormats(convertFormats)
              .progress(p -> progress.update(p.done(), p.total()));
      if (threads != null) {
        b.threads(threads);
      }
    } catch (IllegalArgumentException e) {
      String m = e.getMessage();
      throw new ParameterException(
          spec.commandLine(), m.startsWith("shards") || m.startsWith("threads") ? "--" + m : m);
    }
    AnnotationFormat from = InputChecks.format(spec, "--format", format, input);
    ReadResult read = from.reader(reading.toOptions(imageDir)).read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    int count = read.annotations().size();
    try {
      TfRecordWriter.checkShards(shards, count);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--shards "
              + shards
              + " is more than the "
              + count
              + " image(s) read from "
              + input
              + ": "
              + (shards - count)
              + " shard file(s) would be empty; use --shards "
              + Math.max(1, count)
              + " or fewer");
    }
    TfRecordWriteResult r = b.build().write(read.annotations(), output);
    console.notWritten(r.skipped(), "image(s)/object(s) skipped");
    console.notWritten(r.clipped(), "box(es) clipped to their image");
    List<Path> empty = r.emptyFiles();
    if (!empty.isEmpty()) {
      console.err(
          spec.qualifiedName()
              + ": "
              + empty.size()
              + " of "
              + shards
              + " shard file(s) hold no record (images were skipped): "
              + empty.subList(0, Math.min(10, empty.size()))
              + (empty.size() > 10 ? " ..." : ""));
    }
    console.out(r.summary());
    if (shards > 1) {
      console.out("input_path for pipeline.config: \"" + ShardNames.glob(output, shards) + "\"");
    }
    return 0;
  }

  static TfRecordCompression parseCompression(String s) {
    return switch (s.toLowerCase(Locale.ROOT)) {
      case "none", "" -> TfRecordCompression.NONE;
      case "gzip" -> TfRecordCompression.GZIP;
      default ->
          throw new IllegalArgumentException("--compression must be none or gzip, got '" + s + "'");
    };
  }

  static BoxPolicy parseBoxPolicy(String s) {
    try {
      return BoxPolicy.valueOf(s.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "--invalid-boxes must be fail, skip or clip, got '" + s + "'");
    }
  }
}
