package dev.detect.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.coco.CocoReader;
import dev.detect.io.coco.CocoWriter;
import dev.detect.io.via.ViaReader;
import dev.detect.io.via.ViaWriter;
import dev.detect.io.yolo.YoloReader;
import dev.detect.io.yolo.YoloWriter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Converts the shared YOLO and COCO examples through every writer/reader pair of the YOLO, COCO and
 * VIA formats and checks that what both formats can express survives. Documented losses: YOLO keeps
 * coordinates to 1e-6 of the image size and drops difficult flags; COCO stores no depth (read back
 * as 3); VIA and YOLO need the images to read sizes back.
 */
class FormatConversionTest {
  static final Path YOLO_IMAGES = TestImages.DATA.resolve("yolo_example/img");
  static final Path COCO_DIR = TestImages.DATA.resolve("coco_example/test");
  static final Path COCO_FILE = COCO_DIR.resolve("_annotations.coco.json");

  /** What a format loses: box precision relative to the image size, difficult flags, depth. */
  record Loss(double boxTolerance, boolean keepsDifficult, boolean keepsDepth) {}

  /** A format under test: writes a set and reads it back, given where the images are. */
  interface Format {
    AnnotationSet roundTrip(AnnotationSet set, Path tmp, Path images) throws IOException;
  }

  static final Format YOLO =
      (set, tmp, images) -> {
        WriteResult w = YoloWriter.builder().build().write(set, tmp.resolve("labels"));
        assertEquals(set.size() + 1, w.files().size());
        return YoloReader.builder()
            .options(ReaderOptions.builder().imageDirectory(images).build())
            .build()
            .read(tmp.resolve("labels"))
            .annotations();
      };
  static final Format COCO =
      (set, tmp, images) -> {
        CocoWriter.builder().build().write(set, tmp.resolve("coco.json"));
        return CocoReader.builder().build().read(tmp.resolve("coco.json")).annotations();
      };
  static final Format VIA =
      (set, tmp, images) -> {
        ViaWriter.builder().imageDirectory(images).build().write(set, tmp.resolve("via.json"));
        return ViaReader.builder()
            .options(ReaderOptions.builder().imageDirectory(images).build())
            .build()
            .read(tmp.resolve("via.json"))
            .annotations();
      };

  static final Loss YOLO_LOSS = new Loss(1e-6, false, true);
  static final Loss COCO_LOSS = new Loss(0, true, false);
  static final Loss VIA_LOSS = new Loss(0, true, true);

  static AnnotationSet yoloExample() throws IOException {
    return YoloReader.builder().build().read(YOLO_IMAGES).annotations();
  }

  static AnnotationSet cocoExample() throws IOException {
    return CocoReader.builder().build().read(COCO_FILE).annotations();
  }

  static Stream<Arguments> pairs() {
    return Stream.of(
        Arguments.of("yolo_example", "YOLO", YOLO, YOLO_LOSS),
        Arguments.of("yolo_example", "COCO", COCO, COCO_LOSS),
        Arguments.of("yolo_example", "VIA", VIA, VIA_LOSS),
        Arguments.of("coco_example", "YOLO", YOLO, YOLO_LOSS),
        Arguments.of("coco_example", "COCO", COCO, COCO_LOSS),
        Arguments.of("coco_example", "VIA", VIA, VIA_LOSS));
  }

  @ParameterizedTest(name = "{0} through {1}")
  @MethodSource("pairs")
  void roundTrip_keepsWhatTheFormatCanExpress(
      String source, String formatName, Format format, Loss loss, @TempDir Path tmp)
      throws IOException {
    boolean yolo = source.startsWith("yolo");
    AnnotationSet original = yolo ? yoloExample() : cocoExample();
    AnnotationSet back = format.roundTrip(original, tmp, yolo ? YOLO_IMAGES : COCO_DIR);
    assertSameModulo(original, back, loss);
    assertEquals(original.classCounts(), back.classCounts());
    assertEquals(original.negativeCount(), back.negativeCount());
  }

  @Test
  void chain_cocoToYoloToViaToCoco_keepsEveryBoxWithinYoloPrecision(@TempDir Path tmp)
      throws IOException {
    AnnotationSet original = cocoExample();
    AnnotationSet viaYolo = YOLO.roundTrip(original, tmp.resolve("1"), COCO_DIR);
    AnnotationSet viaVia = VIA.roundTrip(viaYolo, tmp.resolve("2"), COCO_DIR);
    AnnotationSet end = COCO.roundTrip(viaVia, tmp.resolve("3"), COCO_DIR);
    assertSameModulo(original, end, YOLO_LOSS);
    assertEquals(376, end.objectCount());
    assertEquals(29, end.size());
  }

  @Test
  void difficultFlags_surviveCocoAndViaButAreReportedByYolo(@TempDir Path tmp) throws IOException {
    AnnotationSet original = yoloExample();
    AnnotationSet difficult =
        AnnotationSet.of(
            original.images().stream()
                .map(
                    i ->
                        i.toBuilder()
                            .objects(i.objects().stream().map(o -> o.withDifficult(true)).toList())
                            .build())
                .toList());
    assertSameModulo(
        difficult, COCO.roundTrip(difficult, tmp.resolve("c"), YOLO_IMAGES), COCO_LOSS);
    assertSameModulo(difficult, VIA.roundTrip(difficult, tmp.resolve("v"), YOLO_IMAGES), VIA_LOSS);
    WriteResult w = YoloWriter.builder().build().write(difficult, tmp.resolve("y"));
    assertTrue(
        w.notWritten().stream()
            .anyMatch(n -> n.message().startsWith("difficult flag of 35 objects in 10 images")),
        w.notWritten().toString());
  }

  static void assertSameModulo(AnnotationSet expected, AnnotationSet actual, Loss loss) {
    Map<String, ImageAnnotation> byName = actual.asMap();
    assertEquals(expected.size(), actual.size(), "image count");
    for (ImageAnnotation e : sorted(expected)) {
      ImageAnnotation a = byName.get(e.fileName());
      String where = e.fileName();
      assertTrue(a != null, "missing image " + where);
      assertEquals(e.width(), a.width(), where);
      assertEquals(e.height(), a.height(), where);
      if (loss.keepsDepth()) {
        assertEquals(e.depth(), a.depth(), where);
      }
      assertEquals(e.objects().size(), a.objects().size(), where);
      for (int i = 0; i < e.objects().size(); i++) {
        assertSameObject(e.objects().get(i), a.objects().get(i), e, loss, where + " object " + i);
      }
    }
  }

  private static void assertSameObject(
      ObjectAnnotation e, ObjectAnnotation a, ImageAnnotation image, Loss loss, String where) {
    assertEquals(e.label(), a.label(), where);
    PixelBox eb = e.box();
    PixelBox ab = a.box();
    double tx = loss.boxTolerance() * image.width();
    double ty = loss.boxTolerance() * image.height();
    assertEquals(eb.xmin(), ab.xmin(), tx, where + " xmin");
    assertEquals(eb.ymin(), ab.ymin(), ty, where + " ymin");
    assertEquals(eb.xmax(), ab.xmax(), tx, where + " xmax");
    assertEquals(eb.ymax(), ab.ymax(), ty, where + " ymax");
    assertEquals(loss.keepsDifficult() && e.difficult(), a.difficult(), where + " difficult");
  }

  private static List<ImageAnnotation> sorted(AnnotationSet set) {
    return set.images().stream().sorted(Comparator.comparing(ImageAnnotation::fileName)).toList();
  }
}
