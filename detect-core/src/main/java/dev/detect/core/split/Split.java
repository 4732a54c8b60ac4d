package dev.detect.core.split;

import dev.detect.core.annotation.AnnotationSet;
import java.util.Objects;

/**
 * The result of splitting an {@link AnnotationSet} by image: two disjoint sets whose union is the
 * input, each keeping the input's relative order, and a {@link SplitReport} of the class balance.
 * Immutable.
 */
public final class Split {
  private final AnnotationSet train;
  private final AnnotationSet eval;
  private final SplitReport report;

  /**
   * A split of the given sides with its report.
   *
   * @throws IllegalArgumentException if an image file name is on both sides
   */
  public Split(AnnotationSet train, AnnotationSet eval, SplitReport report) {
    this.train = Objects.requireNonNull(train, "train");
    this.eval = Objects.requireNonNull(eval, "eval");
    this.report = Objects.requireNonNull(report, "report");
    for (var image : eval) {
      if (train.find(image.fileName()).isPresent()) {
        throw new IllegalArgumentException(
            "image '" + image.fileName() + "' is on both the train and the eval side");
      }
    }
  }

  /** The training images, in input order. */
  public AnnotationSet train() {
    return train;
  }

  /** The evaluation images, in input order. */
  public AnnotationSet eval() {
    return eval;
  }

  /** Per-class counts on each side, totals, seed and fraction. */
  public SplitReport report() {
    return report;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Split other
        && train.equals(other.train)
        && eval.equals(other.eval)
        && report.equals(other.report);
  }

  @Override
  public int hashCode() {
    return Objects.hash(train, eval, report);
  }

  @Override
  public String toString() {
    return "Split{train=" + train.size() + " images, eval=" + eval.size() + " images}";
  }
}
