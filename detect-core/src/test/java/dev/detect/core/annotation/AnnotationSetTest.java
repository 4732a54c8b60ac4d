package dev.detect.core.annotation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.box.PixelBox;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnnotationSetTest {
  static ImageAnnotation image(String name, String... labels) {
    ImageAnnotation.Builder b = ImageAnnotation.builder(name, 100, 80);
    for (String l : labels) {
      b.addObject(ObjectAnnotation.of(l, PixelBox.ofCorners(1, 1, 10, 10)));
    }
    return b.build();
  }

  @Test
  void counts_perClassObjectsAndImages() {
    AnnotationSet set =
        AnnotationSet.of(
            image("a.jpg", "dog", "dog", "cat"), image("b.jpg", "dog"), image("c.jpg"));
    assertEquals(Map.of("cat", 1, "dog", 3), set.classCounts());
    assertEquals(Map.of("cat", 1, "dog", 2), set.imageCountsPerClass());
    assertEquals(4, set.objectCount());
    assertEquals(1, set.negativeCount());
    assertEquals(List.of("cat", "dog"), List.copyOf(set.labels()));
    assertEquals("b.jpg", set.find("b.jpg").orElseThrow().fileName());
    assertTrue(set.find("z.jpg").isEmpty());
  }

  @Test
  void duplicateFileNames_areRejected() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> AnnotationSet.of(image("a.jpg"), image("a.jpg")));
    assertTrue(e.getMessage().contains("a.jpg"));
  }

  @Test
  void validateBoxes_reportsEveryProblemWithoutFixingIt() {
    ImageAnnotation img =
        ImageAnnotation.builder("x.jpg", 100, 80)
            .addObject(ObjectAnnotation.of("a", PixelBox.ofCorners(10, 10, 5, 20)))
            .addObject(ObjectAnnotation.of("a", PixelBox.ofCorners(10, 10, 10, 10)))
            .addObject(ObjectAnnotation.of("a", PixelBox.ofCorners(50, 50, 120, 60)))
            .addObject(ObjectAnnotation.of("a", PixelBox.ofCorners(1, 1, 100, 80)))
            .build();
    List<ValidationIssue> issues = AnnotationSet.of(img).validateBoxes();
    assertEquals(
        List.of("box-inverted", "box-zero-area", "box-outside-image"),
        issues.stream().map(ValidationIssue::code).toList());
    assertEquals(List.of(0, 1, 2), issues.stream().map(ValidationIssue::objectIndex).toList());
    assertEquals(
        PixelBox.ofCorners(50, 50, 120, 60),
        img.objects().get(2).box(),
        "nothing is silently fixed");
  }

  @Test
  void builder_snapshotsAndToBuilderRoundTrips() {
    ImageAnnotation.Builder b =
        ImageAnnotation.builder("a.jpg", 10, 10)
            .addObject(ObjectAnnotation.of("x", PixelBox.ofCorners(0, 0, 1, 1)));
    ImageAnnotation first = b.build();
    b.addObject(ObjectAnnotation.of("y", PixelBox.ofCorners(0, 0, 1, 1)));
    assertEquals(1, first.objects().size());
    assertEquals(first, first.toBuilder().build());
    assertThrows(IllegalArgumentException.class, () -> ImageAnnotation.builder("a.jpg", 0, 10));
    assertThrows(
        IllegalArgumentException.class,
        () -> ObjectAnnotation.of(" ", PixelBox.ofCorners(0, 0, 1, 1)));
  }
}
