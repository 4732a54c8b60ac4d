package dev.detect.core.split;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/** Test data: the shared bccd set read with a minimal regex parser, and synthetic sets. */
final class SplitFixtures {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  private SplitFixtures() {}

  /** The 292 bccd images (only file name, size and labelled boxes; enough for splitting). */
  static AnnotationSet bccd() throws Exception {
    List<ImageAnnotation> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(DATA.resolve("bccd/annotations"))) {
      for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
        images.add(readVoc(xml));
      }
    }
    return AnnotationSet.of(images);
  }

  /**
   * Reads the few VOC elements a split needs with regular expressions: detect-core tests cannot see
   * java.xml, and the real VOC reader lives in detect-io. Good enough for the regular bccd files.
   */
  private static ImageAnnotation readVoc(Path xml) throws Exception {
    String doc = Files.readString(xml);
    ImageAnnotation.Builder b =
        ImageAnnotation.builder(
            text(doc, "filename"),
            (int) Double.parseDouble(text(doc, "width")),
            (int) Double.parseDouble(text(doc, "height")));
    Matcher objects = OBJECT.matcher(doc);
    while (objects.find()) {
      String o = objects.group(1);
      b.addObject(
          ObjectAnnotation.of(
              text(o, "name"),
              PixelBox.ofCorners(num(o, "xmin"), num(o, "ymin"), num(o, "xmax"), num(o, "ymax"))));
    }
    return b.build();
  }

  private static final Pattern OBJECT = Pattern.compile("<object>(.*?)</object>", Pattern.DOTALL);

  private static String text(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(xml);
    if (!m.find()) {
      throw new IllegalStateException("no <" + tag + "> in " + xml);
    }
    return m.group(1).trim();
  }

  private static double num(String xml, String tag) {
    return Double.parseDouble(text(xml, tag));
  }

  /** An image with one object per label given. */
  static ImageAnnotation image(String name, String... labels) {
    ImageAnnotation.Builder b = ImageAnnotation.builder(name, 100, 100);
    for (String label : labels) {
      b.addObject(ObjectAnnotation.of(label, PixelBox.ofCorners(10, 10, 20, 20)));
    }
    return b.build();
  }

  /**
   * An imbalanced multi-label set: {@code common} in nearly every image (1-12 objects), {@code
   * medium} in ~15%, {@code rare} in 6 images, {@code tiny} in 2, {@code single} in 1, and 10%
   * negatives.
   */
  static AnnotationSet imbalanced(int n, long seed) {
    Random r = new Random(seed);
    List<ImageAnnotation> images = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      List<String> labels = new ArrayList<>();
      if (i % 10 != 3) {
        int common = 1 + r.nextInt(12);
        for (int k = 0; k < common; k++) {
          labels.add("common");
        }
        if (r.nextDouble() < 0.15) {
          labels.add("medium");
          if (r.nextBoolean()) {
            labels.add("medium");
          }
        }
      }
      if (i % 37 == 5 && i / 37 < 6) {
        labels.add("rare");
      }
      if (i == 11 || i == 12) {
        labels.add("tiny");
      }
      if (i == 20) {
        labels.add("single");
      }
      images.add(image(String.format("img_%04d.jpg", i), labels.toArray(new String[0])));
    }
    return AnnotationSet.of(images);
  }
}
