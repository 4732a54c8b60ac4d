package dev.detect.train;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * What restoring {@code fine_tune_checkpoint} did: which variables were taken from the checkpoint
 * by name and shape, which not and why.
 *
 * @param checkpoint the checkpoint prefix restored from ({@code .../model.ckpt}, {@code
 *     .../ckpt-0})
 * @param type what was restored
 * @param restored variables restored (our names)
 * @param missing candidates not in the checkpoint
 * @param shapeMismatch candidates in the checkpoint with another shape ({@code name ours vs
 *     theirs})
 * @param candidates how many variables were candidates
 * @param leftInitialized every model variable not restored (keeps its initial value)
 * @param unused model tensors of the checkpoint that no variable took (optimizer slots, moving
 *     averages and the global step are not counted)
 */
public record FineTuneReport(
    Path checkpoint,
    Type type,
    List<String> restored,
    List<String> missing,
    List<String> shapeMismatch,
    int candidates,
    List<String> leftInitialized,
    List<String> unused) {
  /** What to restore. */
  public enum Type {
    /** Everything whose name and shape match. */
    DETECTION,
    /** The feature extractor's backbone, from a classification checkpoint. */
    CLASSIFICATION
  }

  /** Copies the lists. */
  public FineTuneReport {
    Objects.requireNonNull(checkpoint, "checkpoint");
    Objects.requireNonNull(type, "type");
    restored = List.copyOf(restored);
    missing = List.copyOf(missing);
    shapeMismatch = List.copyOf(shapeMismatch);
    leftInitialized = List.copyOf(leftInitialized);
    unused = List.copyOf(unused);
  }

  /**
   * One line for the log: {@code restored N of M variables from PATH; not restored: K (a not in the
   * checkpoint, b with another shape, e.g. ...)}, and how many checkpoint tensors were left unused.
   */
  public String summary() {
    int notRestored = candidates - restored.size();
    StringBuilder sb =
        new StringBuilder(
            String.format(
                Locale.ROOT,
                "restored %d of %d variables from %s; not restored: %d",
                restored.size(),
                candidates,
                checkpoint,
                notRestored));
    if (notRestored > 0) {
      sb.append(
          String.format(
              Locale.ROOT,
              " (%d not in the checkpoint, %d with another shape, e.g. %s)",
              missing.size(),
              shapeMismatch.size(),
              shapeMismatch.isEmpty() ? head(missing) : head(shapeMismatch)));
    }
    if (!unused.isEmpty()) {
      sb.append(
          String.format(
              Locale.ROOT,
              "; %d checkpoint variables unused, e.g. %s",
              unused.size(),
              head(unused)));
    }
    return sb.toString();
  }

  private static String head(List<String> l) {
    return l.isEmpty() ? "none" : l.subList(0, Math.min(3, l.size())).toString();
  }
}
