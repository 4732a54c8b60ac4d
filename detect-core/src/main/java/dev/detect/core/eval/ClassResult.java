package dev.detect.core.eval;

/**
 * The evaluation of one class (category).
 *
 * @param id the label map id (1-based)
 * @param name the label map {@code name}: the ground-truth label
 * @param metricName the name in metric keys: the label map display name if set, else the name
 * @param groundTruth ground-truth objects that are not difficult (the VOC {@code num_gt})
 * @param difficult difficult ground-truth objects (ignored by VOC)
 * @param detections detections of this class on ground-truth images
 * @param truePositives VOC true positives at the IoU threshold
 * @param falsePositives VOC false positives at the IoU threshold
 * @param ignored VOC detections matched to a difficult object: neither true nor false positive
 * @param removed detections the OD API drops before matching: empty or inverted box, score at or
 *     below -10, beyond 10,000 per image and class
 * @param vocAp the VOC average precision; NaN without non-difficult ground truth
 * @param cocoAp the COCO AP@[.5:.95] (area all, 100 detections); -1 without ground truth, NaN when
 *     COCO metrics were not computed
 */
public record ClassResult(
    int id,
    String name,
    String metricName,
    int groundTruth,
    int difficult,
    int detections,
    int truePositives,
    int falsePositives,
    int ignored,
    int removed,
    double vocAp,
    double cocoAp) {}
