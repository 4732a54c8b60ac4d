package dev.detect.core.config;

import java.util.Objects;

/**
 * A problem found by {@link PipelineConfig#validate()}: what is wrong, where, and what to do.
 *
 * @param severity ERROR (training would fail or silently do the wrong thing) or WARNING
 * @param path the field path, e.g. {@code train_config.fine_tune_checkpoint_version} or {@code
 *     eval_input_reader[0].shuffle}
 * @param message what is wrong, the value, and what to do
 */
public record ConfigIssue(Severity severity, String path, String message) {
  /** How serious an issue is. */
  public enum Severity {
    /** Training would fail or silently do the wrong thing. */
    ERROR,
    /** Probably a mistake, or something detect ignores. */
    WARNING
  }

  /** Checks for nulls. */
  public ConfigIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(message, "message");
  }

  /** Whether this is an {@link Severity#ERROR}. */
  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code ERROR path: message}. */
  @Override
  public String toString() {
    return severity + " " + path + ": " + message;
  }
}
