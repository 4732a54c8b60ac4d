package dev.detect.examples.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

/**
 * Checks of the options shared by the commands that read annotations, made before any input is
 * read, so that a mistyped option is a usage error (exit 2) naming the option, not a failure
 * halfway through the data.
 */
final class InputChecks {
  private InputChecks() {}

  /** {@code --format NAME}, or the format guessed from {@code input} when none was given. */
  static AnnotationFormat format(CommandSpec spec, String option, String name, Path input)
      throws java.io.IOException {
    if (name == null) {
      return AnnotationFormat.sniff(input);
    }
    try {
      return AnnotationFormat.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  /** {@code --images DIR}, refused when it is given but is not a folder. */
  static Optional<Path> images(CommandSpec spec, Path images) {
    if (images != null && !Files.isDirectory(images)) {
      throw new ParameterException(
          spec.commandLine(),
          "--images "
              + images
              + (Files.exists(images) ? " is not a folder" : " does not exist")
              + " (the folder the annotations' image file names are relative to)");
    }
    return Optional.ofNullable(images);
  }
}
