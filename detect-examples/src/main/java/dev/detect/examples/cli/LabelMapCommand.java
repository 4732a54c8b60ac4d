package dev.detect.examples.cli;

import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detect labelmap}: a label_map.pbtxt from annotations or a class list. */
@Command(
    name = "labelmap",
    mixinStandardHelpOptions = true,
    description = {
      "Write a label_map.pbtxt with ids from 1 and both name and display_name.",
      "From annotations (CSV, VOC folder, COCO/VIA JSON): classes sorted by name, as"
          + " generate_pbtxt.py. From a class list (classes.txt, obj.names): in file order."
    })
final class LabelMapCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "FILE",
      description = "all.csv, a class list (.txt/.names), or any annotation input.")
  Path input;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "FILE",
      description = "label_map.pbtxt to write.")
  Path output;

  @Option(
      names = "--images",
      paramLabel = "DIR",
      description = "Image folder, for annotation inputs that need it.")
  Path images;

  @Option(
      names = {"-f", "--format"},
      paramLabel = "voc|yolo|coco|via|csv",
      description = "Format of an annotation input (default: guessed).")
  String format;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    InputChecks.distinctOutputs(spec, 1, new String[] {"--output", "--input"}, output, input);
    String name = String.valueOf(input.getFileName()).toLowerCase(Locale.ROOT);
    LabelMap map;
    Optional<Path> imageDir = InputChecks.images(spec, images);
    if (format == null
        && (name.endsWith(".names")
            || (name.endsWith(".txt") && !java.nio.file.Files.isDirectory(input)))) {
      map = LabelMapFormat.readClassList(input);
    } else {
      map =
          LabelMap.fromLabels(
              InputChecks.format(spec, "--format", format, input)
                  .reader(reading.toOptions(imageDir))
                  .read(input)
                  .annotations()
                  .labels());
    }
    if (map.size() == 0) {
      throw new IllegalArgumentException(input + " names no class: nothing to put in a label map");
    }
    LabelMapFormat.write(map, output);
    new Console(spec)
        .out("wrote " + map.size() + " classes (ids 1.." + map.maxId() + ") to " + output);
    return 0;
  }
}
