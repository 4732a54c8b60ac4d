package dev.detect.train.ssd;

import static dev.detect.train.ssd.TargetAssigner.IGNORED;
import static dev.detect.train.ssd.TargetAssigner.UNMATCHED;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * The {@code argmax_matcher} and target assignment. IoUs are chosen as exact binary fractions so
 * the thresholds are hit exactly.
 */
class TargetAssignerTest {
  /** Anchors given by corners, as the assigner wants them: ycenter, xcenter, h, w. */
  static float[][] anchors(float[]... corners) {
    float[][] out = new float[corners.length][];
    for (int i = 0; i < corners.length; i++) {
      float[] c = corners[i];
      out[i] = new float[] {(c[0] + c[2]) / 2, (c[1] + c[3]) / 2, c[2] - c[0], c[3] - c[1]};
    }
    return out;
  }

  /**
   * Against the ground truth [0, 0, 1, 1] (the whole image) each anchor inside it has IoU = its
   * area: 0.75, 0.5, 0.25, 0.625, 0.375.
   */
  static final float[][] NESTED =
      anchors(
          new float[] {0, 0, 1, 0.75f},
          new float[] {0, 0, 1, 0.5f},
          new float[] {0, 0, 1, 0.25f},
          new float[] {0, 0, 1, 0.625f},
          new float[] {0, 0, 1, 0.375f});

  static final float[][] WHOLE = {{0, 0, 1, 1}};

  static TargetAssigner assigner(float[][] anchors, TargetAssigner.Matcher m) {
    return new TargetAssigner(anchors, BoxCoder.defaults(), m);
  }

  @Test
  void thresholds_matchAtOrAboveMatched_backgroundBelowUnmatched_ignoredBetween() {
    var m = new TargetAssigner.Matcher(0.625, 0.375, false, true, false);
    var t = assigner(NESTED, m).assign(WHOLE, new int[] {3}, null);
    // 0.75 >= .625 match; 0.5 between; 0.25 < .375 background; 0.625 == matched -> match;
    // 0.375 == unmatched is not below it -> between -> ignored
    assertArrayEquals(new int[] {0, IGNORED, UNMATCHED, 0, IGNORED}, t.matches());
    assertArrayEquals(new int[] {3, 0, 0, 3, 0}, t.classes());
    assertArrayEquals(new float[] {1, 0, 1, 1, 0}, t.classWeights());
    assertArrayEquals(new float[] {1, 0, 0, 1, 0}, t.regressionWeights());
    assertEquals(2, t.numMatched());
  }

  @Test
  void negativesLowerThanUnmatchedFalse_swapsBackgroundAndIgnored() {
    var m = new TargetAssigner.Matcher(0.625, 0.375, false, false, false);
    var t = assigner(NESTED, m).assign(WHOLE, new int[] {1}, null);
    // below unmatched -> ignored (-2); between -> background (-1)
    assertArrayEquals(new int[] {0, UNMATCHED, IGNORED, 0, UNMATCHED}, t.matches());
    assertArrayEquals(new float[] {1, 1, 0, 1, 1}, t.classWeights());
  }

  @Test
  void ignoreThresholds_matchesEveryAnchorToItsBestBox() {
    var m = new TargetAssigner.Matcher(0.5, 0.5, true, true, false);
    var t = assigner(NESTED, m).assign(WHOLE, new int[] {2}, null);
    assertArrayEquals(new int[] {0, 0, 0, 0, 0}, t.matches());
    assertEquals(5, t.numMatched());
  }

  @Test
  void forceMatch_givesAPoorlyOverlappingBoxItsBestAnchor() {
    // GT [0, 0, .2, .2] (area .04). IoU with A0 [0,0,.4,.4] = .04/.16 = .25,
    // with A1 [.5,.5,1,1] = 0, with A2 [0,0,.2,.5] = .04/.1 = .4: all below 0.5.
    float[][] a =
        anchors(
            new float[] {0, 0, .4f, .4f},
            new float[] {.5f, .5f, 1, 1},
            new float[] {0, 0, .2f, .5f});
    float[][] gt = {{0, 0, .2f, .2f}};
    var plain = assigner(a, new TargetAssigner.Matcher(0.5, 0.5, false, true, false));
    assertArrayEquals(
        new int[] {UNMATCHED, UNMATCHED, UNMATCHED},
        plain.assign(gt, new int[] {1}, null).matches());
    var forced = assigner(a, TargetAssigner.Matcher.defaults()).assign(gt, new int[] {1}, null);
    assertArrayEquals(new int[] {UNMATCHED, UNMATCHED, 0}, forced.matches());
    assertEquals(1, forced.numMatched());
    assertArrayEquals(new int[] {0, 0, 1}, forced.classes());
  }

