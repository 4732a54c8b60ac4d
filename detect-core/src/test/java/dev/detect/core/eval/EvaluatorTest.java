package dev.detect.core.eval;

import static dev.detect.core.eval.EvalFixtures.det;
import static dev.detect.core.eval.EvalFixtures.gt;
import static dev.detect.core.eval.EvalFixtures.image;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Inputs, label resolution, metric names and the report API. */
class EvaluatorTest {
  private static final AnnotationSet ONE_CAT =
      AnnotationSet.of(image("a.jpg", 128, 128, gt("cat", 10, 10, 50, 50)));

  private static List<ImageDetections> exactCat(int id, String name) {
    return List.of(
        ImageDetections.of(
            "a.jpg",
            List.of(
                Detection.of(
                    id,
                    name,
                    0.9f,
                    PixelBox.ofCorners(10, 10, 50, 50).toNormalized(128, 128),
                    128,
                    128))));
  }

  @Test
  void detectionsForAnImageWithoutGroundTruth_areRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                Evaluator.builder()
                    .build()
                    .evaluate(ONE_CAT, List.of(ImageDetections.of("b.jpg", List.of()))));
    assertTrue(e.getMessage().contains("'b.jpg'"), e.getMessage());
  }

  @Test
  void theSameImageTwice_isRejected() {
    List<ImageDetections> twice =
        List.of(ImageDetections.of("a.jpg", List.of()), ImageDetections.of("a.jpg", List.of()));
    assertThrows(
        IllegalArgumentException.class, () -> Evaluator.builder().build().evaluate(ONE_CAT, twice));
  }

  @Test
  void groundTruthLabelMissingFromTheLabelMap_isRejected() {
    Evaluator evaluator = Evaluator.builder().labelMap(LabelMap.ofNames(List.of("dog"))).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> evaluator.evaluate(ONE_CAT, List.of()));
    assertTrue(e.getMessage().contains("'cat'") && e.getMessage().contains("a.jpg"));
  }

  @Test
  void detection_isResolvedById_whenItsNameIsEmpty() {
    Evaluator evaluator =
        Evaluator.builder().labelMap(LabelMap.ofNames(List.of("dog", "cat"))).build();
    assertEquals(1.0, evaluator.evaluate(ONE_CAT, exactCat(2, "")).vocMap(), 0.0);
  }

  @Test
  void detection_whoseIdAndNameDisagreeWithTheLabelMap_isRejected() {
    Evaluator evaluator =
        Evaluator.builder().labelMap(LabelMap.ofNames(List.of("dog", "cat"))).build();
    assertThrows(
        IllegalArgumentException.class, () -> evaluator.evaluate(ONE_CAT, exactCat(1, "cat")));
  }

  @Test
  void detection_ofAClassNotInTheLabelMap_isIgnoredWithAWarning() {
    Evaluator evaluator = Evaluator.builder().labelMap(LabelMap.ofNames(List.of("cat"))).build();
    List<ImageDetections> dets = new ArrayList<>(exactCat(1, "cat"));
    dets.set(
        0,
        ImageDetections.of(
            "a.jpg",
            List.of(
                dets.get(0).detections().get(0),
                Detection.of(7, "zebra", 0.99f, NormalizedBox.ofYxyx(0, 0, 1, 1), 100, 100))));
    EvaluationReport r = evaluator.evaluate(ONE_CAT, dets);
    assertEquals(1.0, r.vocMap(), 0.0);
    assertTrue(r.warnings().get(0).contains("7:zebra"), r.warnings().toString());
  }

  @Test
  void metricNames_useDisplayNames_andVocNormalizesThemNfkd() {
    LabelMap map =
        LabelMap.of(
            List.of(
                new LabelMap.Item(1, "cat", Optional.of("Cat")),
                new LabelMap.Item(3, "fish", Optional.of("\ufb01sh"))));
    EvaluationReport r = Evaluator.builder().labelMap(map).build().evaluate(ONE_CAT, List.of());
    assertEquals(
        List.of(
            "PascalBoxes_Precision/mAP@0.5IOU",
            "PascalBoxes_PerformanceByCategory/AP@0.5IOU/Cat",
            "PascalBoxes_PerformanceByCategory/AP@0.5IOU/fish",
            "DetectionBoxes_Precision/mAP",
            "DetectionBoxes_Precision/mAP@.50IOU",
            "DetectionBoxes_Precision/mAP@.75IOU",
            "DetectionBoxes_Precision/mAP (small)",
            "DetectionBoxes_Precision/mAP (medium)",
            "DetectionBoxes_Precision/mAP (large)",
            "DetectionBoxes_Recall/AR@1",
            "DetectionBoxes_Recall/AR@10",
            "DetectionBoxes_Recall/AR@100",
            "DetectionBoxes_Recall/AR@100 (small)",
            "DetectionBoxes_Recall/AR@100 (medium)",
            "DetectionBoxes_Recall/AR@100 (large)",
            "DetectionBoxes_PerformanceByCategory/mAP/Cat",
            "DetectionBoxes_PerformanceByCategory/mAP/\ufb01sh"),
        List.copyOf(r.metrics().keySet()));
    assertEquals(List.of("cat", "fish"), List.copyOf(r.perClassVocAp().keySet()));
    assertEquals(r.classResult("Cat"), r.classResult("cat"));
  }

  @Test
  void toText_printsOneLinePerMetricLikeTheOdApiLogs() {
    LabelMap map = LabelMap.ofNames(List.of("cat", "dog"));
    EvaluationReport r =
        Evaluator.builder()
            .labelMap(map)
            .includeCoco(false)
            .build()
            .evaluate(ONE_CAT, exactCat(1, "cat"));
    assertEquals(
        "PascalBoxes_Precision/mAP@0.5IOU: 1.000000\n"
            + "PascalBoxes_PerformanceByCategory/AP@0.5IOU/cat: 1.000000\n"
            + "PascalBoxes_PerformanceByCategory/AP@0.5IOU/dog: nan\n",
        r.toText());
  }

  @Test
  void cocoGetters_failWhenCocoWasNotComputed() {
    EvaluationReport r =
        Evaluator.builder().includeCoco(false).build().evaluate(ONE_CAT, exactCat(0, "cat"));
    assertTrue(!r.hasCoco());
    IllegalStateException e = assertThrows(IllegalStateException.class, r::cocoMap);
    assertTrue(e.getMessage().contains("includeCoco(true)"));
  }

  @Test
  void counts_andCurves_areReported() {
    EvaluationReport r = Evaluator.builder().build().evaluate(ONE_CAT, exactCat(0, "cat"));
    assertEquals(1, r.imageCount());
    assertEquals(1, r.groundTruthCount());
    assertEquals(1, r.detectionCount());
    assertThrows(IllegalArgumentException.class, () -> r.precisionRecall("dog"));
  }

  @Test
  void builder_validatesAndCopies() {
    assertThrows(IllegalArgumentException.class, () -> Evaluator.builder().iouThreshold(0));
    assertThrows(IllegalArgumentException.class, () -> Evaluator.builder().iouThreshold(1.5));
    Evaluator a = Evaluator.builder().iouThreshold(0.7).vocAp(VocAp.ELEVEN_POINT).build();
    Evaluator b = a.toBuilder().includeCoco(false).build();
    assertEquals(0.7, b.iouThreshold());
    assertEquals(VocAp.ELEVEN_POINT, b.vocAp());
    assertTrue(a.includeCoco() && !b.includeCoco());
  }

  @Test
  void detection_validatesAndConvertsToPixels() {
    NormalizedBox box = NormalizedBox.ofYxyx(0.25, 0.5, 0.75, 1.0);
    assertThrows(
        IllegalArgumentException.class, () -> Detection.of(1, "cat", Float.NaN, box, 200, 200));
    assertThrows(
        IllegalArgumentException.class, () -> Detection.of(-1, "cat", 0.5f, box, 200, 200));
    // a detection always knows the size of its image: its pixel box needs no unwrapping
    assertThrows(IllegalArgumentException.class, () -> Detection.of(1, "cat", 0.5f, box, 0, 0));
    Detection d = Detection.of(1, "cat", 0.5f, box, 200, 200);
    assertEquals(PixelBox.ofCorners(100, 50, 200, 150), d.pixelBox());
    assertEquals(PixelBox.ofCorners(100, 50, 200, 150), d.pixelBox(200, 200));
    assertThrows(IllegalArgumentException.class, () -> d.pixelBox(0, 10));
  }

  @Test
  void withoutLabelMap_detectionsNeedNames() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Evaluator.builder().build().evaluate(ONE_CAT, exactCat(1, "")));
    assertTrue(e.getMessage().contains("label map"));
  }

  @Test
  void pythonFloat_formatsThresholdsAsPythonStr() {
    assertEquals("0.5", Evaluator.pythonFloat(0.5));
    assertEquals("0.75", Evaluator.pythonFloat(0.75));
    assertEquals("1.0", Evaluator.pythonFloat(1.0));
  }

  @Test
  void detFixture_roundTripsExactlyOnPowerOfTwoImages() {
    assertEquals(
        PixelBox.ofCorners(10.5, 0, 12, 64), det("x", 1, 64, 64, 10.5, 0, 12, 64).pixelBox(64, 64));
  }
}
