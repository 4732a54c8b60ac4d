package dev.detect.train.input.augment;

/**
 * In-place pixel kernels matching TensorFlow's {@code adjust_brightness}, {@code adjust_contrast},
 * {@code adjust_saturation}, {@code adjust_hue} and {@code rgb_to_grayscale} on RGB HWC floats in
 * [0, 255], each followed by the OD API's clip to [0, 255]. HSV arithmetic is scale-free, so it
 * runs on [0, 255] values directly (the OD API divides by 255 and multiplies back).
 */
final class ColorKernels {
  private ColorKernels() {}

  /** Per-channel means, as the pad colour and contrast use them. */
  static float[] channelMeans(float[] p) {
    double r = 0;
    double g = 0;
    double b = 0;
    for (int i = 0; i < p.length; i += 3) {
      r += p[i];
      g += p[i + 1];
      b += p[i + 2];
    }
    int n = p.length / 3;
    return new float[] {(float) (r / n), (float) (g / n), (float) (b / n)};
  }

  /** {@code x + delta}, clipped; {@code delta} in [0, 255] units. */
  static void brightness(float[] p, float delta) {
    for (int i = 0; i < p.length; i++) {
      p[i] = Rand.clamp255(p[i] + delta);
    }
  }

  /** {@link #brightness} and then {@link #channelMeans} of the result, in one pass. */
  static float[] brightnessAndMeans(float[] p, float delta) {
    double r = 0;
    double g = 0;
    double b = 0;
    for (int i = 0; i < p.length; i += 3) {
      r += p[i] = Rand.clamp255(p[i] + delta);
      g += p[i + 1] = Rand.clamp255(p[i + 1] + delta);
      b += p[i + 2] = Rand.clamp255(p[i + 2] + delta);
    }
    int n = p.length / 3;
    return new float[] {(float) (r / n), (float) (g / n), (float) (b / n)};
  }

  /** {@code (x - mean) * factor + mean} per channel, clipped. */
  static void contrast(float[] p, float factor) {
    contrast(p, factor, channelMeans(p));
  }

  static void contrast(float[] p, float factor, float[] means) {
    float mr = means[0];
    float mg = means[1];
    float mb = means[2];
    for (int i = 0; i < p.length; i += 3) {
      p[i] = Rand.clamp255((p[i] - mr) * factor + mr);
      p[i + 1] = Rand.clamp255((p[i + 1] - mg) * factor + mg);
      p[i + 2] = Rand.clamp255((p[i + 2] - mb) * factor + mb);
    }
  }

  /** Luma {@code 0.2989 R + 0.5870 G + 0.1140 B} in all three channels. */
  static void gray(float[] p) {
    for (int i = 0; i < p.length; i += 3) {
      float v = Rand.clamp255(0.2989f * p[i] + 0.5870f * p[i + 1] + 0.1140f * p[i + 2]);
      p[i] = v;
      p[i + 1] = v;
      p[i + 2] = v;
    }
  }

  /**
   * Saturation times {@code satFactor} (clipped to [0, 1]) and hue plus {@code hueDelta} (a
   * fraction of the colour circle, wrapped), in one HSV round trip per pixel.
   */
  static void saturationHue(float[] p, float satFactor, float hueDelta) {
    for (int i = 0; i < p.length; i += 3) {
      saturationHue(p, i, satFactor, hueDelta);
    }
  }

  /** One pixel of {@link #saturationHue(float[], float, float)}, TF's rgb_to_hsv / hsv_to_rgb. */
  static void saturationHue(float[] p, int i, float satFactor, float hueDelta) {
    float r = p[i];
    float g = p[i + 1];
    float b = p[i + 2];
    float v = Math.max(r, Math.max(g, b));
    float range = v - Math.min(r, Math.min(g, b));
    float s = v > 0 ? range / v : 0f;
    float h;
    if (range <= 0) {
      h = 0f;
    } else {
      float norm = 1f / (6f * range);
      if (r == v) {
        h = norm * (g - b);
      } else if (g == v) {
        h = norm * (b - r) + 2f / 6f;
      } else {
        h = norm * (r - g) + 4f / 6f;
      }
      if (h < 0) {
        h += 1f;
      }
    }
    s = Math.min(1f, Math.max(0f, s * satFactor));
    // Wrap into [0, 1): |hueDelta| <= 0.5 in every caller, so one step suffices (floor otherwise).
    h += hueDelta;
    if (h < 0f) {
      h += 1f;
    } else if (h >= 1f) {
      h -= 1f;
    }
    if (h < 0f || h >= 1f) {
      h -= (float) Math.floor(h);
    }
    float c = s * v;
    float m = v - c;
    float dh = h * 6f;
    int category = (int) dh;
    float fmodu = dh - 2 * (category >> 1);
    float x = c * (1f - Math.abs(fmodu - 1f));
    float rr;
    float gg;
    float bb;
    switch (category) {
      case 0 -> {
        rr = c;
        gg = x;
        bb = 0;
      }
      case 1 -> {
        rr = x;
        gg = c;
        bb = 0;
      }
      case 2 -> {
        rr = 0;
        gg = c;
        bb = x;
      }
      case 3 -> {
        rr = 0;
        gg = x;
        bb = c;
      }
      case 4 -> {
        rr = x;
        gg = 0;
        bb = c;
      }
      case 5 -> {
        rr = c;
        gg = 0;
        bb = x;
      }
      default -> {
        rr = 0;
        gg = 0;
        bb = 0;
      }
    }
    p[i] = Rand.clamp255(rr + m);
    p[i + 1] = Rand.clamp255(gg + m);
    p[i + 2] = Rand.clamp255(bb + m);
  }
}
