package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_vertical_flip}: mirrors the image top-bottom with the given probability; boxes
 * become {@code [1 - ymax, xmin, 1 - ymin, xmax]}.
 *
 * @param probability the chance of flipping (proto default 0.5)
 */
public record RandomVerticalFlip(double probability) implements Augmentation {
  /** Validates the probability. */
  public RandomVerticalFlip {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.5. */
  public static RandomVerticalFlip defaults() {
    return new RandomVerticalFlip(0.5);
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    if (!Rand.chance(rng, probability)) {
      return in;
    }
    float[] p = in.pixels();
    int rowLen = in.width() * 3;
    float[] tmp = new float[rowLen];
    for (int top = 0, bottom = in.height() - 1; top < bottom; top++, bottom--) {
      System.arraycopy(p, top * rowLen, tmp, 0, rowLen);
      System.arraycopy(p, bottom * rowLen, p, top * rowLen, rowLen);
      System.arraycopy(tmp, 0, p, bottom * rowLen, rowLen);
    }
    float[][] boxes = new float[in.numObjects()][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = in.boxes()[i];
      boxes[i] = new float[] {1f - b[2], b[1], 1f - b[0], b[3]};
    }
    return in.withBoxes(boxes);
  }
}
