package dev.detect.core.eval;

/** How PASCAL VOC average precision integrates the precision/recall curve. */
public enum VocAp {
  /**
   * The area under the monotone precision envelope over all recall points (VOC 2010–2012), as the
   * OD API's {@code utils/metrics.compute_average_precision}. The default.
   */
  ALL_POINT,
  /**
   * The VOC 2007 11-point interpolation: the mean over recall thresholds {@code 0, 0.1, …, 1} of
   * the highest precision at a recall at or above the threshold. Not offered by the OD API.
   */
  ELEVEN_POINT
}
