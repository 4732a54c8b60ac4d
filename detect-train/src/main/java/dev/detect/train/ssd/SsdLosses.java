package dev.detect.train.ssd;

import dev.detect.train.ssd.SsdSpec.ClassificationLoss;
import dev.detect.train.ssd.SsdSpec.HardExampleMining;
import dev.detect.train.ssd.SsdSpec.LossSpec;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SSD losses of the OD API ({@code ssd_meta_arch.loss}), built in the graph from Java-assigned
 * targets: classification (sigmoid, softmax or sigmoid focal) over background + classes, smooth-L1
 * localization, optional hard negative mining, normalization by the number of matches.
 */
final class SsdLosses {
  /** The loss tensors (scalars). */
  record Losses(Operand<TFloat32> classification, Operand<TFloat32> localization) {}

  private SsdLosses() {}

  /**
   * Builds the losses.
   *
   * @param logits {@code [B, A, C+1]}
   * @param boxes predicted encodings {@code [B, A, 4]}
   * @param classTargets class id per anchor {@code [B, A]}, 0 = background
   * @param classWeights {@code [B, A]}, 0 for ignored anchors
   * @param boxTargets {@code [B, A, 4]}
   * @param boxWeights {@code [B, A]}, > 0 for matched anchors
   */
  static Losses build(
      Ops tf,
      LossSpec spec,
      int numClasses,
      Operand<TFloat32> logits,
      Operand<TFloat32> boxes,
      Operand<TInt32> classTargets,
      Operand<TFloat32> classWeights,
      Operand<TFloat32> boxTargets,
      Operand<TFloat32> boxWeights) {
    Operand<TFloat32> oneHot =
        tf.oneHot(classTargets, tf.constant(numClasses + 1), tf.constant(1f), tf.constant(0f));
    int numAnchors = (int) logits.shape().get(1);
    Operand<TFloat32> perAnchorCls =
        classification(tf, spec, numClasses, numAnchors, logits, oneHot);
    perAnchorCls = tf.math.mul(perAnchorCls, classWeights);
    Operand<TFloat32> perAnchorLoc =
        tf.math.mul(smoothL1(tf, spec.smoothL1Delta(), boxes, boxTargets), boxWeights);
    if (spec.hardExampleMining() != null) {
      Operand<TFloat32> mask =
          hardExampleMask(
              tf,
              spec.hardExampleMining(),
              numAnchors,
              perAnchorCls,
              perAnchorLoc,
              classTargets,
              classWeights,
              boxWeights);
      perAnchorCls = tf.math.mul(perAnchorCls, mask);
      perAnchorLoc = tf.math.mul(perAnchorLoc, mask);
    }
    Operand<TFloat32> normalizer = tf.constant(1f);
    if (spec.normalizeByNumMatches()) {
      normalizer =
          tf.math.maximum(tf.reduceSum(boxWeights, tf.constant(new int[] {0, 1})), tf.constant(1f));
    }
    Operand<TFloat32> locNormalizer =
        spec.normalizeLocByCodeSize() ? tf.math.mul(normalizer, tf.constant(4f)) : normalizer;
    Operand<TFloat32> cls =
        tf.math.mul(
            tf.math.div(tf.reduceSum(perAnchorCls, tf.constant(new int[] {0, 1})), normalizer),
            tf.constant((float) spec.classificationWeight()));
    Operand<TFloat32> loc =
        tf.math.mul(
            tf.math.div(tf.reduceSum(perAnchorLoc, tf.constant(new int[] {0, 1})), locNormalizer),
            tf.constant((float) spec.localizationWeight()));
    return new Losses(tf.identity(cls), tf.identity(loc));
  }

  /** Per-anchor classification loss {@code [B, A]}, summed over the class columns. */
  private static Operand<TFloat32> classification(
      Ops tf,
      LossSpec spec,
      int numClasses,
      int numAnchors,
      Operand<TFloat32> logits,
      Operand<TFloat32> oneHot) {
    if (spec.classification() == ClassificationLoss.WEIGHTED_SOFTMAX) {
      Operand<TFloat32> scaled = tf.math.div(logits, tf.constant((float) spec.softmaxLogitScale()));
      return tf.reshape(
          tf.nn
              .softmaxCrossEntropyWithLogits(
                  tf.reshape(scaled, tf.constant(new long[] {-1, numClasses + 1})),
                  tf.reshape(oneHot, tf.constant(new long[] {-1, numClasses + 1})))
              .loss(),
          tf.shape(
              logits.asOutput().shape().numDimensions() > 0
                  ? tf.reduceSum(logits, tf.constant(2))
                  : logits));
    }
    Operand<TFloat32> z = oneHot;
    if (spec.encodeBackgroundAsZeros()) {
      float[] mask = new float[numClasses + 1];
      java.util.Arrays.fill(mask, 1f);
      mask[0] = 0f;
      z = tf.math.mul(oneHot, tf.constant(mask));
    }
    // max(x, 0) - x z + log(1 + exp(-|x|)): sigmoid cross entropy, stable.
    Operand<TFloat32> ce =
        tf.math.add(
            tf.math.sub(tf.math.maximum(logits, tf.constant(0f)), tf.math.mul(logits, z)),
            tf.math.log1p(tf.math.exp(tf.math.neg(tf.math.abs(logits)))));
    Operand<TFloat32> loss = ce;
    if (spec.classification() == ClassificationLoss.WEIGHTED_SIGMOID_FOCAL) {
      Operand<TFloat32> one = tf.constant(1f);
      Operand<TFloat32> p = tf.math.sigmoid(logits);
      Operand<TFloat32> notZ = tf.math.sub(one, z);
      Operand<TFloat32> pt = tf.math.add(tf.math.mul(z, p), tf.math.mul(notZ, tf.math.sub(one, p)));
      Operand<TFloat32> oneMinusPt = tf.math.sub(one, pt);
      Operand<TFloat32> modulating =
          spec.focalGamma() == 2.0
              ? tf.math.square(oneMinusPt)
              : tf.math.pow(oneMinusPt, tf.constant((float) spec.focalGamma()));
      loss = tf.math.mul(modulating, ce);
      if (!Double.isNaN(spec.focalAlpha())) {
        float alpha = (float) spec.focalAlpha();
        Operand<TFloat32> alphaWeight =
            tf.math.add(
                tf.math.mul(z, tf.constant(alpha)), tf.math.mul(notZ, tf.constant(1 - alpha)));
        loss = tf.math.mul(loss, alphaWeight);
      }
    }
    return tf.reduceSum(loss, tf.constant(2));
  }

