package dev.detect.core.annotation;

import java.util.Objects;

/**
 * One problem found by validating a dataset.
 *
 * @param severity whether the problem makes the data unusable ({@link Severity#ERROR}) or is only
 *     suspicious ({@link Severity#WARNING})
 * @param code a stable machine-readable code, e.g. {@code box-outside-image}
 * @param file the image file name (or annotation file) concerned
 * @param objectIndex 0-based index of the object in the image, or -1 for the whole image
 * @param message what is wrong, with the values, and what to do
 */
public record ValidationIssue(
    Severity severity, String code, String file, int objectIndex, String message) {

  /** How bad an issue is. */
  public enum Severity {
    /** Suspicious but usable. */
    WARNING,
    /** Unusable until fixed. */
    ERROR
  }

  /** Validates non-null fields. */
  public ValidationIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** An error about a whole image. */
  public static ValidationIssue error(String code, String file, String message) {
    return new ValidationIssue(Severity.ERROR, code, file, -1, message);
  }

  /** A warning about a whole image. */
  public static ValidationIssue warning(String code, String file, String message) {
    return new ValidationIssue(Severity.WARNING, code, file, -1, message);
  }

  /** True for {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  @Override
  public String toString() {
    return severity
        + " "
        + code
        + " "
        + file
        + (objectIndex >= 0 ? " object " + objectIndex : "")
        + ": "
        + message;
  }
}
