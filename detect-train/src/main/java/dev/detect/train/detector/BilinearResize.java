package dev.detect.train.detector;

/**
 * Bilinear resizing of interleaved RGB bytes, computed as TensorFlow's {@code ResizeBilinear} with
 * its defaults ({@code align_corners=false}, {@code half_pixel_centers=false}, the TF1 behaviour
 * that OD API graphs use inside): source coordinate {@code y · inHeight / outHeight} in float,
 * neighbours {@code floor} and {@code ceil} of it, the same float interpolation order; each result
 * rounded half to even, as {@code tf.round}, into a byte. For models whose {@code image_tensor} has
 * a fixed size.
 */
final class BilinearResize {
  private BilinearResize() {}

  /**
   * {@code src} ({@code height · width · 3} RGB bytes, row by row) resized to {@code outHeight ×
   * outWidth}.
   */
  static byte[] resize(byte[] src, int height, int width, int outHeight, int outWidth) {
    if (src.length != (long) height * width * 3) {
      throw new IllegalArgumentException(
          "src holds " + src.length + " bytes, not " + height + " x " + width + " x 3");
    }
    byte[] out = new byte[outHeight * outWidth * 3];
    if (height == outHeight && width == outWidth) {
      System.arraycopy(src, 0, out, 0, src.length);
      return out;
    }
    float yScale = (float) height / outHeight;
    float xScale = (float) width / outWidth;
    int[] x0 = new int[outWidth];
    int[] x1 = new int[outWidth];
    float[] xLerp = new float[outWidth];
    for (int x = 0; x < outWidth; x++) {
      float in = x * xScale;
      float floor = (float) Math.floor(in);
      x0[x] = 3 * Math.max((int) floor, 0);
      x1[x] = 3 * Math.min((int) Math.ceil(in), width - 1);
      xLerp[x] = in - floor;
    }
    int o = 0;
    for (int y = 0; y < outHeight; y++) {
      float in = y * yScale;
      float floor = (float) Math.floor(in);
      int top = Math.max((int) floor, 0) * width * 3;
      int bottom = Math.min((int) Math.ceil(in), height - 1) * width * 3;
      float yLerp = in - floor;
      for (int x = 0; x < outWidth; x++) {
        for (int c = 0; c < 3; c++) {
          float tl = src[top + x0[x] + c] & 0xff;
          float tr = src[top + x1[x] + c] & 0xff;
          float bl = src[bottom + x0[x] + c] & 0xff;
          float br = src[bottom + x1[x] + c] & 0xff;
          float t = tl + (tr - tl) * xLerp[x];
          float b = bl + (br - bl) * xLerp[x];
          out[o++] = (byte) (int) Math.rint(t + (b - t) * yLerp);
        }
      }
    }
    return out;
  }

  /** Decoded pixels ({@code float} RGB, 0–255), each rounded to the nearest byte. */
  static byte[] bytes(float[] pixels) {
    byte[] out = new byte[pixels.length];
    for (int i = 0; i < pixels.length; i++) {
      out[i] = (byte) Math.round(pixels[i]);
    }
    return out;
  }
}
