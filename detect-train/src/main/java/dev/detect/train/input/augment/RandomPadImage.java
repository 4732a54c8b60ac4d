package dev.detect.train.input.augment;

import dev.detect.train.input.ImageBoxes;
import java.util.Objects;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * {@code random_pad_image}: places the image at a uniformly random position inside a larger canvas
 * filled with a pad colour. The canvas height is drawn uniformly from {@code [minHeight,
 * maxHeight)} (likewise the width), where the minimum defaults to the image size and the maximum to
 * twice it, and both are raised to at least the image size. Boxes shrink by the pad ratio: {@code
 * y' = (y * H + offsetY) / paddedH}.
 */
public final class RandomPadImage implements Augmentation {
  private final int minHeight;
  private final int minWidth;
  private final int maxHeight;
  private final int maxWidth;
  private final float[] padColor;

  private RandomPadImage(int minH, int minW, int maxH, int maxW, float[] padColor) {
    this.minHeight = minH;
    this.minWidth = minW;
    this.maxHeight = maxH;
    this.maxWidth = maxW;
    this.padColor = padColor;
  }

  /** The proto defaults: the image size up to twice it, padded with the image's mean colour. */
  public static RandomPadImage defaults() {
    return new RandomPadImage(0, 0, 0, 0, null);
  }

  /** This step with {@code min_image_height} and {@code min_image_width} (pixels). */
  public RandomPadImage withMinImageSize(int height, int width) {
    checkSize(height, width);
    return new RandomPadImage(height, width, maxHeight, maxWidth, padColor);
  }

  /** This step with {@code max_image_height} and {@code max_image_width} (pixels). */
  public RandomPadImage withMaxImageSize(int height, int width) {
    checkSize(height, width);
    return new RandomPadImage(minHeight, minWidth, height, width, padColor);
  }

  /** This step with a fixed {@code pad_color}, RGB in our [0, 255] pixel scale. */
  public RandomPadImage withPadColor(float r, float g, float b) {
    float[] c = {r, g, b};
    for (float v : c) {
      if (!(v >= 0 && v <= 255)) {
        throw new IllegalArgumentException("pad colour values must be in [0, 255], got " + v);
      }
    }
    return new RandomPadImage(minHeight, minWidth, maxHeight, maxWidth, c);
  }

  /** The fixed pad colour, or empty for the mean colour of each image. */
  public Optional<float[]> padColor() {
    return Optional.ofNullable(padColor).map(float[]::clone);
  }

  private static void checkSize(int h, int w) {
    if (h <= 0 || w <= 0) {
      throw new IllegalArgumentException("image size must be positive, got " + h + "x" + w);
    }
  }

  /** True: {@inheritDoc} (pads into a new array) */
  @Override
  public boolean leavesInputUnchanged() {
    return true;
  }

  @Override
  public ImageBoxes apply(ImageBoxes in, RandomGenerator rng) {
    int h = in.height();
    int w = in.width();
    int th = target(rng, h, minHeight, maxHeight);
    int tw = target(rng, w, minWidth, maxWidth);
    int oy = th > h ? rng.nextInt(th - h) : 0;
    int ox = tw > w ? rng.nextInt(tw - w) : 0;
    float[] color = padColor != null ? padColor : ColorKernels.channelMeans(in.pixels());
    float[] dst = new float[th * tw * 3];
    for (int i = 0; i < dst.length; i += 3) {
      dst[i] = color[0];
      dst[i + 1] = color[1];
      dst[i + 2] = color[2];
    }
    float[] src = in.pixels();
    for (int y = 0; y < h; y++) {
      System.arraycopy(src, y * w * 3, dst, ((y + oy) * tw + ox) * 3, w * 3);
    }
    float[][] boxes = new float[in.numObjects()][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = in.boxes()[i];
      boxes[i] =
          new float[] {
            (float) (((double) b[0] * h + oy) / th), (float) (((double) b[1] * w + ox) / tw),
            (float) (((double) b[2] * h + oy) / th), (float) (((double) b[3] * w + ox) / tw)
          };
    }
    return in.withPixels(dst, th, tw).withBoxes(boxes);
  }

  private static int target(RandomGenerator rng, int size, int min, int max) {
    int lo = Math.max(min > 0 ? min : size, size);
    int hi = Math.max(max > 0 ? max : 2 * size, size);
    return hi > lo ? lo + rng.nextInt(hi - lo) : hi;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RandomPadImage p
        && p.minHeight == minHeight
        && p.minWidth == minWidth
        && p.maxHeight == maxHeight
        && p.maxWidth == maxWidth
        && java.util.Arrays.equals(p.padColor, padColor);
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        minHeight, minWidth, maxHeight, maxWidth, java.util.Arrays.hashCode(padColor));
  }

  @Override
  public String toString() {
    return "RandomPadImage[min="
        + (minHeight > 0 ? minHeight + "x" + minWidth : "image")
        + ", max="
        + (maxHeight > 0 ? maxHeight + "x" + maxWidth : "2*image")
        + ", padColor="
        + (padColor == null ? "mean" : java.util.Arrays.toString(padColor))
        + "]";
  }
}
