package dev.detect.core.split;

/**
 * Phase 1 of the stratified split: iterative stratification (Sechidis, Tsoumakas and Vlahavas 2011,
 * "On the stratification of multi-label data", ECML PKDD) over groups instead of examples, with
 * desired counts measured in objects per class (and images for the negative stratum).
 *
 * <p>The stratum with the fewest unassigned groups is handled first, while the choice for its
 * groups is still free. A group goes to the side that (1) still lacks more of the group's strata
 * that need both sides (classes counting more than negatives), then (2) has the larger
 * <em>relative</em> remaining demand for the stratum being handled (relative, not absolute as in
 * the paper, so a class with two groups gets one on each side even at a 0.75 fraction), then (3)
 * the larger relative remaining demand for images, then (4) a seeded coin.
 */
final class IterativeAssigner {
  private static final double EPS = 1e-9;
  private static final int TIE = -1;

  private IterativeAssigner() {}

  static void assign(SplitState st, SeededRandom random) {
    Groups gs = st.groups;
    int[][] byStratum = groupsByStratum(gs, Shuffle.permutation(gs.size(), random));
    int[] remaining = gs.groupsWith.clone();
    double[] tieBreak = new double[gs.strata];
    for (int k = 0; k < gs.strata; k++) {
      tieBreak[k] = random.nextDouble();
    }
    while (true) {
      int k = rarest(remaining, tieBreak);
      if (k < 0) {
        return;
      }
      for (int g : byStratum[k]) {
        if (st.side[g] < 0) {
          st.assign(g, chooseSide(st, g, k, random));
          for (int id : gs.strataIds[g]) {
            remaining[id]--;
          }
        }
      }
    }
  }

  private static int[][] groupsByStratum(Groups gs, int[] order) {
    int[][] by = new int[gs.strata][];
    int[] fill = new int[gs.strata];
    for (int k = 0; k < gs.strata; k++) {
      by[k] = new int[gs.groupsWith[k]];
    }
    for (int g : order) {
      for (int k : gs.strataIds[g]) {
        by[k][fill[k]++] = g;
      }
    }
    return by;
  }

  private static int rarest(int[] remaining, double[] tieBreak) {
    int best = -1;
    for (int k = 0; k < remaining.length; k++) {
      if (remaining[k] > 0
          && (best < 0
              || remaining[k] < remaining[best]
              || (remaining[k] == remaining[best] && tieBreak[k] < tieBreak[best]))) {
        best = k;
      }
    }
    return best;
  }

  private static int chooseSide(SplitState st, int g, int k, SeededRandom random) {
    int needTrain = missing(st, g, SplitState.TRAIN);
    int needEval = missing(st, g, SplitState.EVAL);
    if (needTrain != needEval) {
      return needTrain > needEval ? SplitState.TRAIN : SplitState.EVAL;
    }
    int byClass = larger(relativeDemand(st, SplitState.TRAIN, k), relativeDemand(st, 1, k));
    if (byClass != TIE) {
      return byClass;
    }
    int byImages = larger(relativeDemand(st, SplitState.TRAIN, -1), relativeDemand(st, 1, -1));
    if (byImages != TIE) {
      return byImages;
    }
    return random.nextBoolean() ? SplitState.TRAIN : SplitState.EVAL;
  }

  /** TRAIN when train's value is larger, EVAL when eval's is, {@link #TIE} when equal. */
  private static int larger(double train, double eval) {
    if (Math.abs(train - eval) <= EPS) {
      return TIE;
    }
    return train > eval ? SplitState.TRAIN : SplitState.EVAL;
  }

  private static int missing(SplitState st, int g, int s) {
    int n = 0;
    for (int k : st.groups.strataIds[g]) {
      if (st.needsBothSides(k) && st.groupsOn[s][k] == 0) {
        n += st.coverageWeight(k);
      }
    }
    return n;
  }

  /** Remaining demand of side {@code s} for stratum {@code k} (-1: images) over its target. */
  private static double relativeDemand(SplitState st, int s, int k) {
    double desired = st.desired(s, k);
    if (desired <= 0) {
      return Double.NEGATIVE_INFINITY;
    }
    double have = k < 0 ? st.images[s] : st.have[s][k];
    return (desired - have) / desired;
  }
}
