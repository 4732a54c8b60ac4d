package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * {@code random_rotation90}: rotates the image 90° counter-clockwise ({@code tf.image.rot90}) with
 * the given probability; an {@code H×W} image becomes {@code W×H}, the input pixel {@code (y, x)}
 * lands at {@code (W - 1 - x, y)}, and boxes become {@code [1 - xmax, ymin, 1 - xmin, ymax]}.
 *
 * @param probability the chance of rotating (proto default 0.5)
 */
public record RandomRotation90(double probability) implements Augmentation {
  /** Validates the probability. */
  public RandomRotation90 {
    Rand.checkProbability("probability", probability);
  }

  /** The proto defaults: probability 0.5. */
  public static RandomRotation90 defaults() {
    return new RandomRotation90(0.5);
  }

  /** True: {@inheritDoc} (rotates into a new array) */
  @Override
  public boolean leavesInputUnchanged() {
    return true;
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    if (!Rand.chance(rng, probability)) {
      return in;
    }
    int h = in.height();
    int w = in.width();
    float[] src = in.pixels();
    float[] dst = new float[src.length];
    // Output (i, j), of size w x h, reads input (j, w - 1 - i).
    for (int i = 0; i < w; i++) {
      int o = i * h * 3;
      int col = (w - 1 - i) * 3;
      for (int j = 0; j < h; j++, o += 3) {
        int s = j * w * 3 + col;
        dst[o] = src[s];
        dst[o + 1] = src[s + 1];
        dst[o + 2] = src[s + 2];
      }
    }
    float[][] boxes = new float[in.numObjects()][];
    for (int k = 0; k < boxes.length; k++) {
      float[] b = in.boxes()[k];
      boxes[k] = new float[] {1f - b[3], b[0], 1f - b[1], b[2]};
    }
    return in.withPixels(dst, w, h).withBoxes(boxes);
  }
}
