package dev.detect.train.ssd;

import java.util.List;

/**
 * The anchors of an SSD model, in the order its box predictor emits predictions: feature map, grid
 * row, grid column, box of the cell. Rows are {@code ycenter, xcenter, height, width}, normalized.
 */
public interface SsdAnchors {
  /** The number of anchors per grid cell of each feature map. */
  int[] anchorsPerLocation();

  /**
   * The anchors for feature maps of the given sizes.
   *
   * @param featureMapSizes {@code [height, width]} of each feature map
   * @param imageHeight model input height in pixels
   * @param imageWidth model input width in pixels
   */
  float[][] generate(List<int[]> featureMapSizes, int imageHeight, int imageWidth);

  /** The anchor generator {@code spec} describes. */
  static SsdAnchors of(SsdSpec spec) {
    return spec.fpn() != null
        ? new MultiscaleAnchorGenerator(spec.fpn().anchors())
        : new AnchorGenerator(spec.anchors());
  }
}
