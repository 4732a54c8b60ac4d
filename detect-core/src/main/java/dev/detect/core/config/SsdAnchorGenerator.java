package dev.detect.core.config;

import java.util.List;

/**
 * {@code anchor_generator.ssd_anchor_generator} (ssd_anchor_generator.proto) with its defaults.
 *
 * <p>{@link #aspectRatios()} is the list as written. The OD API builder passes it unchanged to
 * {@code create_ssd_anchors} (the Python default {@code (1.0, 2.0, 3.0, 1/2, 1/3)} applies only to
 * direct Python callers), so an empty list really means: layer 0 keeps its three fixed boxes, other
 * layers get only the interpolated-scale anchor.
 *
 * @param numLayers number of feature maps (default 6)
 * @param minScale anchor scale of the lowest layer, a fraction of the image size (default 0.2)
 * @param maxScale anchor scale of the highest layer, a fraction of the image size (default 0.95)
 * @param scales explicit per-layer scales overriding min/max (empty: computed)
 * @param aspectRatios aspect ratios (width/height) per location, as written
 * @param interpolatedScaleAspectRatio ratio of the extra anchor at sqrt(s_k·s_k+1); 0 disables it
 *     (default 1.0)
 * @param reduceBoxesInLowestLayer layer 0 uses 3 fixed boxes (default true)
 * @param baseAnchorHeight base anchor height, multiplied by the scale (default 1.0)
 * @param baseAnchorWidth base anchor width, multiplied by the scale (default 1.0)
 * @param heightStride per-layer anchor strides in pixels (empty: derived from the feature maps)
 * @param widthStride per-layer anchor strides in pixels
 * @param heightOffset per-layer anchor offsets in pixels (empty: half the stride)
 * @param widthOffset per-layer anchor offsets in pixels
 */
public record SsdAnchorGenerator(
    int numLayers,
    double minScale,
    double maxScale,
    List<Double> scales,
    List<Double> aspectRatios,
    double interpolatedScaleAspectRatio,
    boolean reduceBoxesInLowestLayer,
    double baseAnchorHeight,
    double baseAnchorWidth,
    List<Integer> heightStride,
    List<Integer> widthStride,
    List<Integer> heightOffset,
    List<Integer> widthOffset) {

  /** Copies the lists. */
  public SsdAnchorGenerator {
    scales = List.copyOf(scales);
    aspectRatios = List.copyOf(aspectRatios);
    heightStride = List.copyOf(heightStride);
    widthStride = List.copyOf(widthStride);
    heightOffset = List.copyOf(heightOffset);
    widthOffset = List.copyOf(widthOffset);
  }
}
