package dev.detect.examples.cli;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.io.AnnotationFormat;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.csv.CsvAnnotationWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
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

  @Option(
      names = "--object-attributes",
      description =
          "Add the columns difficult,truncated,pose (read back by detect; pandas scripts ignore"
              + " them). Without it, objects that carry them are written as ordinary objects and"
              + " counted on stderr.")
  boolean objectAttributes;

  @Option(
      names = "--skip-difficult",
      description =
          "Leave out objects marked difficult (like the OD API's create_pascal_tf_record.py"
              + " --ignore_difficult_instances); their count is printed.")
  boolean skipDifficult;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(spec, 1, new String[] {"--output", "--input"}, output, input);
    AnnotationFormat from = InputChecks.format(spec, "--format", format, input);
    ReadResult read = from.reader(reading.toOptions(InputChecks.images(spec, images))).read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    AnnotationSet annotations = read.annotations();
    if (skipDifficult) {
      int before = annotations.objectCount();
      annotations = withoutDifficult(annotations);
      console.err(
          spec.qualifiedName()
              + ": left out "
              + (before - annotations.objectCount())
              + " difficult object(s) (--skip-difficult)");
    }
    WriteResult written =
        CsvAnnotationWriter.builder()
            .keepNegatives(keepNegatives)
            .objectAttributes(objectAttributes)
            .build()
            .write(annotations, output);
    console.notWritten(
        written.notWritten(),
        "thing(s) the CSV does not hold (--keep-negatives keeps negative images,"
            + " --object-attributes the difficult/truncated/pose columns)");
    console.out("read " + read.summary());
    console.out(written.summary());
    return 0;
  }

  /** The set without objects marked difficult (images keep their place, possibly negative). */
  static AnnotationSet withoutDifficult(AnnotationSet set) {
    List<ImageAnnotation> out = new ArrayList<>(set.size());
    for (ImageAnnotation image : set) {
      List<ObjectAnnotation> kept = image.objects().stream().filter(o -> !o.difficult()).toList();
      out.add(
          kept.size() == image.objects().size() ? image : image.toBuilder().objects(kept).build());
    }
    return AnnotationSet.of(out);
  }
}
