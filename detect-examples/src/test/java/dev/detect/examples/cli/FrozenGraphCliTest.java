package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect detect} and {@code detect eval} on the real TF1 frozen graphs of {@code
 * ../shared/data/models}: a model folder, a {@code .pb} file, with and without a label map.
 */
@Tag("slow")
class FrozenGraphCliTest {
  static final Path MODELS = DetectCliTest.DATA.resolve("models");
  static final Path VOC = MODELS.resolve("tf1_frozen_voc20_embedded_ssd_mobilenet_v1");
  static final Path AIY = MODELS.resolve("tf1_frozen_aiy_person_cat_dog_256");
  static final Path AIY_GRAPH = AIY.resolve("mobilenet_ssd_256res_0.125_person_cat_dog.pb");
  @TempDir Path tmp;

  @Test
  void detect_onTheVocExportFolder_usesItsFrozenGraphAndPascalLabelMap() throws Exception {
    Path json = tmp.resolve("found.json");
    Run r =
        run(
            "detect",
            "--model",
            VOC.toString(),
            "--input",
            VOC.resolve("image_11.jpg").toString(),
            "--min-score",
            "0.05",
            "--max-results",
            "5",
            "--json",
            json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().startsWith("image_11.jpg: "), r.out());
    assertTrue(r.out().contains("1 image(s), 5 detection(s)"), r.out());
    assertFalse(r.err().contains("warning"), r.err());
    JsonNode all = new ObjectMapper().readTree(json.toFile());
    assertEquals(5, all.size());
    for (JsonNode d : all) {
      int id = d.get("label_id").asInt();
      assertTrue(id >= 1 && id <= 20, d.toString());
      assertFalse(d.get("label").asText().startsWith("class "), d.toString());
      assertTrue(d.get("box").get("xmax").asDouble() <= 250, d.toString());
    }
  }

  @Test
  void detect_onAFixedSizePbFile_findsThePerson_andWarnsOnceWithoutALabelMap() throws Exception {
    Path alone = Files.createDirectories(tmp.resolve("alone"));
    Path pb = Files.createSymbolicLink(alone.resolve("detector.pb"), AIY_GRAPH.toAbsolutePath());
    String image = AIY.resolve("image.jpg").toString();
    Run unnamed = run("detect", "--model", pb.toString(), "--input", image, "--max-results", "1");
    assertEquals(0, unnamed.code(), unnamed.err());
    assertTrue(unnamed.out().contains("image.jpg: 1 class 1"), unnamed.out());
    assertEquals(
        1, unnamed.err().lines().filter(l -> l.contains("warning")).count(), unnamed.err());
    assertTrue(unnamed.err().contains("no label map given or found"), unnamed.err());

    Run named =
        run(
            "detect",
            "--model",
            pb.toString(),
            "--input",
            image,
            "--max-results",
            "1",
            "--label-map",
            AIY.resolve("label_map.pbtxt").toString());
    assertEquals(0, named.code(), named.err());
    assertTrue(named.out().contains("image.jpg: 1 person"), named.out());
    assertFalse(named.err().contains("warning"), named.err());
  }

  @Test
  void eval_onARecordOfThePhoto_scoresThePersonFound() throws Exception {
    Path record = tmp.resolve("eval.record");
    // The person in image.jpg (1200×800), boxed by hand.
    ImageAnnotation photo =
        ImageAnnotation.builder("image.jpg", 1200, 800)
            .addObject(ObjectAnnotation.of("person", PixelBox.ofCorners(340, 40, 650, 750)))
            .build();
    TfRecordWriter.builder(LabelMapFormat.read(AIY.resolve("label_map.pbtxt")))
        .imageDirectory(AIY)
        .build()
        .write(AnnotationSet.of(photo), record);
    Run r = run("eval", "--model", AIY_GRAPH.toString(), "--input", record.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("PascalBoxes_PerformanceByCategory/AP@0.5IOU/person: 1.0"), r.out());
    assertTrue(r.out().contains("1 image(s)"), r.out());
  }
}
