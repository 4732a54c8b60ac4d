package dev.detect.train.input.augment;

import java.util.random.RandomGenerator;

/**
 * A Java port of TensorFlow's {@code SampleDistortedBoundingBoxV2} kernel ({@code
 * tf.image.sample_distorted_bounding_box} with {@code max_attempts=100} and {@code
 * use_image_if_no_bounding_boxes=True}), as the OD API's random crops call it.
 *
 * <p>Each attempt draws an aspect ratio uniformly from the range, then a height uniformly among the
 * integer heights whose area lies in the area range (rounding as the kernel does), then a uniform
 * position; the crop is accepted when it covers at least {@code min_object_covered} of at least one
 * box (boxes are clipped to [0, 1], converted to whole pixels, and those under one pixel ignored;
 * with no boxes the whole image is the box). When no attempt succeeds the crop is the whole image.
 */
final class CropWindowSampler {
  static final int MAX_ATTEMPTS = 100;

  private CropWindowSampler() {}

  /** Returns {@code {y, x, height, width}} in pixels. */
  static int[] sample(
      int imageHeight, int imageWidth, float[][] boxes, CropOperation op, RandomGenerator rng) {
    int[][] rects = pixelRects(imageHeight, imageWidth, boxes);
    int[] crop = new int[4];
    for (int i = 0; i < MAX_ATTEMPTS; i++) {
      float aspect =
          (float)
              (rng.nextFloat() * (op.maxAspectRatio() - op.minAspectRatio()) + op.minAspectRatio());
      if (generate(
              imageWidth,
              imageHeight,
              (float) op.minArea(),
              (float) op.maxArea(),
              aspect,
              rng,
              crop)
          && covers(crop, (float) op.minObjectCovered(), rects)) {
        return crop;
      }
    }
    return new int[] {0, 0, imageHeight, imageWidth};
  }

  /** Boxes as {ymin, xmin, ymax, xmax} whole pixels, truncated like the kernel. */
  private static int[][] pixelRects(int h, int w, float[][] boxes) {
    if (boxes.length == 0) {
      return new int[][] {{0, 0, h, w}};
    }
    int[][] r = new int[boxes.length][];
    for (int i = 0; i < boxes.length; i++) {
      float[] b = boxes[i];
      r[i] =
          new int[] {
            (int) (clip01(b[0]) * h), (int) (clip01(b[1]) * w),
            (int) (clip01(b[2]) * h), (int) (clip01(b[3]) * w)
          };
    }
    return r;
  }

  private static float clip01(float v) {
    return v < 0f ? 0f : (v > 1f ? 1f : v);
  }

  /** The kernel's GenerateRandomCrop; writes {y, x, h, w} into crop. */
  private static boolean generate(
      int originalWidth,
      int originalHeight,
      float minRelativeArea,
      float maxRelativeArea,
      float aspectRatio,
      RandomGenerator rng,
      int[] crop) {
    float minArea = minRelativeArea * originalWidth * originalHeight;
    float maxArea = maxRelativeArea * originalWidth * originalHeight;
    int height = (int) Math.rint(Math.sqrt(minArea / aspectRatio));
    int maxHeight = (int) Math.rint(Math.sqrt(maxArea / aspectRatio));
    if (Math.rint(maxHeight * aspectRatio) > originalWidth) {
      final float eps = 0.0000001f;
      maxHeight = (int) ((originalWidth + 0.5f - eps) / aspectRatio);
      if (Math.rint(maxHeight * aspectRatio) > originalWidth) {
        maxHeight -= 1;
      }
    }
    maxHeight = Math.min(maxHeight, originalHeight);
    height = Math.min(height, maxHeight);
    if (height < maxHeight) {
      height += rng.nextInt(maxHeight - height + 1);
    }
    int width = (int) Math.rint(height * aspectRatio);
    float area = (float) width * height;
    if (area < minArea) {
      height += 1;
      width = (int) Math.rint(height * aspectRatio);
      area = (float) width * height;
    }
    if (area > maxArea) {
      height -= 1;
      width = (int) Math.rint(height * aspectRatio);
      area = (float) width * height;
    }
    if (area < minArea
        || area > maxArea
        || width > originalWidth
        || height > originalHeight
        || width <= 0
        || height <= 0) {
      return false;
    }
    crop[0] = height < originalHeight ? rng.nextInt(originalHeight - height) : 0;
    crop[1] = width < originalWidth ? rng.nextInt(originalWidth - width) : 0;
    crop[2] = height;
    crop[3] = width;
    return true;
  }

  /** The kernel's SatisfiesOverlapConstraints. */
  private static boolean covers(int[] crop, float minCovered, int[][] rects) {
    int cy0 = crop[0];
    int cx0 = crop[1];
    int cy1 = cy0 + crop[2];
    int cx1 = cx0 + crop[3];
    for (int[] r : rects) {
      long area = (long) (r[2] - r[0]) * (r[3] - r[1]);
      if (r[2] <= r[0] || r[3] <= r[1] || area < 1) {
        continue;
      }
      int ih = Math.min(cy1, r[2]) - Math.max(cy0, r[0]);
      int iw = Math.min(cx1, r[3]) - Math.max(cx0, r[1]);
      float inter = ih > 0 && iw > 0 ? (float) ih * iw : 0f;
      if (inter / area >= minCovered) {
        return true;
      }
    }
    return false;
  }
}
