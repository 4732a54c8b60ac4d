package dev.detect.examples.cli;

import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read annotations: where images may be, YOLO's class names; {@link
 * #toOptions} turns them into the library's {@link dev.detect.io.ReaderOptions}.
 */
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

  /** These options with the command's {@code --images} folder, if given. */
  dev.detect.io.ReaderOptions toOptions(Optional<Path> images) {
    dev.detect.io.ReaderOptions.Builder b =
        dev.detect.io.ReaderOptions.builder().allowPathsOutsideRoot(allowOutsideRoot);
    images.ifPresent(b::imageDirectory);
    if (classNames != null) {
      b.classNames(classNames);
    }
    return b.build();
  }
}
