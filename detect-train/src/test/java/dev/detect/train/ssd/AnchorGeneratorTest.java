package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The OD API's {@code create_ssd_anchors} + {@code MultipleGridAnchorGenerator}, with every
 * expected value computed by hand from {@code multiple_grid_anchor_generator.py} and {@code
 * grid_anchor_generator.tile_anchors}.
 */
class AnchorGeneratorTest {
  static final double EPS = 1e-6;

  /** The ssd_mobilenet_v2 feature maps at 300x300: 19, 10, 5, 3, 2, 1. */
  static final List<int[]> MAPS_300 = squares(19, 10, 5, 3, 2, 1);

  static List<int[]> squares(int... sizes) {
    List<int[]> out = new ArrayList<>();
    for (int s : sizes) {
      out.add(new int[] {s, s});
    }
    return out;
  }

  static AnchorGenerator defaults() {
    return new AnchorGenerator(AnchorGenerator.Settings.defaults());
  }

  static void assertAnchor(float[] a, double yc, double xc, double h, double w) {
    assertEquals(yc, a[0], EPS, "ycenter");
    assertEquals(xc, a[1], EPS, "xcenter");
    assertEquals(h, a[2], EPS, "height");
    assertEquals(w, a[3], EPS, "width");
  }

  @Test
  void ssdMobilenetV2At300_gives1917Anchors() {
    // 19*19*3 + (10*10 + 5*5 + 3*3 + 2*2 + 1*1) * 6 = 1083 + 139 * 6 = 1083 + 834 = 1917
    assertEquals(1917, defaults().generate(MAPS_300, 300, 300).length);
    assertArrayEquals(new int[] {3, 6, 6, 6, 6, 6}, defaults().anchorsPerLocation());
  }

  @Test
  void at320_gives2034Anchors() {
    // 20*20*3 + 139 * 6 = 1200 + 834
    assertEquals(2034, defaults().generate(squares(20, 10, 5, 3, 2, 1), 320, 320).length);
  }

  @Test
  void lowestLayer_isReducedTo01At1_sAt2_sAtHalf() {
    float[][] a = defaults().generate(MAPS_300, 300, 300);
    // layer 0 scale 0.2; first cell (y 0, x 0): centre 0.5 / 19.
    double c = 0.5 / 19;
    assertAnchor(a[0], c, c, 0.1, 0.1);
    // (0.2, ratio 2): h = 0.2 / sqrt(2), w = 0.2 * sqrt(2)
    assertAnchor(a[1], c, c, 0.2 / Math.sqrt(2), 0.2 * Math.sqrt(2));
    // (0.2, ratio 0.5): h = 0.2 / sqrt(0.5), w = 0.2 * sqrt(0.5)
    assertAnchor(a[2], c, c, 0.2 / Math.sqrt(0.5), 0.2 * Math.sqrt(0.5));
  }

  @Test
  void order_isRowThenColumnThenSpec() {
    float[][] a = defaults().generate(MAPS_300, 300, 300);
    // layer 0, y 1, x 2, spec 1: index (1 * 19 + 2) * 3 + 1 = 64, centre ((1 + .5)/19, (2 + .5)/19)
    assertAnchor(a[64], 1.5 / 19, 2.5 / 19, 0.2 / Math.sqrt(2), 0.2 * Math.sqrt(2));
    // layer 0, y 0, x 1, spec 0: index 3 (x moves before y)
    assertAnchor(a[3], 0.5 / 19, 1.5 / 19, 0.1, 0.1);
    // last of layer 0: y 18, x 18, spec 2: index 1082
    assertAnchor(a[1082], 18.5 / 19, 18.5 / 19, 0.2 / Math.sqrt(0.5), 0.2 * Math.sqrt(0.5));
  }

  @Test
  void scales_areLinearFrom02To095_withInterpolatedAnchor() {
    float[][] a = defaults().generate(MAPS_300, 300, 300);
    // scales: 0.2 + (0.95 - 0.2) * i / 5 = 0.2, 0.35, 0.5, 0.65, 0.8, 0.95, then 1.0 appended.
    double[] scales = {0.2, 0.35, 0.5, 0.65, 0.8, 0.95, 1.0};
    int[] grids = {19, 10, 5, 3, 2, 1};
    double[] ratios = {1.0, 2.0, 0.5, 3.0, 1.0 / 3};
    int offset = 19 * 19 * 3;
    for (int layer = 1; layer < 6; layer++) {
      double s = scales[layer];
      double c = 0.5 / grids[layer];
      for (int r = 0; r < 5; r++) {
        // h = s / sqrt(r), w = s * sqrt(r)
        assertAnchor(a[offset + r], c, c, s / Math.sqrt(ratios[r]), s * Math.sqrt(ratios[r]));
      }
      // the interpolated anchor sqrt(s_k * s_k+1) at ratio 1
      double interpolated = Math.sqrt(s * scales[layer + 1]);
      assertAnchor(a[offset + 5], c, c, interpolated, interpolated);
      offset += grids[layer] * grids[layer] * 6;
    }
    assertEquals(1917, offset);
  }

