package dev.detect.examples.cli;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.split.Split;
import dev.detect.core.split.StratifiedSplitter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.csv.CsvAnnotationWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect split}: a per-image, seeded, stratified train/eval split of a CSV. */
@Command(
    name = "split",
    mixinStandardHelpOptions = true,
    description = {
      "Split an annotation CSV into train and eval CSVs by image (never an image on both sides),"
          + " seeded and deterministic, stratified over the classes of each image.",
      "Prints per-class image and object counts on each side."
    })
final class SplitCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "Input CSV (e.g. all.csv).")
  Path input;

  @Option(
      names = "--train-output",
      required = true,
      paramLabel = "FILE",
      description = "Train CSV to write.")
  Path trainOutput;

  @Option(
      names = "--eval-output",
      required = true,
      paramLabel = "FILE",
      description = "Eval CSV to write.")
  Path evalOutput;

  @Option(
      names = "--train-fraction",
      defaultValue = "0.75",
      paramLabel = "F",
      description = "Fraction of images for training, between 0 and 1 (default: ${DEFAULT-VALUE}).")
  double trainFraction;

  @Option(
      names = "--seed",
      defaultValue = "42",
      paramLabel = "N",
      description = "Random seed (default: ${DEFAULT-VALUE}).")
  long seed;

  @Option(names = "--no-stratify", description = "Plain seeded random split by image.")
  boolean noStratify;

  @Option(
      names = "--group-pattern",
      paramLabel = "REGEX",
      description =
          "Keep images whose file names give the same group together: the first capture"
              + " group of REGEX (or the whole match), e.g. '^(.*)_frame\\d+' for video frames.")
  String groupPattern;

  @Override
  public Integer call() throws Exception {
    if (!(trainFraction > 0 && trainFraction < 1)) {
      throw new ParameterException(
          spec.commandLine(), "--train-fraction must be between 0 and 1, got " + trainFraction);
    }
    InputChecks.distinctOutputs(
        spec,
        2,
        new String[] {"--train-output", "--eval-output", "--input"},
        trainOutput,
        evalOutput,
        input);
    Pattern group = null;
    if (groupPattern != null) {
      try {
        group = Pattern.compile(groupPattern);
      } catch (java.util.regex.PatternSyntaxException e) {
        throw new ParameterException(
            spec.commandLine(),
            "--group-pattern "
                + groupPattern
                + " is not a regular expression: "
                + e.getDescription()
                + " near index "
                + e.getIndex());
      }
    }
    ReadResult read = CsvAnnotationReader.defaults().read(input);
    Console console = new Console(spec);
    console.warnings(read.warnings());
    AnnotationSet all = read.annotations();
    StratifiedSplitter.Builder b =
        StratifiedSplitter.builder().trainFraction(trainFraction).seed(seed).stratify(!noStratify);
    if (group != null) {
      b.groupKey(groupKey(group));
    }
    Split split = b.build().split(all);
    boolean keepNegatives = all.negativeCount() > 0;
    CsvAnnotationWriter writer = CsvAnnotationWriter.builder().keepNegatives(keepNegatives).build();
    WriteResult train = writer.write(split.train(), trainOutput);
    WriteResult eval = writer.write(split.eval(), evalOutput);
    console.out(split.report().toText());
    console.out("train: " + train.summary());
    console.out("eval: " + eval.summary());
    return 0;
  }

  private static Function<ImageAnnotation, String> groupKey(Pattern pattern) {
    return image -> {
      Matcher m = pattern.matcher(image.fileName());
      if (!m.find()) {
        return image.fileName();
      }
      return m.groupCount() >= 1 && m.group(1) != null ? m.group(1) : m.group();
    };
  }
}
