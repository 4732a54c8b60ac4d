package dev.detect.core.split;

import java.util.Arrays;

/**
 * Phase 2 of the stratified split: repairs classes left on one side, then lowers {@link
 * SplitState#cost()} by moving single groups and swapping pairs of groups between the sides, never
 * taking the last group of a class off a side and never emptying a side. Deterministic: candidates
 * are visited in a seeded order.
 */
final class LocalSearch {
  private static final double EPS = 1e-9;
  private static final int MAX_PASSES = 50;
  private static final int EXHAUSTIVE_SWAP_LIMIT = 600;
  private static final int SAMPLED_SWAPS = 128;

  private final SplitState st;
  private final Groups gs;
  private final SeededRandom random;

  LocalSearch(SplitState st, SeededRandom random) {
    this.st = st;
    this.gs = st.groups;
    this.random = random;
  }

  /**
   * Moves single groups, or swaps two groups, so that classes with two or more groups appear on
   * both sides, as far as such steps can achieve it (in general this is hypergraph 2-colouring,
   * which can be impossible, e.g. for images {a,b}, {a,c}, {b,c}). Each step takes the candidate
   * that uncovers least, then costs least.
   */
  void repairCoverage() {
    int uncovered = st.uncovered();
    while (uncovered > 0) {
      Candidate best = new Candidate(-1, -1, uncovered, Double.POSITIVE_INFINITY);
      for (int a = 0; a < gs.size(); a++) {
        if (touchesUncovered(a)) {
          if (keepsSidesNonEmpty(a)) {
            best = better(best, evaluate(a, -1, moveDelta(a)));
          }
          for (int b = 0; b < gs.size(); b++) {
            if (st.side[b] != st.side[a]) {
              int t = st.side[a] == SplitState.TRAIN ? a : b;
              int e = t == a ? b : a;
              best = better(best, evaluate(a, b, swapDelta(t, e)));
            }
          }
        }
      }
      if (best.a < 0) {
        return;
      }
      flip(best.a);
      if (best.b >= 0) {
        flip(best.b);
      }
      uncovered = best.uncovered;
    }
  }

  /** A repair step: move {@code a}, and {@code b} too unless it is -1. */
  private record Candidate(int a, int b, int uncovered, double delta) {}

  private Candidate evaluate(int a, int b, double delta) {
    flip(a);
    if (b >= 0) {
      flip(b);
    }
    boolean nonEmpty =
        gs.imageCount < 2 || (st.images[SplitState.TRAIN] > 0 && st.images[SplitState.EVAL] > 0);
    int after = nonEmpty ? st.uncovered() : Integer.MAX_VALUE;
    if (b >= 0) {
      flip(b);
    }
    flip(a);
    return new Candidate(a, b, after, delta);
  }

  private static Candidate better(Candidate best, Candidate c) {
    boolean wins =
        c.uncovered < best.uncovered || (c.uncovered == best.uncovered && c.delta < best.delta);
    return wins && (c.uncovered < best.uncovered || best.a >= 0) ? c : best;
  }

  private void flip(int g) {
    st.assign(g, 1 - st.side[g]);
  }

  /** Improves the cost by moves and swaps until no candidate helps (or a pass limit). */
  void improve() {
    for (int pass = 0; pass < MAX_PASSES; pass++) {
      int[] order = Shuffle.permutation(gs.size(), random);
      boolean improved = false;
      for (int g : order) {
        if (canMove(g) && moveDelta(g) < -EPS) {
          st.assign(g, 1 - st.side[g]);
          improved = true;
        }
      }
      for (int a : order) {
        if (st.side[a] == SplitState.TRAIN) {
          improved |= trySwap(a);
        }
      }
      if (!improved) {
        return;
      }
    }
  }

  private boolean trySwap(int a) {
    int n = gs.size();
    boolean exhaustive = n <= EXHAUSTIVE_SWAP_LIMIT;
    int tries = exhaustive ? n : SAMPLED_SWAPS;
    for (int t = 0; t < tries; t++) {
      int b = exhaustive ? t : random.nextInt(n);
      if (st.side[b] == SplitState.EVAL && canSwap(a, b) && swapDelta(a, b) < -EPS) {
        st.assign(a, SplitState.EVAL);
        st.assign(b, SplitState.TRAIN);
        return true;
      }
    }
    return false;
  }

  private boolean touchesUncovered(int g) {
    for (int k : gs.strataIds[g]) {
      if (st.needsBothSides(k) && st.groupsOn[1 - st.side[g]][k] == 0) {
        return true;
      }
    }
    return false;
  }

  private boolean keepsSidesNonEmpty(int g) {
    return gs.imageCount < 2 || st.images[st.side[g]] - gs.images(g) >= 1;
  }

  private boolean canMove(int g) {
    if (!keepsSidesNonEmpty(g)) {
      return false;
    }
    int from = st.side[g];
    for (int k : gs.strataIds[g]) {
      if (st.needsBothSides(k) && st.groupsOn[from][k] == 1) {
        return false;
      }
    }
    return true;
  }

  private boolean canSwap(int a, int b) {
    int trainAfter = st.images[SplitState.TRAIN] - gs.images(a) + gs.images(b);
    int evalAfter = st.images[SplitState.EVAL] - gs.images(b) + gs.images(a);
    if (gs.imageCount >= 2 && (trainAfter < 1 || evalAfter < 1)) {
      return false;
    }
    return keepsCoverage(a, b, SplitState.TRAIN) && keepsCoverage(b, a, SplitState.EVAL);
  }

  /** Whether {@code leaving} can leave side {@code s} when {@code arriving} joins it. */
  private boolean keepsCoverage(int leaving, int arriving, int s) {
    for (int k : gs.strataIds[leaving]) {
      if (st.needsBothSides(k)
          && st.groupsOn[s][k] == 1
          && Arrays.binarySearch(gs.strataIds[arriving], k) < 0) {
        return false;
      }
    }
    return true;
  }

  private double moveDelta(int g) {
    int sign = st.side[g] == SplitState.TRAIN ? -1 : 1;
    double delta = st.imageDelta(sign * gs.images(g));
    int[] ids = gs.strataIds[g];
    int[] counts = gs.strataCounts[g];
    for (int i = 0; i < ids.length; i++) {
      delta += st.strataDelta(ids[i], (long) sign * counts[i]);
    }
    return delta;
  }

  /** Cost change when train group {@code a} and eval group {@code b} change sides. */
  private double swapDelta(int a, int b) {
    double delta = st.imageDelta(gs.images(b) - gs.images(a));
    int[] ia = gs.strataIds[a];
    int[] ca = gs.strataCounts[a];
    int[] ib = gs.strataIds[b];
    int[] cb = gs.strataCounts[b];
    int i = 0;
    int j = 0;
    while (i < ia.length || j < ib.length) {
      if (j >= ib.length || (i < ia.length && ia[i] < ib[j])) {
        delta += st.strataDelta(ia[i], -ca[i]);
        i++;
      } else if (i >= ia.length || ib[j] < ia[i]) {
        delta += st.strataDelta(ib[j], cb[j]);
        j++;
      } else {
        delta += st.strataDelta(ia[i], (long) cb[j] - ca[i]);
        i++;
        j++;
      }
    }
    return delta;
  }
}
