package dev.detect.examples.cli;

import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.csv.CsvAnnotationWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detect csv}: annotations (labelImg XML by default) to the seed's 8-column CSV. */
@Command(
    name = "csv",
    mixinStandardHelpOptions = true,
    description = {
      "Convert annotations to one CSV (filename,width,height,class,xmin,ymin,xmax,ymax),"
          + " like generate_csv.py.",
      "Negative images (no objects) cannot be expressed in these columns: they are listed and"
          + " left out unless --keep-negatives writes them with an empty class and box."
    })
final class CsvCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "DIR|FILE",
      description = "Annotation folder or file.")
  Path input;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "voc|yolo|coco|via",
      description = "Input format (default: guessed from the input).")
  String format;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "CSV file to write.")
  Path output;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Image folder (needed when annotations lack image sizes).")
  Path images;

  @Option(
      names = "--keep-negatives",
      description = "Write images with no objects as a row with an empty class and box.")
  boolean keepNegatives;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(spec, 1, new String[] {"--output", "--input"}, output, input);
    AnnotationFormat from = InputChecks.format(spec, "--format", format, input);
    ReadResult read = from.reader(InputChecks.images(spec, images), reading).read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    WriteResult written =
        CsvAnnotationWriter.builder()
            .keepNegatives(keepNegatives)
            .build()
            .write(read.annotations(), output);
    console.notWritten(
        written.notWritten(), "negative image(s) left out (use --keep-negatives to keep them)");
    console.out("read " + read.summary());
    console.out(written.summary());
    return 0;
  }
}
