package dev.detect.core.config;

import java.util.List;

/**
 * {@code anchor_generator.multiscale_anchor_generator} (multiscale_anchor_generator.proto) with its
 * defaults: per pyramid level {@code l} a grid with stride {@code 2^l} and, per cell, one anchor
 * for each aspect ratio and octave scale, of base size {@code anchor_scale * 2^l} pixels.
 *
 * @param minLevel the finest level (default 3)
 * @param maxLevel the coarsest level (default 7)
 * @param anchorScale the base anchor size as a multiple of the level's stride (default 4.0)
 * @param aspectRatios width/height ratios per location, as written
 * @param scalesPerOctave intermediate scales per level: {@code 2^(i / scales_per_octave)} (default
 *     2)
 * @param normalizeCoordinates anchors in normalized coordinates (default true)
 */
public record MultiscaleAnchorGenerator(
    int minLevel,
    int maxLevel,
    double anchorScale,
    List<Double> aspectRatios,
    int scalesPerOctave,
    boolean normalizeCoordinates) {

  /** Copies the list. */
  public MultiscaleAnchorGenerator {
    aspectRatios = List.copyOf(aspectRatios);
  }
}
