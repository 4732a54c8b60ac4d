package dev.detect.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.spark.internal.DetectorHolder;
import dev.detect.train.detector.Detector;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job 2 on a local master against {@link Detector} run directly on the same bytes. */
@Tag("slow")
class SparkDetectorTest {
  static final Path MODEL = SparkSessions.DATA.resolve("models/tf1_frozen_aiy_person_cat_dog_256");
  static SparkSession spark;

  @TempDir static Path tmp;
  static Path images;

  @BeforeAll
  static void start() throws Exception {
    spark = SparkSessions.local("local[2]");
    images = Files.createDirectories(tmp.resolve("images"));
    Files.copy(MODEL.resolve("image.jpg"), images.resolve("image.jpg"));
    Files.createDirectories(images.resolve("sub"));
    Files.copy(MODEL.resolve("image_11.jpg"), images.resolve("sub/image_11.jpg"));
    for (int i : new int[] {1, 10, 100, 101, 102, 103}) {
      Files.copy(
          SparkSessions.DATA.resolve("raccoon/images/raccoon-" + i + ".jpg"),
          images.resolve("raccoon-" + i + ".jpg"));
    }
    Files.writeString(images.resolve("corrupt.jpg"), "not a JPEG");
    Files.writeString(images.resolve("notes.txt"), "not an image either, and not matched");
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  @Test
  void detect_givesTheDetectorsDetections_oneRowPerDetectionOrImage() throws Exception {
    DetectionOptions options = DetectionOptions.of(0.3f, 10);
    int loadsBefore = DetectorHolder.loads();
    Dataset<Row> in = SparkDetector.readImages(spark, images.toUri() + "**/*.jpg").repartition(3);
    List<Row> rows = SparkDetector.detect(in, MODEL.toString(), options).collectAsList();

    Map<String, List<Row>> byFile = new TreeMap<>();
    for (Row r : rows) {
      byFile
          .computeIfAbsent(
              Path.of(java.net.URI.create(r.getString(0))).toString(), k -> new ArrayList<>())
          .add(r);
    }
    assertEquals(9, byFile.size(), byFile.keySet().toString());
    int detections = 0;
    try (Detector detector = Detector.load(MODEL, options.detectorOptions())) {
      for (Map.Entry<String, List<Row>> e : byFile.entrySet()) {
        Path file = Path.of(e.getKey());
        List<Row> got = e.getValue();
        if (file.getFileName().toString().equals("corrupt.jpg")) {
          assertEquals(1, got.size());
          assertNull(got.get(0).getAs("label"));
          assertNotNull(got.get(0).getAs("error"));
          continue;
        }
        List<Detection> want = detector.detect(Files.readAllBytes(file));
        if (want.isEmpty()) {
          assertEquals(1, got.size());
          assertNull(got.get(0).getAs("label"));
          assertNull(got.get(0).getAs("error"));
          assertTrue((Integer) got.get(0).getAs("width") > 0);
          continue;
        }
        detections += want.size();
        assertEquals(want.size(), got.size(), file.toString());
        for (int i = 0; i < want.size(); i++) {
          Detection d = want.get(i);
          Row r = got.get(i);
          PixelBox b = d.pixelBox();
          assertEquals(d.labelName(), r.getAs("label"));
          assertEquals(d.labelId(), (int) r.getAs("label_id"));
          assertEquals(d.score(), (float) r.getAs("score"));
          assertEquals(b.xmin(), (double) r.getAs("xmin"));
          assertEquals(b.ymin(), (double) r.getAs("ymin"));
          assertEquals(b.xmax(), (double) r.getAs("xmax"));
          assertEquals(b.ymax(), (double) r.getAs("ymax"));
          assertEquals(d.imageWidth(), (int) r.getAs("width"));
          assertEquals(d.imageHeight(), (int) r.getAs("height"));
          assertNull(r.getAs("error"));
        }
      }
    }
    assertTrue(detections > 0, "some image has a detection");
    // one model per executor JVM (here: the driver's), however many tasks used it
    assertEquals(1, DetectorHolder.loads() - loadsBefore);
  }

  @Test
  void write_json_andParquet_holdTheSameRows() throws Exception {
    Dataset<Row> in = SparkDetector.readImages(spark, images.toString() + "/**/*.jpg");
    Dataset<Row> det = SparkDetector.detect(in, MODEL.toString(), DetectionOptions.DEFAULT);
    SparkDetector.write(det, tmp.resolve("out.json").toString(), "json");
    SparkDetector.write(det, tmp.resolve("out.parquet").toString(), "parquet");
    List<Row> json =
        spark
            .read()
            .schema(SparkDetector.SCHEMA)
            .json(tmp.resolve("out.json").toString())
            .orderBy("path", "score")
            .collectAsList();
    List<Row> parquet =
        spark
            .read()
            .parquet(tmp.resolve("out.parquet").toString())
            .orderBy("path", "score")
            .collectAsList();
    assertEquals(parquet, json);
    assertTrue(parquet.size() >= 9);
  }
}
