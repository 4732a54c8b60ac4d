package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.DATA;
import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.train.checkpoint.CheckpointIndex;
import dev.detect.train.testkit.StandInCheckpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The seed's recipe with the TF1 model zoo's own configs, through the command line: {@code detect
 * config --input <zoo config> --num-classes 3 --label-map … --train-input … --eval-input …
 * --fine-tune-checkpoint …/model.ckpt}, then {@code detect train} restores every variable of the
 * zoo checkpoint but the class head. The checkpoints are stand-ins with exactly the real {@code
 * model.ckpt.index}'s names, dtypes and shapes (the real weights are not available here); the same
 * for the TF2 zoo's FPN-Lite and its {@code checkpoint/ckpt-0}.
 */
@Tag("slow")
class ZooConfigTrainTest {
  @TempDir static Path dir;

  @BeforeAll
  static void dataset() throws Exception {
    SyntheticShapes.builder().images(6).imageSize(160, 120).seed(5).build().write(dir);
    ok(run("csv", "--input", s("annotations"), "--output", s("all.csv")));
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
  }

  static String s(String name) {
    return dir.resolve(name).toString();
  }

  /**
   * {@code detect config} with only the edits the tutorials name: classes, label map, inputs (the
   * shapes record) and the checkpoint, plus {@code extra} flags.
   */
  static Run editAsTheTutorialsSay(Path zooConfig, Path out, Path ckpt, String... extra) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "config",
                "--input",
                zooConfig.toString(),
                "--output",
                out.toString(),
                "--num-classes",
                "3",
                "--label-map",
                s("label_map.pbtxt"),
                "--train-input",
                s("shapes.record"),
                "--eval-input",
                s("shapes.record"),
                "--fine-tune-checkpoint",
                ckpt.toString()));
    args.addAll(List.of(extra));
    return run(args.toArray(String[]::new));
  }

  static void ok(Run r) {
    assertEquals(0, r.code(), r.err());
  }

  /** A zoo config (relative to shared/data) and the zoo checkpoint whose index it matches. */
  @ParameterizedTest
  @CsvSource({
    "pipeline_configs/tf1_ssd_mobilenet_v1_coco.config, models/tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28",
    "models/tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29/pipeline.config,"
        + " models/tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29"
  })
  void zooConfig_editedAsTheSeedSays_trainsFromTheZooCheckpoint(String zooConfig, String zoo)
      throws Exception {
    String name = Path.of(zoo).getFileName().toString();
    Path ckpt = dir.resolve(name).resolve("model.ckpt");
    Files.createDirectories(ckpt.getParent());
    Path real = DATA.resolve(zoo).resolve("model.ckpt");
    StandInCheckpoint.write(real, ckpt, 11);
    Path config = dir.resolve(name + ".config");
    ok(editAsTheTutorialsSay(DATA.resolve(zooConfig), config, ckpt));
    Run check = run("config", "--input", config.toString(), "--validate");
    assertEquals(0, check.code(), check.out() + check.err());

    Run trained =
        run(
            "train",
            "--pipeline-config",
            config.toString(),
            "--model-dir",
            dir.resolve(name + "-model").toString(),
            "--num-train-steps",
            "1",
            "--batch-size",
            "2",
            "--json");
    ok(trained);
    JsonNode result = new ObjectMapper().readTree(trained.out());
    assertEquals("completed", result.get("outcome").asText(), trained.out());
    assertEquals(1, result.get("step").asLong());
    JsonNode fineTune = result.get("fine_tune");
    long modelVariables =
        CheckpointIndex.read(real).entries().keySet().stream()
            .filter(n -> !n.equals("global_step"))
            .count();
    // 6 feature maps: each class predictor's weights and biases have another shape (3 vs 90
    // classes); everything else is the zoo model's
    assertEquals(modelVariables, fineTune.get("candidates").asLong(), trained.out());
    assertEquals(modelVariables - 12, fineTune.get("restored").asLong(), trained.out());
    assertEquals(12, fineTune.get("other_shape").asLong(), trained.out());
    assertEquals(0, fineTune.get("not_in_checkpoint").asLong(), trained.out());
    assertEquals(12, fineTune.get("checkpoint_unused").asLong(), trained.out());
    for (JsonNode n : fineTune.get("other_shape_names")) {
      assertTrue(n.asText().contains("/ClassPredictor/"), n.asText());
    }
    assertEquals(ckpt.toString(), fineTune.get("checkpoint").asText());
    assertEquals("detection", fineTune.get("type").asText());
  }

  /**
   * The TF2 tutorials' recipe with the zoo's FPN-Lite tarball: its config edited only by {@code
   * detect config} (classes, paths, {@code ckpt-0}, type {@code detection}, {@code --batch-size 2}
   * with a warning stating what the zoo's 128 would need), then {@code detect train} restores all
   * but the class head from a stand-in with the real {@code ckpt-0.index}'s keys and shapes.
   */
  @Test
  void tf2FpnLiteZooConfig_editedAsTheTutorialsSay_trainsFromCkpt0() throws Exception {
    Path zoo = DATA.resolve("models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8");
    Path ckpt = dir.resolve("fpnlite/checkpoint/ckpt-0");
    Files.createDirectories(ckpt.getParent());
    StandInCheckpoint.write(zoo.resolve("checkpoint/ckpt-0"), ckpt, 11);
    Path config = dir.resolve("fpnlite.config");
    Run edited =
        editAsTheTutorialsSay(
            zoo.resolve("pipeline.config"),
            config,
            ckpt,
            "--fine-tune-checkpoint-type",
            "detection",
            "--batch-size",
            "2");
    ok(edited);
    assertTrue(
        edited.err().contains("batch_size 128 would need about")
            && edited.err().contains("--batch-size 2 needs about"),
        edited.err());
    Run check = run("config", "--input", config.toString(), "--validate");
    assertEquals(0, check.code(), check.out() + check.err());

    Run trained =
        run(
            "train",
            "--pipeline-config",
            config.toString(),
            "--model-dir",
            dir.resolve("fpnlite-model").toString(),
            "--num-train-steps",
            "1",
            "--json");
    ok(trained);
    JsonNode result = new ObjectMapper().readTree(trained.out());
    assertEquals("completed", result.get("outcome").asText(), trained.out());
    JsonNode fineTune = result.get("fine_tune");
    assertEquals(384, fineTune.get("candidates").asLong(), trained.out());
    assertEquals(382, fineTune.get("restored").asLong(), trained.out());
    assertEquals(2, fineTune.get("other_shape").asLong(), trained.out());
    assertEquals(0, fineTune.get("not_in_checkpoint").asLong(), trained.out());
    for (JsonNode n : fineTune.get("other_shape_names")) {
      assertTrue(n.asText().contains("/ClassPredictor/"), n.asText());
    }
    assertEquals("detection", fineTune.get("type").asText());
  }
}