  @Test
  void forceMatch_twoBoxesWantingTheSameAnchor_firstBoxWins() {
    float[][] a = anchors(new float[] {0, 0, .5f, .5f}, new float[] {.5f, .5f, 1, 1});
    // both boxes overlap only anchor 0 (IoU .0625/.25 = .25 and .015625/.25 = .0625)
    float[][] gt = {{0, 0, .25f, .25f}, {0, 0, .125f, .125f}};
    var t = assigner(a, TargetAssigner.Matcher.defaults()).assign(gt, new int[] {1, 2}, null);
    assertArrayEquals(new int[] {0, UNMATCHED}, t.matches());
  }

  @Test
  void forceMatch_overridesAThresholdMatchOfAnotherBox() {
    // Boxes spanning y 0..1, so IoU = x-overlap / x-union. A0 x [0, .5], A1 x [0, .4].
    // box0 x [0, .4]: IoU A0 .8, A1 1.0.  box1 x [.2, .5]: IoU A0 .6, A1 .4.
    float[][] a = anchors(new float[] {0, 0, 1, .5f}, new float[] {0, 0, 1, .4f});
    float[][] gt = {{0, 0, 1, .4f}, {0, .2f, 1, .5f}};
    var plain = assigner(a, new TargetAssigner.Matcher(0.5, 0.5, false, true, false));
    // per anchor the argmax: both anchors prefer box0
    assertArrayEquals(new int[] {0, 0}, plain.assign(gt, new int[] {1, 2}, null).matches());
    // forced: box0 takes its best A1, box1 its best A0 (replacing box0 there)
    var t = assigner(a, TargetAssigner.Matcher.defaults()).assign(gt, new int[] {1, 2}, null);
    assertArrayEquals(new int[] {1, 0}, t.matches());
    assertArrayEquals(new int[] {2, 1}, t.classes());
  }

  @Test
  void noGroundTruth_everyAnchorIsBackground() {
    var t =
        assigner(NESTED, TargetAssigner.Matcher.defaults())
            .assign(new float[0][], new int[0], null);
    assertArrayEquals(
        new int[] {UNMATCHED, UNMATCHED, UNMATCHED, UNMATCHED, UNMATCHED}, t.matches());
    assertArrayEquals(new int[5], t.classes());
    assertArrayEquals(new float[] {1, 1, 1, 1, 1}, t.classWeights());
    assertArrayEquals(new float[5], t.regressionWeights());
    assertArrayEquals(new float[20], t.regression());
    assertEquals(0, t.numMatched());
  }

  @Test
  void boxWeights_becomeClassAndRegressionWeightsOfMatchedAnchors() {
    var m = new TargetAssigner.Matcher(0.625, 0.375, false, true, false);
    var t = assigner(NESTED, m).assign(WHOLE, new int[] {2}, new float[] {0.25f});
    // matched: the box weight; background: class weight 1, no regression; ignored: nothing
    assertArrayEquals(new float[] {.25f, 0, 1, .25f, 0}, t.classWeights());
    assertArrayEquals(new float[] {.25f, 0, 0, .25f, 0}, t.regressionWeights());
  }

  @Test
  void regressionTargets_areTheBoxCoderEncodingOfTheMatchedBox() {
    float[][] a =
        anchors(
            new float[] {.1f, .1f, .5f, .5f},
            new float[] {.4f, .4f, .9f, .8f},
            new float[] {0, .6f, .2f, 1});
    float[][] gt = {{.12f, .1f, .5f, .45f}, {.45f, .35f, .95f, .8f}};
    var t = assigner(a, TargetAssigner.Matcher.defaults()).assign(gt, new int[] {1, 2}, null);
    assertArrayEquals(new int[] {0, 1, UNMATCHED}, t.matches());
    for (int i = 0; i < 2; i++) {
      float[] expected = new float[4];
      float[] b = gt[t.matches()[i]];
      BoxCoder.defaults().encode(a[i], b[0], b[1], b[2], b[3], expected, 0);
      float[] actual = new float[4];
      System.arraycopy(t.regression(), i * 4, actual, 0, 4);
      assertArrayEquals(expected, actual);
    }
    float[] unmatched = new float[4];
    System.arraycopy(t.regression(), 8, unmatched, 0, 4);
    assertArrayEquals(new float[4], unmatched);
  }
}
