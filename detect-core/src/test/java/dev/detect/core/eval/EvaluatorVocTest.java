package dev.detect.core.eval;

import static dev.detect.core.eval.EvalFixtures.det;
import static dev.detect.core.eval.EvalFixtures.difficult;
import static dev.detect.core.eval.EvalFixtures.gt;
import static dev.detect.core.eval.EvalFixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.labelmap.LabelMap;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * PASCAL VOC cases worked by hand. Images are powers of two wide and high, so pixel → normalized →
 * pixel round trips are exact and IoUs are the hand-computed ones.
 */
class EvaluatorVocTest {
  private static final Evaluator VOC_ONLY = Evaluator.builder().includeCoco(false).build();
  private static final String MAP = "PascalBoxes_Precision/mAP@0.5IOU";

  @Test
  void perfectDetection_givesApOne() {
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 10, 10, 50, 50)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(
                ImageDetections.of("a.jpg", List.of(det("cat", 0.9, 128, 128, 10, 10, 50, 50)))));
    assertEquals(1.0, r.vocMap(), 0.0);
    assertEquals(1.0, r.metrics().get("PascalBoxes_PerformanceByCategory/AP@0.5IOU/cat"), 0.0);
    ClassResult cat = r.classResult("cat").orElseThrow();
    assertEquals(1, cat.truePositives());
    assertEquals(0, cat.falsePositives());
    assertEquals(List.of(new PrPoint(1.0, 1.0, 0.9f)), r.precisionRecall("cat"));
  }

  @Test
  void duplicateDetection_isFalsePositive() {
    // GT A, B. Ranked: A (TP), A again (FP: A is taken), B (TP).
    // precision 1, 1/2, 2/3; recall 1/2, 1/2, 1. Envelope 1, 2/3, 2/3.
    // AP = 1/2 * 1 + 1/2 * 2/3 = 5/6.
    AnnotationSet gt =
        AnnotationSet.of(
            image("a.jpg", 128, 128, gt("cat", 0, 0, 20, 20), gt("cat", 60, 60, 100, 100)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.9, 128, 128, 0, 0, 20, 20),
                        det("cat", 0.8, 128, 128, 1, 1, 20, 20),
                        det("cat", 0.7, 128, 128, 60, 60, 100, 100)))));
    assertEquals(5.0 / 6.0, r.vocMap(), 1e-15);
    ClassResult cat = r.classResult("cat").orElseThrow();
    assertEquals(2, cat.truePositives());
    assertEquals(1, cat.falsePositives());
    assertEquals(new PrPoint(0.5, 0.5, 0.8f), r.precisionRecall("cat").get(1));
  }

  @Test
  void noDetections_giveApZero() {
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 10, 10, 50, 50)));
    EvaluationReport r = VOC_ONLY.evaluate(gt, List.of());
    assertEquals(0.0, r.vocMap(), 0.0);
    assertTrue(r.precisionRecall("cat").isEmpty());
    assertTrue(r.warnings().stream().anyMatch(w -> w.contains("no detections entry")));
  }

  @Test
  void classWithoutGroundTruth_isNaN_andLeftOutOfTheMean() {
    LabelMap map = LabelMap.ofNames(List.of("cat", "dog"));
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 10, 10, 50, 50)));
    EvaluationReport r =
        Evaluator.builder()
            .labelMap(map)
            .build()
            .evaluate(
                gt,
                List.of(
                    ImageDetections.of(
                        "a.jpg",
                        List.of(
                            det("cat", 0.9, 128, 128, 10, 10, 50, 50),
                            det("dog", 0.8, 128, 128, 60, 60, 90, 90)))));
    assertTrue(Double.isNaN(r.perClassVocAp().get("dog")));
    assertEquals(1.0, r.vocMap(), 0.0); // not (1 + 0) / 2
    assertEquals(-1.0, r.metrics().get("DetectionBoxes_PerformanceByCategory/mAP/dog"), 0.0);
    assertEquals(1.0, r.cocoMap(), 1e-12);
    assertEquals(1, r.classResult("dog").orElseThrow().falsePositives());
  }

  @Test
  void detectionOnDifficultObject_isNeitherTrueNorFalsePositive() {
    // A normal, B difficult. Ranked: on B (ignored), FP, on A (TP): precision 0, 1/2 at recall
    // 0, 1 → AP 1/2. Counting B's detection as a FP would rank FP FP TP → AP 1/3.
    AnnotationSet gt =
        AnnotationSet.of(
            image("a.jpg", 128, 128, gt("cat", 0, 0, 20, 20), difficult("cat", 60, 60, 100, 100)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.9, 128, 128, 60, 60, 100, 100),
                        det("cat", 0.7, 128, 128, 30, 0, 50, 20),
                        det("cat", 0.5, 128, 128, 0, 0, 20, 20)))));
    assertEquals(0.5, r.vocMap(), 0.0);
    ClassResult cat = r.classResult("cat").orElseThrow();
    assertEquals(1, cat.groundTruth());
    assertEquals(1, cat.difficult());
    assertEquals(1, cat.ignored());
    assertEquals(2, r.precisionRecall("cat").size());
  }

  @Test
  void detectionWhoseBestMatchIsDifficult_isIgnoredEvenIfANormalObjectAlsoMatches() {
    // Det [0,0,20,20]: IoU 1 with the difficult D [0,0,20,20], IoU 0.6 with normal N [0,0,20,12]
    // (240 / 400). The best (argmax over all, difficult included) is D: ignored, N is missed.
    AnnotationSet gt =
        AnnotationSet.of(
            image("a.jpg", 64, 64, difficult("cat", 0, 0, 20, 20), gt("cat", 0, 0, 20, 12)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(ImageDetections.of("a.jpg", List.of(det("cat", 0.9, 64, 64, 0, 0, 20, 20)))));
    assertEquals(0.0, r.vocMap(), 0.0);
    assertEquals(1, r.classResult("cat").orElseThrow().ignored());
  }

  @Test
  void detectionWhoseBestObjectIsTaken_isFalsePositive_withoutFallingBack() {
    // A [0,0,10,10], B [2,0,12,10]. Det1 = A (TP). Det2 [0.5,0,10.5,10]: IoU A 95/105, IoU B
    // 85/115 >= 0.5, but its best (A) is taken → FP; the OD API does not try B.
    // precision 1, 1/2; recall 1/2, 1/2 → AP 1/2 (a fall-back would give 1).
    AnnotationSet gt =
        AnnotationSet.of(image("a.jpg", 64, 64, gt("cat", 0, 0, 10, 10), gt("cat", 2, 0, 12, 10)));
    EvaluationReport r =
        Evaluator.builder()
            .build()
            .evaluate(
                gt,
                List.of(
                    ImageDetections.of(
                        "a.jpg",
                        List.of(
                            det("cat", 0.9, 64, 64, 0, 0, 10, 10),
                            det("cat", 0.8, 64, 64, 0.5, 0, 10.5, 10)))));
    assertEquals(0.5, r.vocMap(), 0.0);
    // COCO instead matches the best unmatched object: det2 takes B at IoU .50 to .70 (AP 1 each),
    // is FP from .75 (precision 1, 1/2 at recall 1/2: 51 of 101 recall points), so
    // mAP = (5 * 1 + 5 * 51/101) / 10 = 760/1010.
    assertEquals(760.0 / 1010.0, r.cocoMap(), 1e-12);
    assertEquals(1.0, r.cocoMap50(), 1e-12);
    assertEquals(51.0 / 101.0, r.cocoMap75(), 1e-12);
  }

  @Test
  void tiedScoresAcrossImages_rankTheLaterImageFirst() {
    // a.jpg: TP 0.9 and FP 0.5; b.jpg: TP 0.5. np.argsort(scores)[::-1] with a stable sort
    // ranks the tie b's TP before a's FP: TP, TP, FP → AP 1. (Image order: TP, FP, TP → 5/6.)
    AnnotationSet gt =
        AnnotationSet.of(
            image("a.jpg", 128, 128, gt("cat", 0, 0, 20, 20)),
            image("b.jpg", 128, 128, gt("cat", 0, 0, 20, 20)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.9, 128, 128, 0, 0, 20, 20),
                        det("cat", 0.5, 128, 128, 60, 60, 90, 90))),
                ImageDetections.of("b.jpg", List.of(det("cat", 0.5, 128, 128, 0, 0, 20, 20)))));
    assertEquals(1.0, r.vocMap(), 0.0);
  }

  @Test
  void elevenPoint_differsFromAllPointOnAHandComputedCurve() {
    // Four objects, ranked TP FP TP FP TP: precision 1, 1/2, 2/3, 1/2, 3/5 at recall
    // 1/4, 1/4, 1/2, 1/2, 3/4.
    // All-point: 1/4 * (1 + 2/3 + 3/5 + 0) = 17/30.
    // 11-point: t = 0, .1, .2 → 1; .3, .4, .5 → 2/3; .6, .7 → 3/5; .8, .9, 1 → 0: 6.2/11 = 31/55.
    AnnotationSet gt =
        AnnotationSet.of(
            image(
                "a.jpg",
                256,
                256,
                gt("cat", 0, 0, 20, 20),
                gt("cat", 50, 0, 70, 20),
                gt("cat", 100, 0, 120, 20),
                gt("cat", 150, 0, 170, 20)));
    List<ImageDetections> dets =
        List.of(
            ImageDetections.of(
                "a.jpg",
                List.of(
                    det("cat", 0.9, 256, 256, 0, 0, 20, 20),
                    det("cat", 0.8, 256, 256, 0, 200, 20, 220),
                    det("cat", 0.7, 256, 256, 50, 0, 70, 20),
                    det("cat", 0.6, 256, 256, 50, 200, 70, 220),
                    det("cat", 0.5, 256, 256, 100, 0, 120, 20))));
    assertEquals(17.0 / 30.0, VOC_ONLY.evaluate(gt, dets).vocMap(), 1e-15);
    Evaluator eleven = VOC_ONLY.toBuilder().vocAp(VocAp.ELEVEN_POINT).build();
    assertEquals(31.0 / 55.0, eleven.evaluate(gt, dets).vocMap(), 1e-15);
    // COCO's 101 points on the same curve: recall thresholds 0..0.25 → 1 (26), 0.26..0.5 → 2/3
    // (25), 0.51..0.75 → 3/5 (25), above → 0: (26 + 50/3 + 15) / 101 = 173/303.
    EvaluationReport coco = Evaluator.builder().build().evaluate(gt, dets);
    assertEquals(173.0 / 303.0, coco.cocoMap(), 1e-12);
  }

  @Test
  void invertedDetectionBox_isDropped_notAFalsePositive() {
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 10, 10, 50, 50)));
    EvaluationReport r =
        VOC_ONLY.evaluate(
            gt,
            List.of(
                ImageDetections.of(
                    "a.jpg",
                    List.of(
                        det("cat", 0.95, 128, 128, 90, 10, 60, 50),
                        det("cat", 0.9, 128, 128, 10, 10, 50, 50)))));
    assertEquals(1.0, r.vocMap(), 0.0);
    assertEquals(1, r.classResult("cat").orElseThrow().removed());
  }

  @Test
  void iouThreshold_isInclusive() {
    // Det [0,0,20,10] on GT [0,0,20,20]: IoU exactly 0.5 → TP (iou >= threshold).
    AnnotationSet gt = AnnotationSet.of(image("a.jpg", 64, 64, gt("cat", 0, 0, 20, 20)));
    List<ImageDetections> dets =
        List.of(ImageDetections.of("a.jpg", List.of(det("cat", 0.9, 64, 64, 0, 0, 20, 10))));
    assertEquals(1.0, VOC_ONLY.evaluate(gt, dets).vocMap(), 0.0);
    Evaluator strict = VOC_ONLY.toBuilder().iouThreshold(0.51).build();
    EvaluationReport r = strict.evaluate(gt, dets);
    assertEquals(0.0, r.vocMap(), 0.0);
    assertTrue(r.metrics().containsKey("PascalBoxes_Precision/mAP@0.51IOU"));
    assertEquals(MAP, VOC_ONLY.evaluate(gt, dets).metrics().keySet().iterator().next());
  }
}
