package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.config.LearningRateSchedule.Constant;
import dev.detect.core.config.LearningRateSchedule.CosineDecay;
import dev.detect.core.config.LearningRateSchedule.ExponentialDecay;
import dev.detect.core.config.LearningRateSchedule.ManualStep;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Learning rates at given steps, computed by hand from learning_schedules.py. */
class LearningRateScheduleTest {
  private static final double EPS = 1e-12;

  @Test
  void constant_isConstant() {
    assertEquals(0.002, new Constant(0.002).learningRate(123456));
  }

  @Test
  void cosine_zooSchedule_warmupThenCosineThenZero() {
    CosineDecay c = new CosineDecay(0.8, 50000, 0.13333, 2000, 0);
    assertEquals(0.13333, c.learningRate(0), EPS);
    // slope (0.8 - 0.13333) / 2000 = 3.33335e-4 per step
    assertEquals(0.13333 + 1000 * (0.8 - 0.13333) / 2000, c.learningRate(1000), EPS);
    assertEquals(0.8, c.learningRate(2000), EPS);
    // half way through the cosine part: 0.5 * 0.8 * (1 + cos(pi/2)) = 0.4
    assertEquals(0.4, c.learningRate(26000), EPS);
    assertEquals(0.0, c.learningRate(50000), EPS);
    assertEquals(0.0, c.learningRate(50001), EPS);
  }

  @Test
  void cosine_holdBaseRate() {
    CosineDecay c = new CosineDecay(1.0, 1000, 0.0, 100, 100);
    assertEquals(0.5, c.learningRate(50), EPS);
    assertEquals(1.0, c.learningRate(150), EPS);
    assertEquals(1.0, c.learningRate(200), EPS);
    // (600 - 200) / (1000 - 200) = 0.5 -> 0.5
    assertEquals(0.5, c.learningRate(600), EPS);
  }

  @Test
  void exponential_staircaseAndBurnin() {
    ExponentialDecay e = new ExponentialDecay(0.004, 800720, 0.95, true, 0, 0, 0);
    assertEquals(0.004, e.learningRate(0), EPS);
    assertEquals(0.004, e.learningRate(800719), EPS);
    assertEquals(0.004 * 0.95, e.learningRate(800720), EPS);
    ExponentialDecay b = new ExponentialDecay(0.1, 10, 0.5, true, 0.01, 5, 0.02);
    assertEquals(0.02, b.learningRate(0), EPS, "burn-in 0.01 raised to the minimum 0.02");
    assertEquals(0.1, b.learningRate(5), EPS, "decay counts from the end of burn-in");
    assertEquals(0.05, b.learningRate(15), EPS);
    assertEquals(0.02, b.learningRate(1000), EPS);
    ExponentialDecay smooth = new ExponentialDecay(1.0, 10, 0.5, false, 0, 0, 0);
    assertEquals(Math.pow(0.5, 0.5), smooth.learningRate(5), EPS);
  }

  @Test
  void manual_stepsAndWarmup() {
    List<ManualStep.Step> steps =
        List.of(new ManualStep.Step(90000, 1e-4), new ManualStep.Step(120000, 1e-5));
    ManualStep m = new ManualStep(1e-3, steps, false);
    assertEquals(1e-3, m.learningRate(0), EPS);
    assertEquals(1e-3, m.learningRate(89999), EPS);
    assertEquals(1e-4, m.learningRate(90000), EPS);
    assertEquals(1e-5, m.learningRate(200000), EPS);
    ManualStep w = new ManualStep(0.0, List.of(new ManualStep.Step(10, 1.0)), true);
    assertEquals(0.0, w.learningRate(0), EPS);
    assertEquals(0.5, w.learningRate(5), EPS);
    assertEquals(1.0, w.learningRate(10), EPS);
  }
}