  @Test
  void layer1Cell_hasCentreAtHalfCellAndScale035() {
    float[][] a = defaults().generate(MAPS_300, 300, 300);
    // layer 1 starts at 1083; y 3, x 4, spec 3 (ratio 3): 1083 + (3 * 10 + 4) * 6 + 3 = 1290
    assertAnchor(a[1290], 0.35, 0.45, 0.35 / Math.sqrt(3), 0.35 * Math.sqrt(3));
    // the last anchor: 1x1 map, the interpolated sqrt(0.95 * 1.0) box centred in the image
    assertAnchor(a[1916], 0.5, 0.5, Math.sqrt(0.95), Math.sqrt(0.95));
  }

  @Test
  void nonSquareInput_scalesBaseAnchorByMinDimension() {
    // H 300, W 600: min 300; base height 300/300 * 1 = 1, base width 300/600 * 1 = 0.5.
    List<int[]> maps = new ArrayList<>();
    int[][] sizes = {{19, 38}, {10, 19}, {5, 10}, {3, 5}, {2, 3}, {1, 2}};
    for (int[] s : sizes) {
      maps.add(s);
    }
    float[][] a = defaults().generate(maps, 300, 600);
    // 19*38*3 + (10*19 + 5*10 + 3*5 + 2*3 + 1*2) * 6 = 2166 + 263 * 6 = 3744
    assertEquals(3744, a.length);
    assertAnchor(a[0], 0.5 / 19, 0.5 / 38, 0.1, 0.05);
    assertAnchor(a[1], 0.5 / 19, 0.5 / 38, 0.2 / Math.sqrt(2), 0.5 * 0.2 * Math.sqrt(2));
    // layer 0, y 0, x 37: index 37 * 3, centre x 37.5 / 38
    assertAnchor(a[111], 0.5 / 19, 37.5 / 38, 0.1, 0.05);
    // Portrait: H 600, W 300: base height 0.5, width 1.
    float[][] p = defaults().generate(squares(19, 10, 5, 3, 2, 1), 600, 300);
    assertAnchor(p[2], 0.5 / 19, 0.5 / 19, 0.5 * 0.2 / Math.sqrt(0.5), 0.2 * Math.sqrt(0.5));
  }

  @Test
  void explicitScales_baseAnchorSize_andNoReduction() {
    AnchorGenerator g =
        new AnchorGenerator(
            new AnchorGenerator.Settings(
                2, 0.2, 0.95, List.of(0.3, 0.6), List.of(1.0, 2.0), 0.0, false, 2.0, 1.0));
    assertArrayEquals(new int[] {2, 2}, g.anchorsPerLocation());
    float[][] a = g.generate(squares(2, 1), 100, 100);
    assertEquals(2 * 2 * 2 + 2, a.length);
    // layer 0 is not reduced: (0.3, 1) with base height 2 -> h 0.6, w 0.3
    assertAnchor(a[0], 0.25, 0.25, 0.6, 0.3);
    assertAnchor(a[1], 0.25, 0.25, 2 * 0.3 / Math.sqrt(2), 0.3 * Math.sqrt(2));
    // layer 1 uses the explicit 0.6, not min/max; no interpolated anchor
    assertAnchor(a[8], 0.5, 0.5, 1.2, 0.6);
  }

  @Test
  void tinyPresetRatios_giveFourPerLocationAndThreeInTheLowest() {
    AnchorGenerator g =
        new AnchorGenerator(
            new AnchorGenerator.Settings(
                6, 0.2, 0.95, List.of(), List.of(1.0, 2.0, 0.5), 1.0, true, 1.0, 1.0));
    assertArrayEquals(new int[] {3, 4, 4, 4, 4, 4}, g.anchorsPerLocation());
    // 160x160: maps 10, 5, 3, 2, 1, 1 -> 100 * 3 + (25 + 9 + 4 + 1 + 1) * 4 = 460
    assertEquals(460, g.generate(squares(10, 5, 3, 2, 1, 1), 160, 160).length);
  }

  @Test
  void wrongNumberOfFeatureMaps_isRefused() {
    assertThrows(
        IllegalArgumentException.class, () -> defaults().generate(squares(19, 10), 300, 300));
    assertThrows(
        IllegalArgumentException.class,
        () ->
            new AnchorGenerator.Settings(
                3, 0.2, 0.95, List.of(0.1, 0.2), List.of(1.0), 1.0, true, 1.0, 1.0));
  }
}
