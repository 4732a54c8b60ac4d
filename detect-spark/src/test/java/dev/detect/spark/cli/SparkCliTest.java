package dev.detect.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.examples.cli.DetectCli;
import dev.detect.io.AnnotationReaders;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detect spark tfrecord|detect} end to end on a local master. */
@Tag("slow")
class SparkCliTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = SparkCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void tfrecord_writesTheShardsDetectTfrecordWrites() throws Exception {
    Path raccoon = DATA.resolve("raccoon");
    Path labelMap = raccoon.resolve("training/object-detection.pbtxt");
    int code =
        run(
            "tfrecord",
            "--input",
            raccoon.resolve("annotations").toString(),
            "--images",
            raccoon.resolve("images").toString(),
            "--label-map",
            labelMap.toString(),
            "--output",
            tmp.resolve("spark/train.record").toString(),
            "--shards",
            "2",
            "--master",
            "local[2]");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith("wrote 160 images, 173 objects"), out.toString());
    assertTrue(out.toString().contains("train.record-?????-of-00002"), out.toString());
    TfRecordWriteResult local =
        TfRecordWriter.builder(LabelMapFormat.read(labelMap))
            .imageDirectory(raccoon.resolve("images"))
            .shards(2)
            .build()
            .write(
                AnnotationReaders.read(raccoon.resolve("annotations"), ReaderOptions.defaults())
                    .annotations(),
                tmp.resolve("local/train.record"));
    for (Path f : local.files()) {
      assertArrayEquals(
          Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("spark").resolve(f.getFileName())));
    }
    try (Stream<Path> s = Files.list(tmp.resolve("spark"))) {
      assertEquals(2, s.count(), "the shards alone");
    }
  }

  @Test
  void detect_writesJsonLines_andCountsImages() throws Exception {
    Path model = DATA.resolve("models/tf1_frozen_aiy_person_cat_dog_256");
    int code =
        run(
            "detect",
            "--model",
            model.toString(),
            "--input",
            model.toAbsolutePath() + "/**/*.jpg",
            "--output",
            tmp.resolve("det").toString(),
            "--format",
            "json",
            "--min-score",
            "0.3",
            "--master",
            "local[2]");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith("2 image(s), "), out.toString());
    ObjectMapper json = new ObjectMapper();
    List<String> spark = new ArrayList<>();
    try (Stream<Path> s = Files.list(tmp.resolve("det"))) {
      List<Path> parts = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
      assertTrue(!parts.isEmpty());
      for (Path part : parts) {
        for (String line : Files.readAllLines(part)) {
          JsonNode r = json.readTree(line);
          if (!r.path("label").isMissingNode() && !r.path("label").isNull()) {
            spark.add(
                detection(
                    Path.of(URI.create(r.get("path").asText())).getFileName().toString(),
                    r.get("label").asText(),
                    r.get("label_id").asInt(),
                    r.get("score").floatValue(),
                    r.get("xmin").asDouble(),
                    r.get("ymin").asDouble(),
                    r.get("xmax").asDouble(),
                    r.get("ymax").asDouble()));
          }
        }
      }
    }
    // the same images through the single-machine `detect detect --json`
    Path single = tmp.resolve("single.json");
    CommandLine detect = DetectCli.newCommandLine();
    detect.setOut(new PrintWriter(new StringWriter(), true));
    StringWriter detectErr = new StringWriter();
    detect.setErr(new PrintWriter(detectErr, true));
    assertEquals(
        0,
        detect.execute(
            "detect",
            "--model",
            model.toString(),
            "--input",
            model.toString(),
            "--min-score",
            "0.3",
            "--json",
            single.toString()),
        detectErr.toString());
    List<String> expected = new ArrayList<>();
    for (JsonNode d : json.readTree(single.toFile())) {
      JsonNode box = d.get("box");
      expected.add(
          detection(
              Path.of(d.get("filename").asText()).getFileName().toString(),
              d.get("label").asText(),
              d.get("label_id").asInt(),
              d.get("score").floatValue(),
              box.get("xmin").asDouble(),
              box.get("ymin").asDouble(),
              box.get("xmax").asDouble(),
              box.get("ymax").asDouble()));
    }
    assertTrue(!expected.isEmpty(), "detect detect found something on the two images");
    Collections.sort(expected);
    Collections.sort(spark);
    assertEquals(expected, spark);
  }

  /** One detection as text: file, label, id, score and the pixel box to 1e-3 px. */
  private static String detection(
      String file, String label, int id, float score, double x0, double y0, double x1, double y1) {
    return String.format(
        Locale.ROOT, "%s %s %d %.6f %.3f %.3f %.3f %.3f", file, label, id, score, x0, y0, x1, y1);
  }

  @Test
  void badOption_isAUsageError() {
    assertEquals(
        2, run("detect", "--model", "m", "--input", "i", "--output", "o", "--format", "csv"));
    assertTrue(err.toString().contains("--format must be parquet or json"), err.toString());
  }
}
