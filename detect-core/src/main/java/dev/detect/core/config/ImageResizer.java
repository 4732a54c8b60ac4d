package dev.detect.core.config;

import java.util.Objects;

/**
 * {@code image_resizer}: how images are resized before the network. Fields that do not apply to
 * {@link #kind()} hold the proto defaults of the other variant.
 *
 * @param kind which resizer
 * @param variant the proto field name of the resizer ({@code fixed_shape_resizer}, {@code
 *     identity_resizer}, …; empty when absent)
 * @param height fixed_shape_resizer height in pixels (default 300)
 * @param width fixed_shape_resizer width in pixels (default 300)
 * @param minDimension keep_aspect_ratio_resizer min_dimension in pixels (default 600)
 * @param maxDimension keep_aspect_ratio_resizer max_dimension in pixels (default 1024)
 * @param padToMaxDimension keep_aspect_ratio_resizer pad_to_max_dimension (default false)
 * @param resizeMethod the interpolation (default BILINEAR)
 * @param convertToGrayscale convert_to_grayscale (default false)
 */
public record ImageResizer(
    Kind kind,
    String variant,
    int height,
    int width,
    int minDimension,
    int maxDimension,
    boolean padToMaxDimension,
    ResizeMethod resizeMethod,
    boolean convertToGrayscale) {

  /** The resizer variant. */
  public enum Kind {
    /** {@code fixed_shape_resizer}: every image becomes height x width. */
    FIXED_SHAPE,
    /** {@code keep_aspect_ratio_resizer}: the shorter side min_dimension, longer at most max. */
    KEEP_ASPECT_RATIO,
    /** Another resizer (identity, conditional_shape, pad_to_multiple). */
    OTHER,
    /** No image_resizer block. */
    NONE
  }

  /** {@code ResizeType} of image_resizer.proto, in proto number order. */
  public enum ResizeMethod {
    /** 0, the default. */
    BILINEAR,
    /** 1. */
    NEAREST_NEIGHBOR,
    /** 2. */
    BICUBIC,
    /** 3. */
    AREA
  }

  /** Checks for nulls. */
  public ImageResizer {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(variant, "variant");
    Objects.requireNonNull(resizeMethod, "resizeMethod");
  }
}
