package dev.detect.core.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * Compares every metric with values computed by the reference algorithms on the same random inputs:
 * the TF OD API's PascalDetectionEvaluator path (per_image_evaluation, metrics) and pycocotools'
 * COCOeval (evaluateImg, accumulate, summarize), run with numpy. The file {@code
 * reference-golden.tsv} holds the inputs (label map, images, ground truth in pixels, detections
 * normalized with float32 scores) and the expected metrics with 17 significant digits.
 */
class ReferenceGoldenTest {
  /** Our arithmetic follows numpy's operation order, so the values agree to rounding noise. */
  private static final double TOLERANCE = 1e-12;

  @TestFactory
  List<DynamicTest> metrics_matchReferenceImplementations() throws IOException {
    List<DynamicTest> tests = new ArrayList<>();
    for (GoldenCase c : readCases()) {
      tests.add(DynamicTest.dynamicTest(c.name, () -> check(c)));
    }
    assertFalse(tests.isEmpty());
    return tests;
  }

  private static void check(GoldenCase c) {
    Evaluator evaluator =
        Evaluator.builder()
            .labelMap(LabelMap.of(c.labelMap))
            .difficultAsCrowd(c.difficultAsCrowd)
            .vocAp(c.elevenPoint ? VocAp.ELEVEN_POINT : VocAp.ALL_POINT)
            .build();
    List<ImageAnnotation> images = new ArrayList<>();
    for (ImageAnnotation.Builder b : c.images.values()) {
      images.add(b.build());
    }
    EvaluationReport report = evaluator.evaluate(AnnotationSet.of(images), c.detections());
    assertEquals(List.copyOf(c.expected.keySet()), List.copyOf(report.metrics().keySet()));
    for (Map.Entry<String, Double> e : c.expected.entrySet()) {
      double actual = report.metrics().get(e.getKey());
      double expected = e.getValue();
      if (Double.isNaN(expected)) {
        assertTrue(Double.isNaN(actual), e.getKey() + " should be NaN, was " + actual);
      } else {
        assertEquals(expected, actual, TOLERANCE, c.name + " " + e.getKey());
      }
    }
  }

  private static final class GoldenCase {
    String name;
    boolean difficultAsCrowd;
    boolean elevenPoint;
    final List<LabelMap.Item> labelMap = new ArrayList<>();
    final Map<String, ImageAnnotation.Builder> images = new LinkedHashMap<>();
    final Map<String, List<Detection>> dets = new LinkedHashMap<>();
    final Map<String, Double> expected = new LinkedHashMap<>();

    List<ImageDetections> detections() {
      List<ImageDetections> list = new ArrayList<>();
      dets.forEach((file, d) -> list.add(ImageDetections.of(file, d)));
      return list;
    }
  }

  private static List<GoldenCase> readCases() throws IOException {
    List<GoldenCase> cases = new ArrayList<>();
    try (InputStream in =
            Objects.requireNonNull(
                ReferenceGoldenTest.class.getResourceAsStream("reference-golden.tsv"));
        BufferedReader reader =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      GoldenCase current = null;
      String file = null;
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        if (line.startsWith("#")) {
          continue;
        }
        String[] f = line.split("\t");
        switch (f[0]) {
          case "case" -> {
            current = new GoldenCase();
            current.name = f[1];
          }
          case "option" -> {
            current.difficultAsCrowd |= f[1].equals("difficultAsCrowd");
            current.elevenPoint |= f[1].equals("elevenPoint");
          }
          case "labelmap" ->
              current.labelMap.add(
                  new LabelMap.Item(Integer.parseInt(f[1]), f[2], Optional.of(f[3])));
          case "image" -> {
            file = f[1];
            current.images.put(
                file,
                ImageAnnotation.builder(file, Integer.parseInt(f[2]), Integer.parseInt(f[3])));
            current.dets.put(file, new ArrayList<>());
          }
          case "gt" ->
              current
                  .images
                  .get(file)
                  .addObject(
                      ObjectAnnotation.of(
                              f[1], PixelBox.ofCorners(d(f[2]), d(f[3]), d(f[4]), d(f[5])))
                          .withDifficult(f[6].equals("1")));
          case "det" ->
              current
                  .dets
                  .get(file)
                  .add(
                      Detection.of(
                          Integer.parseInt(f[1]),
                          f[2],
                          (float) d(f[3]),
                          NormalizedBox.ofYxyx(d(f[4]), d(f[5]), d(f[6]), d(f[7])),
                          100,
                          100));
          case "expect" -> current.expected.put(f[1], d(f[2]));
          case "end" -> cases.add(current);
          default -> throw new IllegalStateException("bad golden line: " + line);
        }
      }
    }
    return cases;
  }

  private static double d(String s) {
    return Double.parseDouble(s);
  }
}
