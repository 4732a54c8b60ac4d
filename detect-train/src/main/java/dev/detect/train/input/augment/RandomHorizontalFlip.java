package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_horizontal_flip}: mirrors the image left-right with the given probability; boxes
 * become {@code [ymin, 1 - xmax, ymax, 1 - xmin]}.
 *
 * @param probability the chance of flipping (proto default 0.5)
 */
public record RandomHorizontalFlip(double probability) implements Augmentation {
  /** Validates the probability. */
  public RandomHorizontalFlip {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.5. */
  public static RandomHorizontalFlip defaults() {
    return new RandomHorizontalFlip(0.5);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    return Rand.chance(rng, probability) ? flip(in) : in;
  }

  /** Flips unconditionally (in place). */
  static ImageBoxes flip(ImageBoxes in) {
    float[] p = in.pixels();
    int w = in.width();
    for (int y = 0; y < in.height(); y++) {
      int row = y * w * 3;
      for (int l = row, r = row + (w - 1) * 3; l < r; l += 3, r -= 3) {
        for (int c = 0; c < 3; c++) {
          float t = p[l + c];
          p[l + c] = p[r + c];
          p[r + c] = t;
        }
      }
    }
    float[][] boxes = new float[in.numObjects()][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = in.boxes()[i];
      boxes[i] = new float[] {b[0], 1f - b[3], b[2], 1f - b[1]};
    }
    return in.withBoxes(boxes);
  }
}
