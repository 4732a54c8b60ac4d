package dev.detect.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;

/** Properties over random scenes (a seed drives the scene generator). */
class EvaluatorPropertiesTest {
  private static final String[] CLASSES = {"cat", "dog", "fish"};
  private static final Evaluator EVALUATOR = Evaluator.builder().build();

  /** Random ground truth; objects of one class in one image overlap with IoU below 0.5. */
  private static AnnotationSet groundTruth(Random rnd, boolean difficult) {
    List<ImageAnnotation> images = new ArrayList<>();
    int n = 1 + rnd.nextInt(6);
    for (int i = 0; i < n; i++) {
      int w = 16 + rnd.nextInt(1500);
      int h = 16 + rnd.nextInt(1500);
      ImageAnnotation.Builder b = ImageAnnotation.builder("img" + i + ".jpg", w, h);
      List<ObjectAnnotation> placed = new ArrayList<>();
      for (int k = rnd.nextInt(8); k > 0; k--) {
        double bw = 2 + rnd.nextDouble() * (w - 2);
        double bh = 2 + rnd.nextDouble() * (h - 2);
        double x = rnd.nextDouble() * (w - bw);
        double y = rnd.nextDouble() * (h - bh);
        ObjectAnnotation o =
            ObjectAnnotation.of(
                    CLASSES[rnd.nextInt(CLASSES.length)], PixelBox.ofCorners(x, y, x + bw, y + bh))
                .withDifficult(difficult && rnd.nextInt(5) == 0);
        if (placed.stream()
            .noneMatch(p -> p.label().equals(o.label()) && p.box().iou(o.box()) >= 0.5)) {
          placed.add(o);
          b.addObject(o);
        }
      }
      images.add(b.build());
    }
    return AnnotationSet.of(images);
  }

  private static List<ImageDetections> noisyDetections(Random rnd, AnnotationSet gt) {
    List<ImageDetections> result = new ArrayList<>();
    for (ImageAnnotation image : gt) {
      List<Detection> dets = new ArrayList<>();
      for (ObjectAnnotation o : image.objects()) {
        for (int k = rnd.nextInt(3); k > 0; k--) {
          PixelBox b = o.box();
          double jx = rnd.nextGaussian() * 0.15 * b.width();
          double jy = rnd.nextGaussian() * 0.15 * b.height();
          PixelBox moved =
              PixelBox.ofCorners(b.xmin() + jx, b.ymin() + jy, b.xmax() + jx, b.ymax());
          dets.add(
              Detection.of(
                  0,
                  rnd.nextInt(6) == 0 ? CLASSES[rnd.nextInt(3)] : o.label(),
                  rnd.nextFloat(),
                  moved.toNormalized(image.width(), image.height()),
                  100,
                  100));
        }
      }
      for (int k = rnd.nextInt(4); k > 0; k--) {
        double y = rnd.nextDouble() * 0.8;
        double x = rnd.nextDouble() * 0.8;
        dets.add(
            Detection.of(
                0,
                CLASSES[rnd.nextInt(3)],
                rnd.nextFloat(),
                NormalizedBox.ofYxyx(y, x, y + 0.01 + rnd.nextDouble() * 0.19, x + 0.2),
                100,
                100));
      }
      result.add(ImageDetections.of(image.fileName(), dets));
    }
    return result;
  }

  @Property(tries = 200)
  void allMetrics_areInUnitInterval_orMarkedMissing(@ForAll long seed) {
    Random rnd = new Random(seed);
    AnnotationSet gt = groundTruth(rnd, true);
    EvaluationReport r = EVALUATOR.evaluate(gt, noisyDetections(rnd, gt));
    for (Map.Entry<String, Double> e : r.metrics().entrySet()) {
      double v = e.getValue();
      boolean missing = e.getKey().startsWith("Pascal") ? Double.isNaN(v) : v == -1;
      assertTrue(missing || (v >= 0 && v <= 1), e.getKey() + " = " + v);
    }
  }

  @Property(tries = 200)
  void perfectDetections_giveMapOne(@ForAll long seed) {
    Random rnd = new Random(seed);
    AnnotationSet gt = groundTruth(rnd, false);
    List<ImageDetections> dets = new ArrayList<>();
    for (ImageAnnotation image : gt) {
      List<Detection> perfect = new ArrayList<>();
      for (ObjectAnnotation o : image.objects()) {
        perfect.add(
            Detection.of(
                0,
                o.label(),
                rnd.nextFloat(),
                o.box().toNormalized(image.width(), image.height()),
                100,
                100));
      }
      dets.add(ImageDetections.of(image.fileName(), perfect));
    }
    EvaluationReport r = EVALUATOR.evaluate(gt, dets);
    if (gt.objectCount() == 0) {
      assertTrue(Double.isNaN(r.vocMap()));
      assertEquals(-1.0, r.cocoMap());
      return;
    }
    assertEquals(1.0, r.vocMap(), 0.0);
    // pycocotools' precision is tp / (tp + fp + 2^-52): 1 - 2^-52 for the first detection.
    assertEquals(1.0, r.cocoMap(), 1e-12);
  }

  @Property(tries = 200)
  void addingALowScoreFalsePositive_neverRaisesAp(@ForAll long seed) {
    Random rnd = new Random(seed);
    AnnotationSet gt = groundTruth(rnd, true);
    List<ImageDetections> dets = noisyDetections(rnd, gt);
    EvaluationReport before = EVALUATOR.evaluate(gt, dets);
    // The false positive goes to an extra image without objects, below every other score.
    float lowest = 1;
    for (ImageDetections d : dets) {
      for (Detection x : d.detections()) {
        lowest = Math.min(lowest, x.score());
      }
    }
    String cls = CLASSES[rnd.nextInt(CLASSES.length)];
    AnnotationSet withNegative =
        gt.concat(AnnotationSet.of(ImageAnnotation.builder("negative.jpg", 64, 64).build()));
    List<ImageDetections> more = new ArrayList<>(dets);
    more.add(
        ImageDetections.of(
            "negative.jpg",
            List.of(
                Detection.of(
                    0,
                    cls,
                    Math.nextDown(lowest),
                    NormalizedBox.ofYxyx(0, 0, 0.5, 0.5),
                    100,
                    100))));
    EvaluationReport after = EVALUATOR.evaluate(withNegative, more);
    for (ClassResult c : before.classes()) {
      ClassResult a = after.classResult(c.name()).orElseThrow();
      if (Double.isNaN(c.vocAp())) {
        assertTrue(Double.isNaN(a.vocAp()));
      } else {
        assertTrue(a.vocAp() <= c.vocAp(), c.name() + ": " + a.vocAp() + " > " + c.vocAp());
      }
      assertTrue(a.cocoAp() <= c.cocoAp(), c.name() + ": " + a.cocoAp() + " > " + c.cocoAp());
    }
  }
}
