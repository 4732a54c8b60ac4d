package dev.detect.examples.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options of the commands that read annotations: where images may be, YOLO's class names. */
final class ReaderOptions {
  @Option(
      names = "--allow-outside-root",
      description =
          "Allow annotations to name images outside the image folder (../, absolute paths,"
              + " symbolic links to elsewhere); refused by default.")
  boolean allowOutsideRoot;

  @Option(
      names = "--class-names",
      paramLabel = "FILE",
      description =
          "YOLO input: the class-name file (classes.txt, obj.names or a data.yaml's names: list;"
              + " default: looked for beside the labels and in their parent folder).")
  Path classNames;
}
