package dev.detect.core.config;

/**
 * {@code matcher.argmax_matcher}: anchor ↔ ground-truth matching by highest similarity (IoU).
 *
 * @param matchedThreshold similarity ≥ this is a positive (default 0.5)
 * @param unmatchedThreshold similarity below this is a negative (default 0.5)
 * @param ignoreThresholds match regardless of thresholds (default false)
 * @param negativesLowerThanUnmatched below unmatched is negative, between is ignored (default true)
 * @param forceMatchForEachRow every ground truth gets its best anchor (default false; configs set
 *     true)
 * @param useMatmulGather a TPU implementation detail (default false)
 */
public record ArgmaxMatcher(
    double matchedThreshold,
    double unmatchedThreshold,
    boolean ignoreThresholds,
    boolean negativesLowerThanUnmatched,
    boolean forceMatchForEachRow,
    boolean useMatmulGather) {}
