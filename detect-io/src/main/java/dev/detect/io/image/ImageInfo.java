package dev.detect.io.image;

import java.util.Objects;

/**
 * What an image file's header says, read without decoding the pixels.
 *
 * @param format the sniffed container format
 * @param width stored width in pixels (before any EXIF rotation)
 * @param height stored height in pixels (before any EXIF rotation)
 * @param channels colour components stored: 1 grayscale, 2 gray+alpha, 3 colour, 4 colour+alpha or
 *     CMYK
 * @param exifOrientation the EXIF orientation tag (1 = upright; 2..8 = flipped/rotated), 1 when
 *     absent
 */
public record ImageInfo(
    ImageFormat format, int width, int height, int channels, int exifOrientation) {

  /** Validates the values. */
  public ImageInfo {
    Objects.requireNonNull(format, "format");
    if (width <= 0 || height <= 0) {
      throw new IllegalArgumentException(
          "image size must be positive, got " + width + "x" + height);
    }
  }

  /** The number of pixels, {@code width × height}. */
  public long pixels() {
    return (long) width * height;
  }

  /**
   * True when the EXIF orientation swaps width and height (orientations 5 to 8): the size a viewer
   * (and labelImg ≥ 1.8.4) shows is then {@code height × width}.
   */
  public boolean orientationSwapsAxes() {
    return exifOrientation >= 5 && exifOrientation <= 8;
  }
}
