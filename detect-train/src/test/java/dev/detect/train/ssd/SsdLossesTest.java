package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.train.ssd.SsdSpec.ClassificationLoss;
import dev.detect.train.ssd.SsdSpec.HardExampleMining;
import dev.detect.train.ssd.SsdSpec.LossSpec;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The SSD losses on tiny constant inputs against values computed by hand (the numbers in the
 * comments come from the formulas next to them): 1 class (+ background), 3 anchors per image.
 */
class SsdLossesTest {
  static final double TOL = 1e-5;

  // One image, three anchors: a0 positive (class 1), a1 negative, a2 ignored (class weight 0).
  static final float[] LOGITS = {0.5f, 2f, -1f, 1f, 3f, 3f};
  static final int[] CLASSES = {1, 0, 0};
  static final float[] CLASS_W = {1, 1, 0};
  static final float[] BOX_W = {1, 0, 0};
  // a0 predicts [.5, -2, 0, 1.5] against target 0; a1 and a2 are far off but have box weight 0.
  static final float[] BOXES = {0.5f, -2f, 0f, 1.5f, 3, 3, 3, 3, 1, 1, 1, 1};
  static final float[] BOX_T = new float[12];

  /** log(1 + e^x). */
  static double softplus(double x) {
    return Math.log1p(Math.exp(x));
  }

  static double sigmoid(double x) {
    return 1 / (1 + Math.exp(-x));
  }

  static LossSpec spec(ClassificationLoss kind, boolean backgroundZeros) {
    return new LossSpec(kind, 2.0, 0.75, 1.0, 1.0, 1.0, 1.0, true, true, backgroundZeros, null);
  }

