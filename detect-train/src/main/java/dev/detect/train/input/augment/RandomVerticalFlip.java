package dev.detect.train.input.augment;

import java.util.random.RandomGenerator;

/**
 * {@code random_vertical_flip}: mirrors the image top-bottom with the given probability; boxes
 * become {@code [1 - ymax, xmin, 1 - ymin, xmax]}.
 *
 * @param probability the chance of flipping (proto default 0.5)
 */
public record RandomVerticalFlip(double probability) implements GeometricAugmentation {
  /** Validates the probability. */
  public RandomVerticalFlip {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.5. */
  public static RandomVerticalFlip defaults() {
    return new RandomVerticalFlip(0.5);
  }

  @Override
  public Geometry plan(Geometry.Layout in, RandomGenerator rng) {
    if (!Rand.chance(rng, probability)) {
      return Geometry.identity(in);
    }
    float[][] boxes = new float[in.boxes().length][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = in.boxes()[i];
      boxes[i] = new float[] {1f - b[2], b[1], 1f - b[0], b[3]};
    }
    return new Geometry(0, 0, false, true, in.withBoxes(boxes));
  }
}
