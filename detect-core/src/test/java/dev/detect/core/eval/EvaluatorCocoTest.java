package dev.detect.core.eval;

import static dev.detect.core.eval.EvalFixtures.det;
import static dev.detect.core.eval.EvalFixtures.difficult;
import static dev.detect.core.eval.EvalFixtures.gt;
import static dev.detect.core.eval.EvalFixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * COCO cases worked by hand. pycocotools divides by {@code tp + fp + eps}, so a perfect precision
 * is {@code 1 / (1 + 2^-52)}: values are compared to 1e-12.
 */
class EvaluatorCocoTest {
  private static final Evaluator EVALUATOR = Evaluator.builder().build();
  private static final double EPS = 1e-12;

  private static Map<String, Double> metrics(AnnotationSet gt, List<ImageDetections> dets) {
    return EVALUATOR.evaluate(gt, dets).metrics();
  }

  @Test
  void iou072_isTruePositiveUpTo070_andFalsePositiveAbove() {
    // GT [0,0,100,100], det [0,0,100,72]: IoU 7200/10000 = 0.72. TP at .50 .55 .60 .65 .70
    // (AP 1), FP at .75 … .95 (AP 0): mAP 5/10, AP50 1, AP75 0, AR@100 5/10.
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 0, 0, 100, 100)));
    Map<String, Double> m =
        metrics(
            gt,
            List.of(
                ImageDetections.of("a.jpg", List.of(det("cat", 0.9, 128, 128, 0, 0, 100, 72)))));
    assertEquals(0.5, m.get("DetectionBoxes_Precision/mAP"), EPS);
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP@.50IOU"), EPS);
    assertEquals(0.0, m.get("DetectionBoxes_Precision/mAP@.75IOU"), EPS);
    assertEquals(0.5, m.get("DetectionBoxes_Recall/AR@100"), EPS);
    // The object is large (10000 >= 96²); the unmatched detection (7200, medium) is ignored in
    // the large range, which leaves precision 0 at .75+: still 5/10.
    assertEquals(0.5, m.get("DetectionBoxes_Precision/mAP (large)"), EPS);
    assertEquals(-1.0, m.get("DetectionBoxes_Precision/mAP (small)"), 0.0);
    assertEquals(-1.0, m.get("DetectionBoxes_Precision/mAP (medium)"), 0.0);
    assertEquals(-1.0, m.get("DetectionBoxes_Recall/AR@100 (small)"), 0.0);
    assertEquals(-1.0, m.get("DetectionBoxes_Recall/AR@100 (medium)"), 0.0);
    assertEquals(0.5, m.get("DetectionBoxes_Recall/AR@100 (large)"), EPS);
    // VOC needs only IoU >= 0.5.
    assertEquals(1.0, m.get("PascalBoxes_Precision/mAP@0.5IOU"), 0.0);
  }

  @Test
  void areaBuckets_countObjectsByPixelArea() {
    // small 20x20 (400 < 32²), medium 50x50 (2500), large 200x200 (40000); the small and the large
    // are found exactly, the medium is missed.
    AnnotationSet gt =
        AnnotationSet.of(
            image(
                "a.jpg",
                1024,
                1024,
                gt("cat", 0, 0, 20, 20),
                gt("cat", 100, 100, 150, 150),
                gt("cat", 500, 500, 700, 700)));
    Map<String, Double> m =
        metrics(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.9, 1024, 1024, 0, 0, 20, 20),
                        det("cat", 0.8, 1024, 1024, 500, 500, 700, 700)))));
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP (small)"), EPS);
    assertEquals(0.0, m.get("DetectionBoxes_Precision/mAP (medium)"), EPS);
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP (large)"), EPS);
    assertEquals(1.0, m.get("DetectionBoxes_Recall/AR@100 (small)"), EPS);
    assertEquals(0.0, m.get("DetectionBoxes_Recall/AR@100 (medium)"), EPS);
    // All areas: recall 1/3, 2/3 at precision 1 → recall thresholds 0 … 0.66 (67 of 101).
    assertEquals(67.0 / 101.0, m.get("DetectionBoxes_Precision/mAP"), EPS);
    assertEquals(2.0 / 3.0, m.get("DetectionBoxes_Recall/AR@100"), EPS);
  }

  @Test
  void maxDets_limitDetectionsPerImage() {
    // 11 objects found exactly, scores descending: AR@1 = 1/11, AR@10 = 10/11, AR@100 = 1.
    List<dev.detect.core.annotation.ObjectAnnotation> objects = new ArrayList<>();
    List<Detection> dets = new ArrayList<>();
    for (int i = 0; i < 11; i++) {
      objects.add(gt("cat", i * 100, 0, i * 100 + 50, 50));
      dets.add(det("cat", 0.9 - i * 0.05, 2048, 64, i * 100, 0, i * 100 + 50, 50));
    }
    AnnotationSet gt =
        AnnotationSet.of(
            image(
                "a.jpg",
                2048,
                64,
                objects.toArray(new dev.detect.core.annotation.ObjectAnnotation[0])));
    Map<String, Double> m = metrics(gt, List.of(ImageDetections.of("a.jpg", dets)));
    assertEquals(1.0 / 11.0, m.get("DetectionBoxes_Recall/AR@1"), EPS);
    assertEquals(10.0 / 11.0, m.get("DetectionBoxes_Recall/AR@10"), EPS);
    assertEquals(1.0, m.get("DetectionBoxes_Recall/AR@100"), EPS);
    assertEquals(1.0, m.get("DetectionBoxes_Precision/mAP"), EPS);
  }

  @Test
  void onlyTheHundredBestDetectionsPerImageCount() {
    // 100 false positives scored above the one exact detection push it out: AP 0, recall 0.
    List<Detection> dets = new ArrayList<>();
    for (int i = 0; i < 100; i++) {
      dets.add(det("cat", 0.9, 1024, 1024, 600 + i, 600, 700 + i, 700));
    }
    dets.add(det("cat", 0.1, 1024, 1024, 0, 0, 100, 100));
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 1024, 1024, gt("cat", 0, 0, 100, 100)));
    Map<String, Double> m = metrics(gt, List.of(ImageDetections.of("a.jpg", dets)));
    assertEquals(0.0, m.get("DetectionBoxes_Precision/mAP"), 0.0);
    assertEquals(0.0, m.get("DetectionBoxes_Recall/AR@100"), 0.0);
    // VOC has no such limit: the exact detection is the 101st, precision 1/101 at recall 1.
    assertEquals(1.0 / 101.0, m.get("PascalBoxes_Precision/mAP@0.5IOU"), 1e-15);
  }

  @Test
  void difficultAsCrowd_makesDetectionsInsideTheRegionIgnored() {
    // A normal [0,0,100,100], B difficult [200,0,300,100]. Detections: A exact (0.9), the two
    // halves of B (0.8, 0.7).
    AnnotationSet gt =
        AnnotationSet.of(
            image(
                "a.jpg", 512, 256, gt("cat", 0, 0, 100, 100), difficult("cat", 200, 0, 300, 100)));
    List<ImageDetections> dets =
        List.of(
            ImageDetections.of(
                "a.jpg",
                List.of(
                    det("cat", 0.9, 512, 256, 0, 0, 100, 100),
                    det("cat", 0.8, 512, 256, 200, 0, 250, 100),
                    det("cat", 0.7, 512, 256, 250, 0, 300, 100))));
    // Crowd: IoU with a crowd region is intersection / detection area = 1, a crowd can absorb
    // both halves, and both are ignored: only A counts → AP 1.
    EvaluationReport crowd =
        EVALUATOR.toBuilder().difficultAsCrowd(true).build().evaluate(gt, dets);
    assertEquals(1.0, crowd.cocoMap(), EPS);
    assertEquals(1.0, crowd.metrics().get("DetectionBoxes_Recall/AR@100"), EPS);
    // Default: B is a normal object. At .50 the first half matches it (IoU exactly 0.5):
    // TP TP FP → AP 1. Above, both halves are FP: precision 1, 1/2, 1/3 at recall 1/2 → 51/101.
    // mAP = (1 + 9 * 51/101) / 10 = 560/1010.
    EvaluationReport normal = EVALUATOR.evaluate(gt, dets);
    assertEquals(560.0 / 1010.0, normal.cocoMap(), EPS);
    // VOC ignores detections on the difficult object either way: AP 1.
    assertEquals(1.0, normal.vocMap(), 0.0);
  }

  @Test
  void tiedScores_keepImageOrderInCoco() {
    // a.jpg: TP 0.9 and FP 0.5; b.jpg: TP 0.5. pycocotools' stable mergesort keeps a's FP (image
    // a first) before b's TP: TP FP TP → precision 1, 1/2, 2/3 at recall 1/2, 1/2, 1; the envelope
    // gives 1 for thresholds 0 … 0.5 (51) and 2/3 above (50).
    AnnotationSet gt =
        AnnotationSet.of(
            image("b.jpg", 128, 128, gt("cat", 0, 0, 20, 20)),
            image("a.jpg", 128, 128, gt("cat", 0, 0, 20, 20)));
    List<ImageDetections> dets =
        List.of(
            ImageDetections.of("b.jpg", List.of(det("cat", 0.5, 128, 128, 0, 0, 20, 20))),
            ImageDetections.of(
                "a.jpg",
                List.of(
                    det("cat", 0.9, 128, 128, 0, 0, 20, 20),
                    det("cat", 0.5, 128, 128, 60, 60, 90, 90))));
    EvaluationReport r = EVALUATOR.evaluate(gt, dets);
    assertEquals((51 + 50 * (2.0 / 3.0)) / 101, r.cocoMap50(), EPS);
    assertTrue(r.cocoMap() < 1);
  }

  @Test
  void categoryWithoutGroundTruth_isMinusOne_andLeftOut() {
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 0, 0, 20, 20)));
    EvaluationReport r =
        EVALUATOR.evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.9, 128, 128, 0, 0, 20, 20),
                        det("dog", 0.95, 128, 128, 0, 0, 20, 20)))));
    assertEquals(-1.0, r.perClassCocoAp().get("dog"), 0.0);
    assertEquals(1.0, r.perClassCocoAp().get("cat"), EPS);
    assertEquals(1.0, r.cocoMap(), EPS);
  }

  @Test
  void noGroundTruthAtAll_givesMinusOne() {
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128));
    EvaluationReport r =
        EVALUATOR.evaluate(
            gt,
            List.of(ImageDetections.of("a.jpg", List.of(det("cat", 0.9, 128, 128, 0, 0, 20, 20)))));
    assertEquals(-1.0, r.cocoMap(), 0.0);
    assertTrue(Double.isNaN(r.vocMap()));
  }
}
