package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.synthetic.SyntheticShapes;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The model commands end to end on a tiny generated dataset: config, train (a few steps), export,
 * detect, eval from the model, from a detections JSON and from the training folder.
 */
@Tag("slow")
class ModelCommandsTest {
  static final String LR =
      "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate";
  @TempDir static Path dir;
  static Path config;
  static Path model;
  static Path exported;
  static Run trained;
  static Run exportRun;

  @BeforeAll
  static void trainAndExport() throws Exception {
    SyntheticShapes.builder().images(24).imageSize(160, 120).seed(3).build().write(dir);
    ok(run("csv", "--input", s("annotations"), "--output", s("all.csv"), "--keep-negatives"));
    ok(run("labelmap", "--input", s("all.csv"), "--output", s("label_map.pbtxt")));
    ok(
        run(
            "tfrecord",
            "--input",
            s("all.csv"),
            "--images",
            s("images"),
            "--label-map",
            s("label_map.pbtxt"),
            "--output",
            s("shapes.record")));
    config = dir.resolve("pipeline.config");
    ok(
        run(
            "config",
            "--preset",
            "tiny",
            "--label-map",
            s("label_map.pbtxt"),
            "--train-input",
            s("shapes.record"),
            "--eval-input",
            s("shapes.record"),
            "--batch-size",
            "4",
            "--num-steps",
            "1000",
            // A gentle learning rate: these steps test plumbing, not learning.
            "--set",
            LR + ".learning_rate_base=0.004",
            "--set",
            LR + ".warmup_learning_rate=0.001",
            "--output",
            config.toString()));
    model = dir.resolve("model");
    trained =
        run(
            "train",
            "--pipeline-config",
            config.toString(),
            "--model-dir",
            model.toString(),
            "--num-train-steps",
            "12",
            "--checkpoint-every",
            "5",
            "--seed",
            "7",
            "--threads",
            "2",
            "--cache-mb",
            "1"); // holds some of the images: the rest are read and decoded every time
    ok(trained);
    exported = dir.resolve("exported");
    exportRun =
        run(
            "export",
            "--pipeline_config_path",
            config.toString(),
            "--trained_checkpoint_dir",
            model.toString(),
            "--output_directory",
            exported.toString());
    ok(exportRun);
  }

  static String s(String name) {
    return dir.resolve(name).toString();
  }

  static void ok(Run r) {
    assertEquals(0, r.code(), r.err());
  }

  @Test
  void train_printsOutcomeStepLossAndCheckpoint_andResumes() {
    assertTrue(trained.out().contains("training completed at step 12"), trained.out());
    assertTrue(trained.out().contains("final loss"), trained.out());
    assertTrue(trained.out().contains("ckpt-12"), trained.out());
    assertTrue(Files.exists(model.resolve("ckpt-5.index")));
    assertTrue(Files.exists(model.resolve("ckpt-12.index")));
    Run again =
        run(
            "train",
            "--pipeline-config",
            config.toString(),
            "--model-dir",
            model.toString(),
            "--num-train-steps",
            "12");
    ok(again);
    assertTrue(again.out().contains("nothing to train"), again.out());
  }

  private static final Pattern STEP_LINE = Pattern.compile("step \\d+/100000 ");

  private static String readIfExists(Path file) throws java.io.IOException {
    return Files.exists(file) ? Files.readString(file) : "";
  }

