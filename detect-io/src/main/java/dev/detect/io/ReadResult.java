package dev.detect.io;

import dev.detect.core.annotation.AnnotationSet;
import java.util.List;
import java.util.Objects;

/**
 * The result of reading annotations.
 *
 * @param annotations what was read
 * @param warnings problems that did not stop reading (e.g. a {@code <filename>} that differs from
 *     the XML file name), each naming its file
 * @param filesRead the number of annotation files read
 */
public record ReadResult(AnnotationSet annotations, List<Warning> warnings, int filesRead) {

  /** A non-fatal problem met while reading or writing. */
  public record Warning(String file, String message) {
    /** Validates non-null fields. */
    public Warning {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(message, "message");
    }

    @Override
    public String toString() {
      return file + ": " + message;
    }
  }

  /** Copies the warnings. */
  public ReadResult {
    Objects.requireNonNull(annotations, "annotations");
    warnings = List.copyOf(warnings);
  }

  /** One line: files, images, objects, classes, negatives, warnings. */
  public String summary() {
    return filesRead
        + " files, "
        + annotations.size()
        + " images, "
        + annotations.objectCount()
        + " objects, "
        + annotations.labels().size()
        + " classes, "
        + annotations.negativeCount()
        + " negative images, "
        + warnings.size()
        + " warnings";
  }
}