  /** Runs {@link SsdLosses#build} on constants; returns {classification, localization}. */
  static double[] run(
      LossSpec spec,
      int batch,
      int anchors,
      float[] logits,
      float[] boxes,
      int[] classes,
      float[] classWeights,
      float[] boxTargets,
      float[] boxWeights) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      SsdLosses.Losses l =
          SsdLosses.build(
              tf,
              spec,
              1,
              tf.constant(Shape.of(batch, anchors, 2), DataBuffers.of(logits)),
              tf.constant(Shape.of(batch, anchors, 4), DataBuffers.of(boxes)),
              tf.constant(Shape.of(batch, anchors), DataBuffers.of(classes)),
              tf.constant(Shape.of(batch, anchors), DataBuffers.of(classWeights)),
              tf.constant(Shape.of(batch, anchors, 4), DataBuffers.of(boxTargets)),
              tf.constant(Shape.of(batch, anchors), DataBuffers.of(boxWeights)));
      try (Result r = s.runner().fetch(l.classification()).fetch(l.localization()).run()) {
        return new double[] {((TFloat32) r.get(0)).getFloat(), ((TFloat32) r.get(1)).getFloat()};
      }
    }
  }

  static double[] run(LossSpec spec) {
    return run(spec, 1, 3, LOGITS, BOXES, CLASSES, CLASS_W, BOX_T, BOX_W);
  }

  @Test
  void sigmoid_withOneHotBackground() {
    // ce(x, z) = softplus(x) - x z, summed over [background, class 1]; one match -> / 1
    // a0 target [0, 1]: softplus(.5) + softplus(2) - 2 = .974077 + .126928 = 1.101005
    // a1 target [1, 0]: softplus(-1) + 1 + softplus(1) = 1.313262 * 2 = 2.626523
    // a2: weight 0.  Total 3.727528
    double expected = softplus(.5) + softplus(2) - 2 + softplus(-1) + 1 + softplus(1);
    assertEquals(3.727528, expected, 1e-6);
    assertEquals(expected, run(spec(ClassificationLoss.WEIGHTED_SIGMOID, false))[0], TOL);
  }

  @Test
  void sigmoid_withBackgroundEncodedAsZeros() {
    // a0 target [0, 1] as before: 1.101005; a1 target [0, 0]: softplus(-1) + softplus(1) = 1.626523
    double expected = softplus(.5) + softplus(-2) + softplus(-1) + softplus(1);
    assertEquals(2.727528, expected, 1e-6);
    assertEquals(expected, run(spec(ClassificationLoss.WEIGHTED_SIGMOID, true))[0], TOL);
  }

  @Test
  void focal_gamma2_alpha075() {
    // per entry (1 - pt)^2 * (z .75 + (1 - z) .25) * ce(x, z), p = sigmoid(x), pt = p or 1 - p
    // a0 col 0 (x .5, z 0):  p^2 .25 ce = .387455 * .25 * .974077 = .094353
    // a0 col 1 (x 2, z 1):   (1-p)^2 .75 ce = .014209 * .75 * .126928 = .001353
    // a1 col 0 (x -1, z 0):  .072329 * .25 * .313262 = .005665
    // a1 col 1 (x 1, z 0):   .534447 * .25 * 1.313262 = .175467      total .276837
    double expected =
        Math.pow(sigmoid(.5), 2) * .25 * softplus(.5)
            + Math.pow(1 - sigmoid(2), 2) * .75 * softplus(-2)
            + Math.pow(sigmoid(-1), 2) * .25 * softplus(-1)
            + Math.pow(sigmoid(1), 2) * .25 * softplus(1);
    assertEquals(0.276837, expected, 1e-6);
    assertEquals(expected, run(spec(ClassificationLoss.WEIGHTED_SIGMOID_FOCAL, true))[0], TOL);
  }

  @Test
  void softmax_overBackgroundAndClasses_withLogitScale() {
    // a0 target class 1: log(e^.5 + e^2) - 2 = .201413; a1 target background: log(e^-1 + e^1) + 1
    // = 2.126928; total 2.328341
    double lse0 = Math.log(Math.exp(.5) + Math.exp(2));
    double lse1 = Math.log(Math.exp(-1) + Math.exp(1));
    assertEquals(2.328341, lse0 - 2 + lse1 + 1, 1e-6);
    assertEquals(
        lse0 - 2 + lse1 + 1, run(spec(ClassificationLoss.WEIGHTED_SOFTMAX, false))[0], TOL);
    // logit_scale 2 divides the logits first: .386871 + 1.313262 = 1.700133
    LossSpec scaled =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SOFTMAX, 2, .75, 2.0, 1, 1, 1, true, true, false, null);
    double expected =
        Math.log(Math.exp(.25) + Math.exp(1)) - 1 + Math.log(Math.exp(-.5) + Math.exp(.5)) + .5;
    assertEquals(1.700133, expected, 1e-6);
    assertEquals(expected, run(scaled)[0], TOL);
  }

  @Test
  void smoothL1_delta1_normalizedByMatchesAndCodeSize() {
    // a0: |d| = .5, 2, 0, 1.5 -> .5 * .25 + (2 - .5) + 0 + (1.5 - .5) = .125 + 1.5 + 1 = 2.625
    // one match, code size 4: 2.625 / 4 = .65625 (a1, a2 have box weight 0)
    assertEquals(.65625, run(spec(ClassificationLoss.WEIGHTED_SIGMOID, true))[1], TOL);
    // delta .5: .5 d^2 for |d| <= .5 else .5 (|d| - .25): .125 + .875 + 0 + .625 = 1.625
    LossSpec delta =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SIGMOID, 2, .75, 1, .5, 1, 1, true, true, true, null);
    assertEquals(1.625 / 4, run(delta)[1], TOL);
  }

  @Test
  void weightsAndNormalizationFlags() {
    // no normalization by code size: 2.625; weights 3 (classification) and 2 (localization)
    LossSpec s =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SIGMOID, 2, .75, 1, 1, 3, 2, true, false, true, null);
    double[] r = run(s);
    assertEquals(3 * 2.727528, r[0], 1e-4);
    assertEquals(2 * 2.625, r[1], TOL);
    // weights of matched anchors scale their losses (box weight .5 also halves the normalizer's
    // count: max(.5, 1) = 1)
    double[] half =
        run(
            spec(ClassificationLoss.WEIGHTED_SIGMOID, true),
            1,
            3,
            LOGITS,
            BOXES,
            CLASSES,
            new float[] {.5f, 1, 0},
            BOX_T,
            new float[] {.5f, 0, 0});
    assertEquals(.5 * 1.101005 + 1.626523, half[0], TOL);
    assertEquals(.5 * 2.625 / 4, half[1], TOL);
  }

  @Test
  void normalizer_isTheNumberOfMatchesInTheBatch_atLeastOne() {
    // image 2: all logits 0, a0 and a1 positive, a2 negative: each anchor 2 ln 2 (both columns
    // have ce(0, z) = ln 2 with background as one-hot). Matches in the batch: 1 + 2 = 3.
    float[] logits = new float[12];
    System.arraycopy(LOGITS, 0, logits, 0, 6);
    float[] boxes = new float[24];
    System.arraycopy(BOXES, 0, boxes, 0, 12);
    double[] r =
        run(
            spec(ClassificationLoss.WEIGHTED_SIGMOID, false),
            2,
            3,
            logits,
            boxes,
            new int[] {1, 0, 0, 1, 1, 0},
            new float[] {1, 1, 0, 1, 1, 1},
            new float[24],
            new float[] {1, 0, 0, 1, 1, 0});
    assertEquals((3.727528 + 6 * Math.log(2)) / 3, r[0], TOL);
    assertEquals(2.625 / (3 * 4), r[1], TOL);
    // no match at all: normalizer 1, so the loss is the plain sum
    double[] none =
        run(
            spec(ClassificationLoss.WEIGHTED_SIGMOID, false),
            1,
            3,
            LOGITS,
            BOXES,
            new int[3],
            new float[] {1, 1, 1},
            BOX_T,
            new float[3]);
    // a0 now a negative: softplus(-.5) + softplus(2); a1 2.626523; a2 softplus(-3) + softplus(3)
    double expected = softplus(-.5) + softplus(2) + 2.626523 + softplus(-3) + softplus(3);
    assertEquals(expected, none[0], 1e-4);
    assertEquals(0, none[1], TOL);
    // normalize_loss_by_num_matches false: plain sums
    LossSpec plain =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SIGMOID, 2, .75, 1, 1, 1, 1, false, false, false, null);
    assertEquals(
        3.727528 + 6 * Math.log(2),
        run(
            plain,
            2,
            3,
            logits,
            boxes,
            new int[] {1, 0, 0, 1, 1, 0},
            new float[] {1, 1, 0, 1, 1, 1},
            new float[24],
            new float[] {1, 0, 0, 1, 1, 0})[0],
        1e-4);
  }

  /**
   * Hard example mining, ratio 3 and min negatives 2. Eight anchors per image, background logit -10
   * (background encoded as zeros, so every anchor's loss is softplus(-10) + the class column's
   * term). Class logits: a0 -1 (positive in image 1: loss softplus(1) = 1.313), negatives a1 -3, a2
   * 2, a3 -1, a4 .5, a5 1, a6 -2, a7 5 but ignored (class weight 0).
   */
  @Test
  void hardExampleMining_keepsPositivesAndTheHardestNegatives() {
    float[] classLogit = {-1, -3, 2, -1, .5f, 1, -2, 5};
    float[] logits = new float[2 * 8 * 2];
    for (int img = 0; img < 2; img++) {
      for (int a = 0; a < 8; a++) {
        logits[(img * 8 + a) * 2] = -10;
        logits[(img * 8 + a) * 2 + 1] = classLogit[a];
      }
    }
    // image 1: a0 positive; image 2: no positive
    int[] classes = new int[16];
    classes[0] = 1;
    float[] classW = new float[16];
    java.util.Arrays.fill(classW, 1);
    classW[7] = 0;
    classW[15] = 0;
    float[] boxW = new float[16];
    boxW[0] = 1;
    float[] boxes = new float[64];
    boxes[0] = 2; // a0 of image 1: |d| 2 -> 1.5
    boxes[8] = 5; // a2 of image 1, a negative: no localization loss at all
    LossSpec mined =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SIGMOID,
            2,
            .75,
            1,
            1,
            1,
            1,
            true,
            true,
            true,
            new HardExampleMining(3000, 3, 2, false));
    double[] r = run(mined, 2, 8, logits, boxes, classes, classW, new float[64], boxW);
    double bg = softplus(-10);
    // image 1: 1 positive -> k = max(3 * 1, 2) = 3 negatives: a2 (2), a5 (1), a4 (.5)
    double image1 = bg + softplus(1) + 3 * bg + softplus(2) + softplus(1) + softplus(.5);
    // image 2: 0 positives -> k = max(0, 2) = 2 negatives: a2 (2), a5 (1); a7 (5) is ignored
    double image2 = 2 * bg + softplus(2) + softplus(1);
    // normalizer: 1 match in the batch
    assertEquals(image1 + image2, r[0], TOL);
    assertEquals(1.5 / 4, r[1], TOL);

    // ratio 3 but min negatives 5 > 3: image 1 keeps 5 of its 6 negatives (a2 a5 a4 a3 a6);
    // in image 2 a0 is a negative too (logit -1), so its top 5 are a2 a5 a4 a0 a3
    LossSpec minFive =
        new LossSpec(
            ClassificationLoss.WEIGHTED_SIGMOID,
            2,
            .75,
            1,
            1,
            1,
            1,
            true,
            true,
            true,
            new HardExampleMining(3000, 3, 5, false));
    double five1 = 5 * bg + softplus(2) + softplus(1) + softplus(.5) + softplus(-1) + softplus(-2);
    double five2 = 5 * bg + softplus(2) + softplus(1) + softplus(.5) + 2 * softplus(-1);
    double[] r5 = run(minFive, 2, 8, logits, boxes, classes, classW, new float[64], boxW);
    assertEquals(bg + softplus(1) + five1 + five2, r5[0], TOL);
  }
}
