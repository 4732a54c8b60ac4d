package dev.detect.spark.internal;

import dev.detect.io.ReadResult.Warning;
import java.io.Serializable;

/** A {@link Warning} as it travels back from executors. */
public record Note(String file, String message) implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The note of {@code w}. */
  public static Note of(Warning w) {
    return new Note(w.file(), w.message());
  }

  /** The warning again. */
  public Warning warning() {
    return new Warning(file, message);
  }
}
