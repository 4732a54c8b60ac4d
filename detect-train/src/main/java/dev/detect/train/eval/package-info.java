/**
 * Evaluating a detection model (a {@link dev.detect.train.detector.Detector}, an export or a
 * training checkpoint) on ground truth with the OD API's PASCAL VOC and COCO metrics: {@link
 * dev.detect.train.eval.ModelEvaluator}.
 */
package dev.detect.train.eval;