  /** Huber loss summed over the 4 coordinates: {@code [B, A]}. */
  private static Operand<TFloat32> smoothL1(
      Ops tf, double delta, Operand<TFloat32> boxes, Operand<TFloat32> targets) {
    Operand<TFloat32> d = tf.constant((float) delta);
    Operand<TFloat32> abs = tf.math.abs(tf.math.sub(boxes, targets));
    Operand<TFloat32> quadratic = tf.math.minimum(abs, d);
    Operand<TFloat32> linear = tf.math.sub(abs, quadratic);
    Operand<TFloat32> huber =
        tf.math.add(
            tf.math.mul(tf.constant(0.5f), tf.math.square(quadratic)), tf.math.mul(d, linear));
    return tf.reduceSum(huber, tf.constant(2));
  }

  /**
   * Keeps every matched anchor and, per image, the {@code k} unmatched anchors with the highest
   * loss, {@code k = min(num_hard_examples, max(min_negatives, ratio * positives))}. The OD API
   * also runs NMS at {@code iou_threshold} over the candidates; with the usual 0.99 that removes
   * almost nothing, and it is not done here.
   */
  private static Operand<TFloat32> hardExampleMask(
      Ops tf,
      HardExampleMining m,
      int numAnchors,
      Operand<TFloat32> cls,
      Operand<TFloat32> loc,
      Operand<TInt32> classTargets,
      Operand<TFloat32> classWeights,
      Operand<TFloat32> boxWeights) {
    Operand<TFloat32> zero = tf.constant(0f);
    Operand<TFloat32> positive = tf.dtypes.cast(tf.math.greater(boxWeights, zero), TFloat32.class);
    Operand<TFloat32> negative =
        tf.math.mul(
            tf.dtypes.cast(tf.math.equal(classTargets, tf.constant(0)), TFloat32.class),
            tf.dtypes.cast(tf.math.greater(classWeights, zero), TFloat32.class));
    Operand<TFloat32> loss =
        tf.stopGradient(m.includeLocalizationLoss() ? tf.math.add(cls, loc) : cls);
    // Non-negatives rank below every negative.
    Operand<TFloat32> ranked =
        tf.math.sub(tf.math.mul(tf.math.add(loss, tf.constant(1f)), negative), tf.constant(1f));
    Operand<TFloat32> numPositive = tf.reduceSum(positive, tf.constant(1));
    Operand<TFloat32> k =
        m.maxNegativesPerPositive() > 0
            ? tf.math.maximum(
                tf.math.floor(
                    tf.math.mul(numPositive, tf.constant((float) m.maxNegativesPerPositive()))),
                tf.constant((float) m.minNegativesPerImage()))
            : tf.constant((float) m.numHardExamples());
    k = tf.math.minimum(k, tf.constant((float) m.numHardExamples()));
    int topK = Math.min(m.numHardExamples(), numAnchors);
    Operand<TFloat32> sorted =
        tf.nn.topK(ranked, tf.constant(topK), new org.tensorflow.op.nn.TopK.Options[0]).values();
    Operand<TInt32> kIndex =
        tf.dtypes.cast(tf.math.maximum(tf.math.sub(k, tf.constant(1f)), zero), TInt32.class);
    Operand<TFloat32> pick = tf.oneHot(kIndex, tf.constant(topK), tf.constant(1f), tf.constant(0f));
    Operand<TFloat32> threshold = tf.reduceSum(tf.math.mul(sorted, pick), tf.constant(1));
    // k == 0 keeps no negative.
    threshold =
        tf.select(
            tf.math.greater(k, zero),
            threshold,
            tf.fill(tf.shape(threshold), tf.constant(Float.MAX_VALUE)));
    Operand<TFloat32> keepNegative =
        tf.math.mul(
            negative,
            tf.dtypes.cast(
                tf.math.greaterEqual(ranked, tf.expandDims(threshold, tf.constant(1))),
                TFloat32.class));
    return tf.stopGradient(tf.math.maximum(positive, keepNegative));
  }
}