  @Test
  void train_sigterm_stopsAfterTheStepWithACheckpoint() throws Exception {
    Path stopped = dir.resolve("model-stopped");
    Path log = dir.resolve("stopped.err");
    Process p =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                DetectCli.class.getName(),
                "train",
                "--pipeline-config",
                config.toString(),
                "--model-dir",
                stopped.toString(),
                "--num-train-steps",
                "100000",
                "--threads",
                "2")
            .redirectError(log.toFile())
            .redirectOutput(dir.resolve("stopped.out").toFile())
            .start();
    try {
      // Signal once a step has run: the progress log (stderr is not a terminal) has a step line.
      long deadline = System.nanoTime() + 180_000_000_000L;
      while (!STEP_LINE.matcher(readIfExists(log)).find()) {
        assertTrue(p.isAlive(), "training ended before a step: " + readIfExists(log));
        assertTrue(System.nanoTime() < deadline, "no step within 180 s: " + readIfExists(log));
        Thread.sleep(100);
      }
      p.destroy(); // SIGTERM: the same shutdown hook as Ctrl-C's SIGINT
      assertTrue(p.waitFor(60, java.util.concurrent.TimeUnit.SECONDS), "did not exit");
      String out = Files.readString(dir.resolve("stopped.out"));
      assertTrue(Pattern.compile("training stopped at step [1-9]").matcher(out).find(), out);
      String state = Files.readString(stopped.resolve("checkpoint"));
      assertTrue(state.startsWith("model_checkpoint_path: \"ckpt-"), state);
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void export_writesTheExporterMainV2Layout_andTheFrozenGraph() {
    for (String f :
        List.of(
            "saved_model/saved_model.pb",
            "checkpoint/ckpt-0.index",
            "label_map.pbtxt",
            "frozen_inference_graph.pb")) {
      assertTrue(Files.exists(exported.resolve(f)), f);
    }
    assertTrue(
        exportRun
            .out()
            .contains("wrote the frozen graph " + exported.resolve("frozen_inference_graph.pb")),
        exportRun.out());
  }

  @Test
  void detect_folder_writesJsonAndAnnotatedImages() throws Exception {
    Path json = dir.resolve("det/detections.json");
    Path annotated = dir.resolve("annotated");
    Run r =
        run(
            "detect",
            "--model",
            exported.toString(),
            "--input",
            s("images"),
            "--min-score",
            "0",
            "--max-results",
            "5",
            "--json",
            json.toString(),
            "--output-dir",
            annotated.toString());
    ok(r);
    assertTrue(r.out().contains("shapes-00000.jpg: "), r.out());
    assertTrue(r.out().contains("24 image(s), 120 detection(s)"), r.out());
    try (Stream<Path> files = Files.list(annotated)) {
      assertEquals(24, files.filter(p -> p.toString().endsWith(".jpg")).count());
    }
    BufferedImage first = ImageIO.read(annotated.resolve("shapes-00000.jpg").toFile());
    assertEquals(160, first.getWidth());
    JsonNode array = new ObjectMapper().readTree(json.toFile());
    assertTrue(array.isArray());
    assertEquals(120, array.size());
    for (JsonNode d : array) {
      assertTrue(d.get("filename").asText().matches("shapes-\\d{5}\\.jpg"), d.toString());
      assertTrue(SyntheticShapes.CLASSES.contains(d.get("label").asText()), d.toString());
      int id = d.get("label_id").asInt();
      assertEquals(SyntheticShapes.CLASSES.indexOf(d.get("label").asText()) + 1, id);
      double score = d.get("score").asDouble();
      assertTrue(score >= 0 && score <= 1, d.toString());
      JsonNode box = d.get("box");
      assertTrue(box.get("xmin").asDouble() >= 0 && box.get("xmax").asDouble() <= 160, d + "");
      assertTrue(box.get("ymin").asDouble() >= 0 && box.get("ymax").asDouble() <= 120, d + "");
      assertTrue(box.get("xmin").asDouble() <= box.get("xmax").asDouble(), d.toString());
    }
  }

  @Test
  void detect_singleImage_minScoreFilters() {
    Run r =
        run(
            "detect",
            "--model",
            exported.toString(),
            "--input",
            s("images/shapes-00001.jpg"),
            "--min-score",
            "1");
    ok(r);
    assertTrue(r.out().contains("shapes-00001.jpg: no detections"), r.out());
    assertTrue(r.out().contains("1 image(s), 0 detection(s)"), r.out());
  }

  @Test
  void eval_fromModelAndFromItsJson_giveTheSameMetrics() throws Exception {
    Run fromModel =
        run(
            "eval",
            "--model",
            exported.toString(),
            "--input",
            s("shapes.record"),
            "--plot",
            s("pr.png"));
    ok(fromModel);
    for (String name :
        List.of(
            "PascalBoxes_Precision/mAP@0.5IOU: ",
            "PascalBoxes_PerformanceByCategory/AP@0.5IOU/circle: ",
            "DetectionBoxes_Precision/mAP: ",
            "DetectionBoxes_Recall/AR@100: ")) {
      assertTrue(fromModel.out().contains(name), name + " in\n" + fromModel.out());
    }
    assertTrue(fromModel.out().contains("24 image(s)"), fromModel.out());
    assertTrue(ImageIO.read(dir.resolve("pr.png").toFile()).getWidth() > 100);

    Path json = dir.resolve("all-detections.json");
    ok(
        run(
            "detect",
            "--model",
            exported.toString(),
            "--input",
            s("images"),
            "--min-score",
            "0",
            "--json",
            json.toString()));
    Run fromCsv = run("eval", "--ground-truth", s("all.csv"), "--detections", json.toString());
    ok(fromCsv);
    assertEquals(metrics(fromModel.out()), metrics(fromCsv.out()));
    Run fromRecord =
        run(
            "eval",
            "--ground-truth",
            s("shapes.record"),
            "--detections",
            json.toString(),
            "--label-map",
            s("label_map.pbtxt"),
            "--json");
    ok(fromRecord);
    JsonNode doc = new ObjectMapper().readTree(fromRecord.out());
    assertEquals(
        Double.parseDouble(metrics(fromModel.out()).get("PascalBoxes_Precision/mAP@0.5IOU")),
        doc.get("metrics").get("PascalBoxes_Precision/mAP@0.5IOU").asDouble(),
        1e-6);
    assertEquals(3, doc.get("per_class").size());
    assertEquals(24, doc.get("images").asInt());
  }

  static Map<String, String> metrics(String text) {
    Map<String, String> m = new HashMap<>();
    for (String line : text.split("\n")) {
      int colon = line.lastIndexOf(": ");
      if (line.startsWith("PascalBoxes_") || line.startsWith("DetectionBoxes_")) {
        m.put(line.substring(0, colon), line.substring(colon + 2).strip());
      }
    }
    assertFalse(m.isEmpty(), text);
    return m;
  }

  @Test
  void eval_fromTrainingFolder_evaluatesTheLatestCheckpoint() {
    Run r = run("eval", "--pipeline-config", config.toString(), "--model-dir", model.toString());
    ok(r);
    assertTrue(r.err().contains("ckpt-12 (step 12)"), r.err());
    assertTrue(r.out().contains("PascalBoxes_Precision/mAP@0.5IOU: "), r.out());
  }

  @Test
  void failures_areOneLine() throws Exception {
    Run noModel = run("detect", "--model", s("nope"), "--input", s("images/shapes-00000.jpg"));
    assertEquals(DetectCli.EXIT_FAILURE, noModel.code());
    assertEquals(1, noModel.err().strip().lines().count(), noModel.err());
    assertTrue(noModel.err().contains("saved_model.pb"), noModel.err());

    Run noCheckpoint =
        run(
            "export",
            "--pipeline-config",
            config.toString(),
            "--trained-checkpoint-dir",
            s("empty-model"),
            "--output-directory",
            s("x"));
    assertEquals(DetectCli.EXIT_FAILURE, noCheckpoint.code());
    assertEquals(1, noCheckpoint.err().strip().lines().count(), noCheckpoint.err());

    Path badConfig = dir.resolve("bad.config");
    Files.writeString(
        badConfig, Files.readString(config).replace(s("shapes.record"), s("missing.record")));
    Run noInput =
        run(
            "train",
            "--pipeline-config",
            badConfig.toString(),
            "--model-dir",
            s("model-bad"),
            "--num-train-steps",
            "2");
    assertEquals(DetectCli.EXIT_FAILURE, noInput.code());
    assertTrue(noInput.err().contains("missing.record"), noInput.err());
    assertEquals(1, noInput.err().strip().lines().count(), noInput.err());

    Run sameFolder =
        run(
            "detect",
            "--model",
            exported.toString(),
            "--input",
            s("images"),
            "--output-dir",
            s("images"));
    assertEquals(DetectCli.EXIT_FAILURE, sameFolder.code());
    assertTrue(sameFolder.err().contains("input folder"), sameFolder.err());

    Run negativeCache =
        run(
            "train",
            "--pipeline-config",
            config.toString(),
            "--model-dir",
            s("model-cache"),
            "--cache-mb",
            "-1");
    assertEquals(picocli.CommandLine.ExitCode.USAGE, negativeCache.code(), negativeCache.err());
    assertTrue(negativeCache.err().contains("--cache-mb must be"), negativeCache.err());
    assertFalse(Files.exists(dir.resolve("model-cache")), "refused before creating anything");
  }
}
