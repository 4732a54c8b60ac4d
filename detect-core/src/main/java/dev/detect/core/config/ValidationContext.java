package dev.detect.core.config;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What {@link PipelineConfig#validate(ValidationContext)} may look at besides the text: with a base
 * directory, the files the config names (label maps, TFRecord inputs and their globs) are checked
 * to exist and label maps are read, relative paths resolved against that directory (the OD API
 * resolves them against the working directory).
 *
 * @param baseDirectory where relative paths are resolved; empty: files are not checked
 */
public record ValidationContext(Optional<Path> baseDirectory) {
  /** Checks for nulls. */
  public ValidationContext {
    Objects.requireNonNull(baseDirectory, "baseDirectory");
  }

  /** Checks only the config text, no files. */
  public static ValidationContext textOnly() {
    return new ValidationContext(Optional.empty());
  }

  /** Also checks the files the config names, resolving relative paths against {@code base}. */
  public static ValidationContext checkingFiles(Path base) {
    return new ValidationContext(Optional.of(Objects.requireNonNull(base, "base")));
  }

  /** Whether files are checked. */
  public boolean checksFiles() {
    return baseDirectory.isPresent();
  }
}
