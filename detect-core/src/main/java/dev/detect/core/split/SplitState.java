package dev.detect.core.split;

import java.util.Arrays;

/**
 * Which side each group is on, the running per-stratum counts of each side, and the cost of the
 * current assignment. Side 0 is train, side 1 is eval, -1 is not yet assigned.
 *
 * <p>The cost is a chi-square-like distance from the requested fraction: for every stratum {@code
 * (trainCount - f * total)^2 / total}, plus the same term for the number of train images against
 * its target, weighted by {@link #IMAGE_WEIGHT}.
 */
final class SplitState {
  static final int TRAIN = 0;
  static final int EVAL = 1;
  static final double IMAGE_WEIGHT = 4.0;

  final Groups groups;
  final double fraction;
  final int targetTrainImages;
  final int[] side;
  final long[][] have;
  final int[][] groupsOn;
  final int[] images = new int[2];

  SplitState(Groups groups, double fraction) {
    this.groups = groups;
    this.fraction = fraction;
    this.targetTrainImages = targetTrainImages(groups.imageCount, fraction);
    this.side = new int[groups.size()];
    Arrays.fill(side, -1);
    this.have = new long[2][groups.strata];
    this.groupsOn = new int[2][groups.strata];
  }

  /** {@code round(fraction * n)}, kept within {@code [1, n - 1]} so both sides get an image. */
  static int targetTrainImages(int n, double fraction) {
    long t = Math.round(fraction * n);
    return n < 2 ? (int) t : (int) Math.max(1, Math.min(n - 1, t));
  }

  /** The target count of stratum {@code k} (or of images, for {@code k == -1}) on {@code s}. */
  double desired(int s, int k) {
    double total = k < 0 ? groups.imageCount : groups.totals[k];
    double train = k < 0 ? targetTrainImages : fraction * total;
    return s == TRAIN ? train : total - train;
  }

  void assign(int g, int s) {
    if (side[g] >= 0) {
      add(g, side[g], -1);
    }
    side[g] = s;
    add(g, s, 1);
  }

  private void add(int g, int s, int sign) {
    int[] ids = groups.strataIds[g];
    int[] counts = groups.strataCounts[g];
    for (int i = 0; i < ids.length; i++) {
      have[s][ids[i]] += sign * counts[i];
      groupsOn[s][ids[i]] += sign;
    }
    images[s] += sign * groups.images(g);
  }

  /** True when stratum {@code k} must appear on both sides (it has at least two groups). */
  boolean needsBothSides(int k) {
    return groups.groupsWith[k] >= 2;
  }

  /**
   * How much it matters that stratum {@code k} is on both sides: a class outweighs the negative
   * images, so a split never gives up a class's coverage for the negatives'.
   */
  int coverageWeight(int k) {
    return k == groups.strata - 1 ? 1 : 2;
  }

  /** Weighted number of strata that must appear on both sides but are absent from one. */
  int uncovered() {
    int n = 0;
    for (int k = 0; k < groups.strata; k++) {
      if (needsBothSides(k) && (groupsOn[TRAIN][k] == 0 || groupsOn[EVAL][k] == 0)) {
        n += coverageWeight(k);
      }
    }
    return n;
  }

  /** Total cost of the current (complete) assignment; lower is better. */
  double cost() {
    double c = 0;
    for (int k = 0; k < groups.strata; k++) {
      long total = groups.totals[k];
      if (total > 0) {
        double d = have[TRAIN][k] - fraction * total;
        c += d * d / total;
      }
    }
    return c + imageTerm(images[TRAIN]);
  }

  private double imageTerm(int trainImages) {
    if (groups.imageCount == 0) {
      return 0;
    }
    double d = trainImages - targetTrainImages;
    return IMAGE_WEIGHT * d * d / groups.imageCount;
  }

  /** Change of the cost when stratum {@code k}'s train count changes by {@code d}. */
  double strataDelta(int k, long d) {
    double x = have[TRAIN][k] - fraction * groups.totals[k];
    return d * (2 * x + d) / groups.totals[k];
  }

  /** Change of the cost when the train side gains {@code d} images. */
  double imageDelta(int d) {
    return imageTerm(images[TRAIN] + d) - imageTerm(images[TRAIN]);
  }
}
