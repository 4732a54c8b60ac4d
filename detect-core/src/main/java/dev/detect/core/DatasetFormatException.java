package dev.detect.core;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * A dataset file (annotation, CSV, label map, config, record …) is malformed or inconsistent.
 *
 * <p>Always names the file and, where known, the line (1-based) and column (1-based) or the element
 * at fault, so that the message alone tells the user what to fix. The message has the form {@code
 * file:line:column: reason} (line and column omitted when unknown).
 */
public class DatasetFormatException extends IOException {
  private static final long serialVersionUID = 1L;

  private final String source;
  private final int line;
  private final int column;
  private final String reason;

  /**
   * Creates an exception for a location in a file.
   *
   * @param source the file (or other source name) at fault
   * @param line 1-based line, or 0 when unknown
   * @param column 1-based column, or 0 when unknown
   * @param reason what is wrong, with the bad value and what to do
   */
  public DatasetFormatException(String source, int line, int column, String reason) {
    this(source, line, column, reason, null);
  }

  /** Same as {@link #DatasetFormatException(String, int, int, String)} with a cause. */
  public DatasetFormatException(
      String source, int line, int column, String reason, Throwable cause) {
    super(format(source, line, column, reason), cause);
    this.source = Objects.requireNonNull(source, "source");
    this.line = Math.max(0, line);
    this.column = Math.max(0, column);
    this.reason = Objects.requireNonNull(reason, "reason");
  }

  /** An error in a whole file, with no line. */
  public DatasetFormatException(Path file, String reason) {
    this(String.valueOf(file), 0, 0, reason, null);
  }

  /** An error in a whole file, with no line, caused by {@code cause}. */
  public DatasetFormatException(Path file, String reason, Throwable cause) {
    this(String.valueOf(file), 0, 0, reason, cause);
  }

  /** An error at a 1-based line of a file. */
  public DatasetFormatException(Path file, int line, String reason) {
    this(String.valueOf(file), line, 0, reason, null);
  }

  private static String format(String source, int line, int column, String reason) {
    StringBuilder sb = new StringBuilder(String.valueOf(source));
    if (line > 0) {
      sb.append(':').append(line);
      if (column > 0) {
        sb.append(':').append(column);
      }
    }
    return sb.append(": ").append(reason).toString();
  }

  /** The file or source name at fault. */
  public String source() {
    return source;
  }

  /** The 1-based line, if known. */
  public Optional<Integer> line() {
    return line > 0 ? Optional.of(line) : Optional.empty();
  }

  /** The 1-based column, if known. */
  public Optional<Integer> column() {
    return column > 0 ? Optional.of(column) : Optional.empty();
  }

  /** The reason without the location prefix. */
  public String reason() {
    return reason;
  }
}
