package dev.detect.core.eval;

/**
 * One point of a precision/recall curve: the values after accepting every detection down to and
 * including one of score {@code score}.
 *
 * @param recall true positives so far / ground-truth objects (non-difficult), in {@code [0, 1]}
 * @param precision true positives so far / detections so far, in {@code [0, 1]} (not interpolated)
 * @param score the score of the detection that adds this point
 */
public record PrPoint(double recall, double precision, float score) {}
