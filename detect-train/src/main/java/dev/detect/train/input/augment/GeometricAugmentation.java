package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.random.RandomGenerator;

/**
 * An augmentation that only moves pixels (mirrors, crops): it can say where its output's pixels
 * come from ({@link #plan}) instead of producing them. The input pipeline composes consecutive such
 * steps and the final resize into one sampling pass over the decoded image, so that a flip and a
 * crop cost no image copies; {@link #apply} is {@code plan} then {@link Geometry#applyTo}, so both
 * ways give the same example bit for bit.
 */
public interface GeometricAugmentation extends Augmentation {
  /**
   * The step's effect on an example of this layout, drawing from {@code rng} exactly as {@link
   * #apply} does. Does not change the layout's arrays.
   */
  Geometry plan(Geometry.Layout in, RandomGenerator rng);

  @Override
  default ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    return plan(Geometry.Layout.of(in), rng).applyTo(in);
  }

  /** True: the input is never changed ({@link Geometry#applyTo} writes new arrays). */
  @Override
  default boolean leavesInputUnchanged() {
    return true;
  }
}
