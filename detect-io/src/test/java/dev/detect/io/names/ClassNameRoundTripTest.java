package dev.detect.io.names;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.ReaderOptions;
import dev.detect.io.coco.CocoReader;
import dev.detect.io.coco.CocoWriter;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.via.ViaReader;
import dev.detect.io.via.ViaWriter;
import dev.detect.io.voc.VocReader;
import dev.detect.io.voc.VocWriter;
import dev.detect.io.yolo.YoloReader;
import dev.detect.io.yolo.YoloWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every writer either writes a class name so that its reader gives it back unchanged, or refuses it
 * with an error naming the class and the format: never a silently different class (a newline in a
 * YOLO class shifted every later class by one).
 */
class ClassNameRoundTripTest {
  @TempDir Path dir;

  static final String[] NAMES = {
    "a\nb",
    "a\rb",
    "a\tb",
    " lead",
    "trail ",
    "a\u0000b",
    "a,b",
    "a\"b",
    "a'b",
    "<a&b>",
    "été",
    "a\u2028b",
    "a\\b",
    "#a",
    "a  b"
  };

  static Stream<String> names() {
    return Stream.of(NAMES);
  }

  interface RoundTrip {
    List<String> run(AnnotationSet set, Path out) throws Exception;
  }

  AnnotationSet setOf(String name) throws Exception {
    Path images = Files.createDirectories(dir.resolve("images"));
    ImageIO.write(
        new BufferedImage(40, 30, BufferedImage.TYPE_INT_RGB),
        "png",
        images.resolve("x.png").toFile());
    return AnnotationSet.of(
        ImageAnnotation.builder("x.png", 40, 30)
            .addObject(ObjectAnnotation.of("plain", PixelBox.ofCorners(1, 1, 10, 10)))
            .addObject(ObjectAnnotation.of(name, PixelBox.ofCorners(2, 2, 20, 20)))
            .addObject(ObjectAnnotation.of("zzz", PixelBox.ofCorners(3, 3, 30, 25)))
            .build());
  }

  static List<String> labels(AnnotationSet s) {
    List<String> out = new ArrayList<>();
    s.forEach(i -> i.objects().forEach(o -> out.add(o.label())));
    return out;
  }

  void check(String format, String name, RoundTrip rt) throws Exception {
    AnnotationSet set = setOf(name);
    Path out = Files.createDirectories(dir.resolve(format));
    List<String> got;
    try {
      got = rt.run(set, out);
    } catch (IllegalArgumentException e) {
      assertTrue(e.getMessage().contains(format), format + ": " + e.getMessage());
      return;
    }
    assertEquals(labels(set), got, format + " changed " + escape(name));
  }

  static String escape(String s) {
    return s.replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
        .replace("\u0000", "\\0");
  }

  @ParameterizedTest
  @MethodSource("names")
  void yolo(String name) throws Exception {
    check(
        "YOLO",
        name,
        (set, out) -> {
          YoloWriter.builder().build().write(set, out);
          return labels(
              YoloReader.builder()
                  .options(ReaderOptions.builder().imageDirectory(dir.resolve("images")).build())
                  .build()
                  .read(out)
                  .annotations());
        });
  }

  @ParameterizedTest
  @MethodSource("names")
  void voc(String name) throws Exception {
    check(
        "VOC",
        name,
        (set, out) -> {
          VocWriter.defaults().write(set, out);
          return labels(VocReader.builder().build().read(out).annotations());
        });
  }

  @ParameterizedTest
  @MethodSource("names")
  void csv(String name) throws Exception {
    check(
        "CSV",
        name,
        (set, out) -> {
          Path f = out.resolve("all.csv");
          CsvAnnotationWriter.defaults().write(set, f);
          return labels(CsvAnnotationReader.defaults().read(f).annotations());
        });
  }

  @ParameterizedTest
  @MethodSource("names")
  void coco(String name) throws Exception {
    check(
        "COCO",
        name,
        (set, out) -> {
          Path f = out.resolve("c.json");
          CocoWriter.builder().build().write(set, f);
          return labels(CocoReader.builder().build().read(f).annotations());
        });
  }

  @ParameterizedTest
  @MethodSource("names")
  void via(String name) throws Exception {
    check(
        "VIA",
        name,
        (set, out) -> {
          Path f = out.resolve("v.json");
          ViaWriter.builder().imageDirectory(dir.resolve("images")).build().write(set, f);
          return labels(
              ViaReader.builder()
                  .options(ReaderOptions.builder().imageDirectory(dir.resolve("images")).build())
                  .build()
                  .read(f)
                  .annotations());
        });
  }

  @ParameterizedTest
  @MethodSource("names")
  void labelMap(String name) throws Exception {
    check(
        "label map",
        name,
        (set, out) -> {
          Path f = out.resolve("label_map.pbtxt");
          LabelMapFormat.write(LabelMap.fromLabels(set.labels()), f);
          List<String> names = new ArrayList<>();
          LabelMapFormat.read(f).items().forEach(it -> names.add(it.name()));
          List<String> sorted = new ArrayList<>(set.labels());
          assertEquals(sorted, names, "label map changed " + escape(name));
          return labels(set);
        });
  }
}
