package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.ImageDetections;
import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The detections JSON of {@code detect detect --json} and {@code detect eval --detections}. */
class DetectionsJsonTest {
  @TempDir Path tmp;

  static final AnnotationSet TRUTH =
      AnnotationSet.of(
          ImageAnnotation.builder("a.jpg", 200, 100)
              .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(20, 10, 120, 90)))
              .build(),
          ImageAnnotation.builder("sub/b.jpg", 50, 40)
              .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(5, 5, 25, 35)))
              .build());

  @Test
  void write_thenRead_givesPixelBoxesPerDetection() throws Exception {
    Path file = tmp.resolve("out/d.json");
    Detection cat =
        Detection.of(1, "cat", 0.75f, NormalizedBox.ofYxyx(0.1, 0.1, 0.9, 0.6), 200, 100);
    DetectionsJson.write(
        file,
        List.of(
            new ImageDetections("a.jpg", List.of(cat)), new ImageDetections("c.jpg", List.of())));
    String text = Files.readString(file);
    assertTrue(
        text.startsWith("[\n{\"filename\":\"a.jpg\",\"label\":\"cat\",\"label_id\":1"), text);
    List<DetectionsJson.Entry> read = DetectionsJson.read(file);
    assertEquals(1, read.size());
    DetectionsJson.Entry e = read.get(0);
    assertEquals("a.jpg", e.filename());
    assertEquals(0.75f, e.score());
    assertEquals(20, e.box().xmin(), 1e-9);
    assertEquals(10, e.box().ymin(), 1e-9);
    assertEquals(120, e.box().xmax(), 1e-9);
    assertEquals(90, e.box().ymax(), 1e-9);
  }

  @Test
  void write_emptyList_isAnEmptyArray() throws Exception {
    Path file = tmp.resolve("d.json");
    DetectionsJson.write(file, List.of());
    assertEquals(List.of(), DetectionsJson.read(file));
  }

  @Test
  void match_normalizesByGroundTruthSize_andListsUnknownImages() {
    List<DetectionsJson.Entry> entries =
        List.of(
            new DetectionsJson.Entry("a.jpg", "cat", 7, 0.9f, PixelBox.ofCorners(20, 10, 120, 90)),
            new DetectionsJson.Entry("b.jpg", "dog", 2, 0.8f, PixelBox.ofCorners(5, 4, 25, 36)),
            new DetectionsJson.Entry("x.jpg", "dog", 2, 0.5f, PixelBox.ofCorners(1, 1, 2, 2)));
    DetectionsJson.Matched m = DetectionsJson.match(entries, TRUTH);
    assertEquals(List.of("x.jpg"), m.unmatchedFiles());
    assertEquals(1, m.unmatchedDetections());
    assertEquals(2, m.images().size());
    Detection cat = m.images().get(0).detections().get(0);
    assertEquals(NormalizedBox.ofYxyx(0.1, 0.1, 0.9, 0.6), cat.box());
    assertEquals(0, cat.labelId(), "classes are matched by name");
    assertEquals("sub/b.jpg", m.images().get(1).fileName(), "matched by its last segment");
    assertEquals(0.1, m.images().get(1).detections().get(0).box().ymin(), 1e-12);
  }

  @Test
  void read_badEntries_nameFileLineAndField() throws Exception {
    Path file = tmp.resolve("bad.json");
    Files.writeString(
        file,
        "[\n{\"filename\":\"a.jpg\",\"label\":\"cat\",\"score\":0.5,\"box\":{\"xmin\":1,\"ymin\":1,\"xmax\":2,\"ymax\":2}},\n"
            + "{\"filename\":\"a.jpg\",\"label\":\"cat\",\"score\":\"high\",\"box\":{\"xmin\":1,\"ymin\":1,\"xmax\":2,\"ymax\":2}}\n]");
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> DetectionsJson.read(file));
    assertEquals(3, e.line().orElseThrow());
    assertTrue(e.getMessage().contains("bad.json:3"), e.getMessage());
    assertTrue(
        e.getMessage().contains("entry 2") && e.getMessage().contains("score"), e.getMessage());

    Files.writeString(file, "{\"filename\":\"a.jpg\"}");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> DetectionsJson.read(file))
            .getMessage()
            .contains("expected a JSON array"));
    Files.writeString(file, "[{\"filename\":\"a.jpg\",\"score\":1,\"box\":{}}]");
    assertTrue(
        assertThrows(DatasetFormatException.class, () -> DetectionsJson.read(file))
            .getMessage()
            .contains("\"label\" or a \"label_id\""));
  }

  @Test
  void read_scoreOutsideZeroToOne_isRefusedNamingFileLineAndEntry() throws Exception {
    Path file = tmp.resolve("scores.json");
    String ok =
        "{\"filename\":\"a.jpg\",\"label\":\"cat\",\"score\":%s,"
            + "\"box\":{\"xmin\":1,\"ymin\":1,\"xmax\":2,\"ymax\":2}}";
    Files.writeString(file, "[\n" + ok.formatted("0") + ",\n" + ok.formatted("1") + "\n]");
    assertEquals(2, DetectionsJson.read(file).size());
    for (String bad : new String[] {"1.7", "-0.2", "93"}) {
      Files.writeString(file, "[\n" + ok.formatted("0.5") + ",\n" + ok.formatted(bad) + "\n]");
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> DetectionsJson.read(file));
      assertTrue(e.getMessage().startsWith(file + ":3:"), e.getMessage());
      assertTrue(
          e.getMessage().contains("entry 2: \"score\" must be a confidence in [0, 1], got " + bad),
          e.getMessage());
    }
  }

  @Test
  void evalCli_scoreOutsideZeroToOne_failsNamingTheFile() throws Exception {
    Path csv = tmp.resolve("gt.csv");
    Files.writeString(
        csv, "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,200,100,cat,20,10,120,90\n");
    Path json = tmp.resolve("d.json");
    Files.writeString(
        json,
        "[{\"filename\":\"a.jpg\",\"label\":\"cat\",\"score\":1.7,"
            + "\"box\":{\"xmin\":20,\"ymin\":10,\"xmax\":120,\"ymax\":90}}]");
    Run r = run("eval", "--ground-truth", csv.toString(), "--detections", json.toString());
    assertEquals(DetectCli.EXIT_FAILURE, r.code(), r.out());
    assertTrue(r.err().contains("d.json:1:") && r.err().contains("[0, 1], got 1.7"), r.err());
  }

  @Test
  void evalCli_badJson_isOneLineNamingTheFile() throws Exception {
    Path csv = tmp.resolve("gt.csv");
    Files.writeString(
        csv, "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,200,100,cat,20,10,120,90\n");
    Path json = tmp.resolve("broken.json");
    Files.writeString(json, "[{\"filename\": \"a.jpg\", ");
    Run r = run("eval", "--ground-truth", csv.toString(), "--detections", json.toString());
    assertEquals(DetectCli.EXIT_FAILURE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("broken.json:1:") && r.err().contains("not valid JSON"), r.err());
  }

  @Test
  void evalCli_fromJson_perfectDetectionsScoreOne() throws Exception {
    Path csv = tmp.resolve("gt.csv");
    Files.writeString(
        csv,
        "filename,width,height,class,xmin,ymin,xmax,ymax\n"
            + "a.jpg,200,100,cat,20,10,120,90\n"
            + "b.jpg,50,40,dog,5,5,25,35\n");
    Path json = tmp.resolve("d.json");
    Files.writeString(
        json,
        "[{\"filename\":\"a.jpg\",\"label\":\"cat\",\"label_id\":1,\"score\":0.9,"
            + "\"box\":{\"xmin\":20,\"ymin\":10,\"xmax\":120,\"ymax\":90}},"
            + "{\"filename\":\"elsewhere.jpg\",\"label\":\"cat\",\"label_id\":1,\"score\":0.9,"
            + "\"box\":{\"xmin\":20,\"ymin\":10,\"xmax\":120,\"ymax\":90}}]");
    Run r = run("eval", "--ground-truth", csv.toString(), "--detections", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("PascalBoxes_PerformanceByCategory/AP@0.5IOU/cat: 1.000000"), r.out());
    assertTrue(
        r.out().contains("PascalBoxes_PerformanceByCategory/AP@0.5IOU/dog: 0.000000"), r.out());
    assertTrue(r.out().contains("PascalBoxes_Precision/mAP@0.5IOU: 0.500000"), r.out());
    assertTrue(r.out().contains("2 image(s), 2 object(s), 1 detection(s)"), r.out());
    assertTrue(r.err().contains("elsewhere.jpg"), r.err());
    assertTrue(r.err().contains("1 ground-truth image(s) have no entry"), r.err());
  }

  @Test
  void detectCli_missingModel_isOneLine() throws Exception {
    Path image = tmp.resolve("x.png");
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(8, 8, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        image.toFile());
    Run r = run("detect", "--model", tmp.resolve("nope").toString(), "--input", image.toString());
    assertEquals(DetectCli.EXIT_FAILURE, r.code());
    assertEquals(1, r.err().strip().lines().count(), r.err());
    assertTrue(r.err().contains("no such file") && r.err().contains("nope"), r.err());
  }

  @Test
  void evalCli_needsExactlyOneSource() {
    assertEquals(2, run("eval", "--json").code());
    assertEquals(2, run("eval", "--model", "m").code(), "--model without --input");
    assertEquals(
        2,
        run(
                "eval",
                "--model",
                "m",
                "--input",
                "x.record",
                "--ground-truth",
                "a.csv",
                "--detections",
                "d.json")
            .code());
  }
}
