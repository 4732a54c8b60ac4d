package dev.detect.examples.cli;

import dev.detect.io.AnnotationFormat;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.coco.CocoWriter;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.voc.VocWriter;
import dev.detect.io.yolo.YoloWriter;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect convert}: any annotation format to any other, through AnnotationSet. */
@Command(
    name = "convert",
    mixinStandardHelpOptions = true,
    description =
        "Convert annotations between formats (voc, yolo, coco, via, csv); what the"
            + " target cannot express is listed, never dropped silently.")
final class ConvertCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "DIR|FILE",
      description = "Input folder or file.")
  Path input;

  @Option(
      names = "--from",
      required = true,
      paramLabel = "voc|yolo|coco|via|csv",
      description = "Input format.")
  String from;

  @Option(
      names = "--to",
      required = true,
      paramLabel = "voc|yolo|coco|csv",
      description = "Output format.")
  String to;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "DIR|FILE",
      description = "Output folder (voc, yolo) or file (coco, csv).")
  Path output;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Image folder, for inputs without image sizes.")
  Path images;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(spec, 1, new String[] {"--output", "--input"}, output, input);
    AnnotationFormat source = InputChecks.format(spec, "--from", from, input);
    AnnotationFormat target = InputChecks.format(spec, "--to", to, input);
    if (target == AnnotationFormat.VIA) {
      throw new ParameterException(
          spec.commandLine(),
          "--to via: writing VIA JSON is not supported; use coco, voc, yolo or csv");
    }
    if (target == AnnotationFormat.TFRECORD) {
      throw new ParameterException(
          spec.commandLine(),
          "--to tfrecord: convert writes annotation files; write TFRecords with detect tfrecord");
    }
    Optional<Path> imageDir = InputChecks.images(spec, images);
    ReadResult read = source.reader(reading.toOptions(imageDir)).read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    WriteResult written = writer(target).write(read.annotations(), output);
    console.notWritten(written.notWritten(), "item(s) the " + to + " format cannot express");
    console.out("read " + read.summary());
    console.out(written.summary());
    return 0;
  }

  /** The writer of {@code format} (VIA and TFRecord are refused before reading). */
  private static AnnotationWriter writer(AnnotationFormat format) {
    return switch (format) {
      case VOC -> VocWriter.defaults();
      case YOLO -> YoloWriter.builder().build();
      case COCO -> CocoWriter.builder().build();
      case CSV -> CsvAnnotationWriter.builder().keepNegatives(true).build();
      case VIA, TFRECORD ->
          throw new IllegalArgumentException("convert cannot write " + format + " files");
    };
  }
}
