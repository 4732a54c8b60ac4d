package dev.detect.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.BitSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TrainingBenchTest {
  @Test
  void allDrawnSteps_isTheMeanNumberOfBatchesUntilEveryImageWasDrawn() {
    SplittableRandom rng = new SplittableRandom(1);
    for (int images : new int[] {1, 10, 200}) {
      int trials = 4000;
      double draws = 0;
      for (int t = 0; t < trials; t++) {
        BitSet seen = new BitSet(images);
        while (seen.cardinality() < images) {
          seen.set(rng.nextInt(images));
          draws++;
        }
      }
      double simulatedSteps = draws / trials / 8; // batch 8
      assertEquals(
          Math.ceil(simulatedSteps), TrainingBench.allDrawnSteps(images), 1.0, images + " images");
    }
  }
}
