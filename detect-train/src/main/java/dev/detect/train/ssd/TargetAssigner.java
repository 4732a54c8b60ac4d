package dev.detect.train.ssd;

import java.util.Objects;

/**
 * SSD target assignment in Java, as the OD API does it per image: IoU similarity between ground
 * truth and anchors, the {@code argmax_matcher}, then regression targets from the box coder and
 * classification targets (class id, 0 = background) with weights.
 */
public final class TargetAssigner {
  /** Match value of an anchor that is background (a negative). */
  public static final int UNMATCHED = -1;

  /** Match value of an anchor that is ignored (between the thresholds). */
  public static final int IGNORED = -2;

  private final float[][] anchors;
  private final float[][] anchorCorners;
  private final BoxCoder coder;
  private final Matcher matcher;

  /**
   * The {@code argmax_matcher} settings.
   *
   * @param matchedThreshold IoU at or above which an anchor matches
   * @param unmatchedThreshold IoU below which an anchor is background
   * @param ignoreThresholds when true, every anchor matches its best box (no thresholds)
   * @param negativesLowerThanUnmatched when true, IoU below unmatched is background and between the
   *     thresholds ignored; when false the other way round
   * @param forceMatchForEachRow every ground-truth box is matched to its best anchor
   */
  public record Matcher(
      double matchedThreshold,
      double unmatchedThreshold,
      boolean ignoreThresholds,
      boolean negativesLowerThanUnmatched,
      boolean forceMatchForEachRow) {
    /** Validates the thresholds. */
    public Matcher {
      if (unmatchedThreshold > matchedThreshold) {
        throw new IllegalArgumentException(
            "unmatched_threshold "
                + unmatchedThreshold
                + " > matched_threshold "
                + matchedThreshold);
      }
    }

    /** The SSD defaults: 0.5 / 0.5, force match. */
    public static Matcher defaults() {
      return new Matcher(0.5, 0.5, false, true, true);
    }
  }

  /**
   * The targets of one image.
   *
   * @param matches per anchor: matched ground-truth index, {@link #UNMATCHED} or {@link #IGNORED}
   * @param classes per anchor: the matched class id (1-based), 0 for background and ignored
   * @param classWeights per anchor: 0 when ignored, else the matched box weight or 1
   * @param regression per anchor 4 encoded values (0 for unmatched)
   * @param regressionWeights per anchor: the box weight when matched, else 0
   * @param numMatched anchors matched to a box
   */
  public record Targets(
      int[] matches,
      int[] classes,
      float[] classWeights,
      float[] regression,
      float[] regressionWeights,
      int numMatched) {}

  /**
   * Creates an assigner.
   *
   * @param anchors {@code [N][4]} rows of ycenter, xcenter, height, width (normalized)
   */
  public TargetAssigner(float[][] anchors, BoxCoder coder, Matcher matcher) {
    this.anchors = Objects.requireNonNull(anchors, "anchors");
    this.coder = Objects.requireNonNull(coder, "coder");
    this.matcher = Objects.requireNonNull(matcher, "matcher");
    this.anchorCorners = new float[anchors.length][];
    for (int i = 0; i < anchors.length; i++) {
      float[] a = anchors[i];
      anchorCorners[i] =
          new float[] {a[0] - a[2] / 2, a[1] - a[3] / 2, a[0] + a[2] / 2, a[1] + a[3] / 2};
    }
  }

  /** The number of anchors. */
  public int numAnchors() {
    return anchors.length;
  }

  /**
   * Assigns targets for one image.
   *
   * @param boxes ground truth, normalized {@code ymin, xmin, ymax, xmax}
   * @param classes 1-based class ids, one per box
   * @param weights per-box weights (null = all 1)
   */
  public Targets assign(float[][] boxes, int[] classes, float[] weights) {
    int n = anchors.length;
    int m = boxes.length;
    int[] matches = new int[n];
    float[] best = new float[n];
    java.util.Arrays.fill(matches, UNMATCHED);
    // For each anchor its best box (first maximum, like tf.argmax).
    float[][] iou = new float[m][];
    for (int g = 0; g < m; g++) {
      iou[g] = iouRow(boxes[g]);
    }
    for (int a = 0; a < n; a++) {
      int arg = -1;
      float max = -1;
      for (int g = 0; g < m; g++) {
        if (iou[g][a] > max) {
          max = iou[g][a];
          arg = g;
        }
      }
      best[a] = max;
      if (arg < 0) {
        continue;
      }
      if (matcher.ignoreThresholds() || max >= matcher.matchedThreshold()) {
        matches[a] = arg;
      } else if (max < matcher.unmatchedThreshold()) {
        matches[a] = matcher.negativesLowerThanUnmatched() ? UNMATCHED : IGNORED;
      } else {
        matches[a] = matcher.negativesLowerThanUnmatched() ? IGNORED : UNMATCHED;
      }
    }
    if (matcher.forceMatchForEachRow() && m > 0) {
      forceMatch(iou, matches);
    }
    return targets(boxes, classes, weights, matches);
  }

  /** Each box takes its best anchor; an anchor forced by several boxes goes to the first. */
  private static void forceMatch(float[][] iou, int[] matches) {
    int n = matches.length;
    int[] forcedBy = new int[n];
    java.util.Arrays.fill(forcedBy, -1);
    for (int g = 0; g < iou.length; g++) {
      int arg = 0;
      for (int a = 1; a < n; a++) {
        if (iou[g][a] > iou[g][arg]) {
          arg = a;
        }
      }
      if (forcedBy[arg] < 0) {
        forcedBy[arg] = g;
      }
    }
    for (int a = 0; a < n; a++) {
      if (forcedBy[a] >= 0) {
        matches[a] = forcedBy[a];
      }
    }
  }

  private Targets targets(float[][] boxes, int[] classes, float[] weights, int[] matches) {
    int n = anchors.length;
    int[] cls = new int[n];
    float[] clsW = new float[n];
    float[] reg = new float[n * 4];
    float[] regW = new float[n];
    int matched = 0;
    for (int a = 0; a < n; a++) {
      int g = matches[a];
      if (g >= 0) {
        float w = weights == null ? 1f : weights[g];
        float[] b = boxes[g];
        coder.encode(anchors[a], b[0], b[1], b[2], b[3], reg, a * 4);
        cls[a] = classes[g];
        clsW[a] = w;
        regW[a] = w;
        matched++;
      } else if (g == UNMATCHED) {
        clsW[a] = 1f;
      }
    }
    return new Targets(matches, cls, clsW, reg, regW, matched);
  }

  private float[] iouRow(float[] box) {
    float[] row = new float[anchorCorners.length];
    float boxArea = Math.max(0, box[2] - box[0]) * Math.max(0, box[3] - box[1]);
    for (int a = 0; a < anchorCorners.length; a++) {
      float[] c = anchorCorners[a];
      float ih = Math.min(box[2], c[2]) - Math.max(box[0], c[0]);
      float iw = Math.min(box[3], c[3]) - Math.max(box[1], c[1]);
      if (ih <= 0 || iw <= 0) {
        continue;
      }
      float inter = ih * iw;
      float union = boxArea + (c[2] - c[0]) * (c[3] - c[1]) - inter;
      row[a] = union > 0 ? inter / union : 0;
    }
    return row;
  }
}
