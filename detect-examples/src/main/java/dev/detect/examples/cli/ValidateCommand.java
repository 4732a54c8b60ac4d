package dev.detect.examples.cli;

import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationFormat;
import dev.detect.io.ReadResult;
import dev.detect.io.validate.DatasetValidator;
import dev.detect.io.validate.ValidationReport;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detect validate}: finds what would break training before it starts. */
@Command(
    name = "validate",
    mixinStandardHelpOptions = true,
    description = {
      "Check a dataset: boxes outside the image, inverted or zero-area; annotated size vs the real"
          + " image; EXIF orientation; duplicate and missing images; labels missing from a label"
          + " map; negatives; class histogram.",
      "Exit code 0 when no errors (warnings allowed), 3 when errors were found."
    })
final class ValidateCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "DIR|FILE",
      description = "Annotation folder or file.")
  Path input;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "voc|yolo|coco|via|csv",
      description = "Input format (default: guessed).")
  String format;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Image folder; without it images are not checked.")
  Path images;

  @Option(
      names = "--label-map",
      paramLabel = "FILE",
      description = "Label map the labels must be in.")
  Path labelMap;

  @Option(names = "--json", description = "Print the report as JSON.")
  boolean json;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    AnnotationFormat from = InputChecks.format(spec, "--format", format, input);
    ReadResult read = from.reader(reading.toOptions(InputChecks.images(spec, images))).read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    DatasetValidator.Builder b =
        DatasetValidator.builder().allowPathsOutsideRoot(reading.allowOutsideRoot);
    if (images != null) {
      b.imageDirectory(images);
    }
    if (labelMap != null) {
      b.labelMap(LabelMapFormat.read(labelMap));
    }
    ValidationReport report = b.build().validate(read.annotations());
    console.out(json ? report.toJson() : report.toText());
    return report.hasErrors() ? DetectCli.EXIT_INVALID_DATA : 0;
  }
}
