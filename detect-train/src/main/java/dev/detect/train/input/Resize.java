package dev.detect.train.input;

import java.util.Objects;

/**
 * Bilinear image resizing with TensorFlow's exact sampling, so that a model trained on our batches
 * sees what TensorFlow's own resize would have given it.
 *
 * <p>The default ({@link Convention#HALF_PIXEL_CENTERS}) is TF2 {@code tf.image.resize(images,
 * size, method="bilinear", antialias=False)}: the output pixel {@code i} samples the input at
 * {@code (i + 0.5) * in / out - 0.5}, clamped at the borders. (The OD API's TF1-era {@code
 * resize_images(align_corners=False)} sampled at {@code i * in / out} instead; the difference is at
 * most half an input pixel.) Boxes are normalized, so resizing leaves them unchanged.
 */
public final class Resize {
  private Resize() {}

  /** Where output pixels sample the input. */
  public enum Convention {
    /** TF2 {@code tf.image.resize} / {@code ResizeBilinear(half_pixel_centers=True)}. */
    HALF_PIXEL_CENTERS,
    /**
     * {@code ResizeBilinear(align_corners=True)}: the corner pixels of input and output coincide,
     * as in the OD API's {@code random_image_scale}.
     */
    ALIGN_CORNERS
  }

  /** Resizes to {@code outHeight × outWidth} with {@link Convention#HALF_PIXEL_CENTERS}. */
  public static ImageBoxes bilinear(ImageBoxes image, int outHeight, int outWidth) {
    return bilinear(image, outHeight, outWidth, Convention.HALF_PIXEL_CENTERS);
  }

  /**
   * Resizes to {@code outHeight × outWidth}; the objects are kept. Returns {@code image} itself
   * when the size does not change.
   */
  public static ImageBoxes bilinear(
      ImageBoxes image, int outHeight, int outWidth, Convention convention) {
    Objects.requireNonNull(image, "image");
    if (image.height() == outHeight && image.width() == outWidth) {
      return image;
    }
    float[] out =
        bilinear(
            image.pixels(), image.height(), image.width(), outHeight, outWidth, convention, null);
    return image.withPixels(out, outHeight, outWidth);
  }

  /**
   * Resizes RGB HWC pixels into {@code dst} (allocated when null or too small), returning it.
   *
   * @throws IllegalArgumentException when a size is not positive
   */
  public static float[] bilinear(
      float[] src,
      int height,
      int width,
      int outHeight,
      int outWidth,
      Convention convention,
      float[] dst) {
    return bilinear(
        src, width, 0, 0, height, width, false, false, outHeight, outWidth, convention, dst);
  }

  /**
   * Resizes the {@code height × width} window at {@code (y, x)} of {@code src} (RGB HWC, {@code
   * srcWidth} pixels wide), mirrored left-right when {@code flipX} and top-bottom when {@code
   * flipY}, into {@code dst} (allocated when null or too small): bit for bit what cutting the
   * window out first and then resizing it gives, without the copy.
   *
   * @throws IllegalArgumentException when a size is not positive or the window does not fit
   */
  public static float[] bilinear(
      float[] src,
      int srcWidth,
      int y,
      int x,
      int height,
      int width,
      boolean flipX,
      boolean flipY,
      int outHeight,
      int outWidth,
      Convention convention,
      float[] dst) {
    Objects.requireNonNull(src, "src");
    Objects.requireNonNull(convention, "convention");
    if (outHeight <= 0 || outWidth <= 0 || height <= 0 || width <= 0) {
      throw new IllegalArgumentException(
          "sizes must be positive: " + height + "x" + width + " -> " + outHeight + "x" + outWidth);
    }
    if (y < 0 || x < 0 || x + width > srcWidth || (long) (y + height) * srcWidth * 3 > src.length) {
      throw new IllegalArgumentException(
          "window " + height + "x" + width + " at " + y + ", " + x + " does not fit the image");
    }
    float[] out = dst != null && dst.length >= outHeight * outWidth * 3 ? dst : null;
    if (out == null) {
      out = new float[outHeight * outWidth * 3];
    }
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] xl = new float[outWidth];
    weights(width, outWidth, convention, x0, x1, xl);
    for (int i = 0; i < outWidth; i++) {
      x0[i] = (x + (flipX ? width - 1 - x0[i] : x0[i])) * 3;
      x1[i] = (x + (flipX ? width - 1 - x1[i] : x1[i])) * 3;
    }
    int[] y0 = new int[outHeight];
    int[] y1 = new int[outHeight];
    float[] yl = new float[outHeight];
    weights(height, outHeight, convention, y0, y1, yl);
    for (int i = 0; i < outHeight; i++) {
      y0[i] = (y + (flipY ? height - 1 - y0[i] : y0[i])) * srcWidth * 3;
      y1[i] = (y + (flipY ? height - 1 - y1[i] : y1[i])) * srcWidth * 3;
    }
    for (int r = 0; r < outHeight; r++) {
      int top = y0[r];
      int bottom = y1[r];
      float ylerp = yl[r];
      int o = r * outWidth * 3;
      for (int c = 0; c < outWidth; c++) {
        int l = x0[c];
        int rt = x1[c];
        float xlerp = xl[c];
        for (int ch = 0; ch < 3; ch++) {
          float tl = src[top + l + ch];
          float tr = src[top + rt + ch];
          float bl = src[bottom + l + ch];
          float br = src[bottom + rt + ch];
          float t = tl + (tr - tl) * xlerp;
          float b = bl + (br - bl) * xlerp;
          out[o++] = t + (b - t) * ylerp;
        }
      }
    }
    return out;
  }

  /** TensorFlow's compute_interpolation_weights: lower and upper input indices and the lerp. */
  private static void weights(
      int in, int out, Convention convention, int[] lower, int[] upper, float[] lerp) {
    boolean half = convention == Convention.HALF_PIXEL_CENTERS;
    float scale = half ? (float) in / out : (out > 1 ? (in - 1) / (float) (out - 1) : 0f);
    for (int i = 0; i < out; i++) {
      float pos = half ? (i + 0.5f) * scale - 0.5f : i * scale;
      float floor = (float) Math.floor(pos);
      int lo = Math.max((int) floor, 0);
      int hi = Math.min((int) Math.ceil(pos), in - 1);
      lower[i] = Math.min(lo, in - 1);
      upper[i] = Math.max(hi, 0);
      lerp[i] = pos - floor;
    }
  }
}
