/**
 * Detection evaluation: PASCAL VOC AP@0.5 and COCO mAP@[.5:.95] as the TensorFlow Object Detection
 * API computes them ({@link dev.detect.core.eval.Evaluator}, {@link
 * dev.detect.core.eval.EvaluationReport}), and the {@link dev.detect.core.eval.Detection} value a
 * detector returns.
 */
package dev.detect.core.eval;
