package dev.detect.train.input;

import dev.detect.train.input.augment.Geometry;

/**
 * A decoded example as the input pipeline keeps it between epochs: its pixels as bytes when every
 * value is a whole number in {@code 0..255} (what 8-bit JPEG and PNG images decode to), a quarter
 * of the memory of floats, so the decoded cache holds four times as many images and the resize
 * reads a quarter of the bytes; otherwise (16-bit, CMYK) the float example itself. Read-only: the
 * pipeline never changes its arrays.
 */
final class CachedExample {
  /** The float form, or null when the pixels are held as {@link #bytes}. */
  private final ImageBoxes floats;

  private final byte[] bytes;
  private final Geometry.Layout layout;
  private final String source;

  private CachedExample(ImageBoxes floats, byte[] bytes, Geometry.Layout layout, String source) {
    this.floats = floats;
    this.bytes = bytes;
    this.layout = layout;
    this.source = source;
  }

  /** {@code x} as bytes when its pixels allow it exactly, else {@code x} itself. */
  static CachedExample compact(ImageBoxes x) {
    float[] px = x.pixels();
    byte[] b = new byte[px.length];
    for (int i = 0; i < px.length; i++) {
      float v = px[i];
      int iv = (int) v;
      if (iv != v || iv < 0 || iv > 255 || Float.floatToRawIntBits(v) == 0x80000000) {
        return of(x); // not a byte (or -0.0, which a byte would turn into +0.0)
      }
      b[i] = (byte) iv;
    }
    return new CachedExample(null, b, Geometry.Layout.of(x), x.source());
  }

  /** RGB HWC bytes of the image {@code layout} describes (arrays not copied). */
  static CachedExample ofBytes(byte[] rgb, Geometry.Layout layout, String source) {
    if (rgb.length != layout.height() * layout.width() * 3) {
      throw new IllegalArgumentException(
          rgb.length + " bytes for a " + layout.height() + "x" + layout.width() + " RGB image");
    }
    return new CachedExample(null, rgb, layout, java.util.Objects.requireNonNull(source));
  }

  /** {@code x} as it is (floats). */
  static CachedExample of(ImageBoxes x) {
    return new CachedExample(x, null, Geometry.Layout.of(x), x.source());
  }

  /** Size and objects (the cached arrays: do not change them). */
  Geometry.Layout layout() {
    return layout;
  }

  int height() {
    return layout.height();
  }

  int width() {
    return layout.width();
  }

  /** Where the example came from, for messages. */
  String source() {
    return source;
  }

  /** Whether the pixels are held as bytes. */
  boolean isCompact() {
    return bytes != null;
  }

  /**
   * Resizes the window {@code view} selects (in this example's pixels) to {@code outHeight ×
   * outWidth} into {@code dst} at {@code offset}.
   */
  void resize(
      Geometry view,
      int outHeight,
      int outWidth,
      Resize.Convention convention,
      float[] dst,
      int offset) {
    Resize.window(
        floats == null ? null : floats.pixels(),
        bytes,
        width(),
        view,
        outHeight,
        outWidth,
        convention,
        dst,
        offset);
  }

  /**
   * The example with float pixels: for the float form the cached instance itself (shared: copy it
   * before changing it), for bytes a new one with arrays of its own.
   */
  ImageBoxes example() {
    if (floats != null) {
      return floats;
    }
    float[] px = new float[bytes.length];
    for (int i = 0; i < px.length; i++) {
      px[i] = bytes[i] & 0xff;
    }
    Labels own = Labels.copyOf(layout, source);
    return ImageBoxes.of(
        px, layout.height(), layout.width(), own.boxes(), own.classes(), own.weights(), source);
  }

  /** Approximate memory held, for the cache's budget. */
  long bytes() {
    long pixels = bytes != null ? bytes.length : 4L * floats.pixels().length;
    return pixels + 64L * layout.boxes().length + 128;
  }
}
