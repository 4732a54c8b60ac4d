package dev.detect.core.split;

/**
 * Runs the stratified split: iterative stratification, coverage repair, then local improvement.
 * When some class still lacks a side, it retries from a few other seeded starting points (derived
 * from the seed, so still deterministic) and keeps the best result: fewest classes on one side,
 * then lowest cost.
 */
final class StratifiedAssignment {
  private static final int RESTARTS_SMALL = 16;
  private static final int RESTARTS_LARGE = 2;
  private static final int LARGE = 5_000;

  private StratifiedAssignment() {}

  static SplitState run(Groups groups, double fraction, long seed) {
    SeededRandom random = new SeededRandom(seed);
    SplitState best = attempt(groups, fraction, random);
    int restarts = groups.size() <= LARGE ? RESTARTS_SMALL : RESTARTS_LARGE;
    for (int r = 0; r < restarts && best.uncovered() > 0; r++) {
      SplitState next = attempt(groups, fraction, new SeededRandom(random.nextLong()));
      if (next.uncovered() < best.uncovered()
          || (next.uncovered() == best.uncovered() && next.cost() < best.cost())) {
        best = next;
      }
    }
    return best;
  }

  private static SplitState attempt(Groups groups, double fraction, SeededRandom random) {
    SplitState state = new SplitState(groups, fraction);
    IterativeAssigner.assign(state, random);
    LocalSearch search = new LocalSearch(state, random);
    search.repairCoverage();
    search.improve();
    return state;
  }
}
