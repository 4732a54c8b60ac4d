package dev.detect.train.input.augment;

import java.util.random.RandomGenerator;

/**
 * {@code random_horizontal_flip}: mirrors the image left-right with the given probability; boxes
 * become {@code [ymin, 1 - xmax, ymax, 1 - xmin]}.
 *
 * @param probability the chance of flipping (proto default 0.5)
 */
public record RandomHorizontalFlip(double probability) implements GeometricAugmentation {
  /** Validates the probability. */
  public RandomHorizontalFlip {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.5. */
  public static RandomHorizontalFlip defaults() {
    return new RandomHorizontalFlip(0.5);
  }

  @Override
  public Geometry plan(Geometry.Layout in, RandomGenerator rng) {
    return Rand.chance(rng, probability) ? flip(in) : Geometry.identity(in);
  }

  /** Flips unconditionally. */
  static Geometry flip(Geometry.Layout in) {
    float[][] boxes = new float[in.boxes().length][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = in.boxes()[i];
      boxes[i] = new float[] {b[0], 1f - b[3], b[2], 1f - b[1]};
    }
    return new Geometry(0, 0, true, false, in.withBoxes(boxes));
  }
}
