package dev.detect.examples.cli;

import dev.detect.io.AnnotationFormat;
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
      return AnnotationFormat.detect(input);
    }
    try {
      return AnnotationFormat.parse(name);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), option + ": " + e.getMessage());
    }
  }

  /**
   * Refuses an output that is the same file as another output or as an input (after resolving
   * {@code ..}, links and relative paths): writing it would replace the other's data, e.g. {@code
   * split} with one path for both outputs kept only the eval rows. Options given as null are
   * skipped; {@code names[i]} names {@code paths[i]}, outputs first ({@code outputs} of them).
   */
  static void distinctOutputs(CommandSpec spec, int outputs, String[] names, Path... paths) {
    for (int i = 0; i < outputs; i++) {
      for (int j = 0; j < paths.length; j++) {
        if (j == i || paths[i] == null || paths[j] == null || (j < i)) {
          continue;
        }
        if (sameFile(paths[i], paths[j])) {
          throw new ParameterException(
              spec.commandLine(),
              names[i]
                  + " and "
                  + names[j]
                  + " are the same file ("
                  + paths[i]
                  + "): "
                  + (j < outputs
                      ? "give each output its own path"
                      : "the output would replace the input")
                  + "; choose another "
                  + names[i]);
        }
      }
    }
  }

  private static boolean sameFile(Path a, Path b) {
    Path na = a.toAbsolutePath().normalize();
    Path nb = b.toAbsolutePath().normalize();
    if (na.equals(nb)) {
      return true;
    }
    try {
      return Files.exists(na) && Files.exists(nb) && Files.isSameFile(na, nb);
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /**
   * Applies the value of option {@code flag} with {@code apply} (a builder setter, which checks
   * it): an {@link IllegalArgumentException} it throws is a usage error (exit 2) naming the flag
   * and the value, so that a value out of range is reported as the README promises, not as a
   * failure (exit 1) naming the setter ("numClasses must be positive" becomes "--num-classes must
   * be positive").
   */
  static void option(CommandSpec spec, String flag, Object value, Runnable apply) {
    try {
      apply.run();
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), inFlagTerms(flag, value, e.getMessage()));
    }
  }

  /** {@code message} about option {@code flag}'s {@code value}, worded with the flag. */
  static String inFlagTerms(String flag, Object value, String message) {
    String m = String.valueOf(message);
    // "numSteps must be >= 1, got 0": the setter's name is the flag's
    String worded = m.replaceFirst("^[a-z][A-Za-z]*(?= must )", flag);
    return worded.startsWith(flag) ? worded : flag + " " + value + ": " + m;
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
