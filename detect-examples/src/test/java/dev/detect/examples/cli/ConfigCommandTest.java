package dev.detect.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detect config}, run through picocli. */
class ConfigCommandTest {
  static final Path CONFIGS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"), "pipeline_configs");

  @TempDir Path dir;
  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cl = new CommandLine(new ConfigCommand());
    cl.setOut(new PrintWriter(out));
    cl.setErr(new PrintWriter(err));
    return cl.execute(args);
  }

  @Test
  void inputToOutput_withoutEdits_isByteIdentical() throws IOException {
    Path in = CONFIGS.resolve("ssd_efficientdet_d0_512x512_coco17_tpu-8.config");
    Path copy = dir.resolve("copy.config");
    assertEquals(0, run("--input", in.toString(), "--output", copy.toString()));
    assertEquals(Files.readString(in), Files.readString(copy));
    assertTrue(out.toString().startsWith("wrote "), out.toString());
  }

  @Test
  void preset_withEdits_writesAValidConfig() throws IOException {
    Path labelMap = dir.resolve("label_map.pbtxt");
    Files.writeString(labelMap, "item { id: 1 name: 'a' }\nitem { id: 2 name: 'b' }\n");
    Files.write(dir.resolve("train.record-00000-of-00001"), new byte[0]);
    Files.write(dir.resolve("eval.record"), new byte[0]);
    Path outFile = dir.resolve("pipeline.config");
    int code =
        run(
            "--preset",
            "tiny",
            "--output",
            outFile.toString(),
            "--label-map",
            labelMap.toString(),
            "--train-input",
            dir.resolve("train.record-?????-of-00001").toString(),
            "--eval-input",
            dir.resolve("eval.record").toString(),
            "--batch-size",
            "4",
            "--num-steps",
            "2000",
            "--set",
            "model.ssd.box_predictor.convolutional_box_predictor.kernel_size=3",
            "--validate");
    assertEquals(0, code, out + "\n" + err);
    PipelineConfig written = PipelineConfig.read(outFile);
    assertEquals(2, written.numClasses(), "num_classes from the label map");
    assertEquals(4, written.trainConfig().batchSize());
    assertEquals(3, written.boxPredictor().orElseThrow().kernelSize());
    assertTrue(out.toString().contains("0 error(s), 0 warning(s)"), out.toString());
  }

  @Test
  void duplicatedNumClasses_editIsRefused_andValidateFails() throws IOException {
    // The red team's case: --num-classes edited the first copy; the OD API uses the last.
    Path in = dir.resolve("dup.config");
    Files.writeString(in, "model {\n  ssd {\n    num_classes: 3\n    num_classes: 5\n  }\n}\n");
    Path outFile = dir.resolve("o.config");
    assertEquals(
        1, run("--input", in.toString(), "--output", outFile.toString(), "--num-classes", "3"));
    assertTrue(err.toString().contains("lines 3:5, 4:5"), err.toString());
    assertFalse(Files.exists(outFile));
    assertEquals(3, run("--input", in.toString(), "--validate"));
    assertTrue(out.toString().contains("ERROR model.ssd.num_classes: "), out.toString());
  }

  @Test
  void validate_zooConfig_printsIssuesAndExits3() {
    Path in = CONFIGS.resolve("ssd_mobilenet_v1_pets.config");
    assertEquals(3, run("--input", in.toString(), "--validate"));
    String text = out.toString();
    assertTrue(text.contains("ERROR train_config.fine_tune_checkpoint: "), text); // placeholder
    assertTrue(text.contains("WARNING train_config.fine_tune_checkpoint_version: "), text);
    // from_detection_checkpoint: true gives the type, as in the TF1 OD API: no warning
    assertFalse(text.contains("train_config.fine_tune_checkpoint_type: "), text);
  }

  @Test
  void fineTuneCheckpoint_setsTypeDetectionByDefault() throws IOException {
    Path outFile = dir.resolve("p.config");
    Path in = CONFIGS.resolve("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    assertEquals(
        0,
        run(
            "-i",
            in.toString(),
            "-o",
            outFile.toString(),
            "--fine-tune-checkpoint",
            "zoo/checkpoint/ckpt-0",
            "--num-classes",
            "3"));
    PipelineConfig c = PipelineConfig.read(outFile);
    assertEquals("detection", c.trainConfig().fineTuneCheckpointType());
    assertEquals("zoo/checkpoint/ckpt-0", c.trainConfig().fineTuneCheckpoint());
    assertEquals(3, c.numClasses());
  }

  @Test
  void usageErrors_exit2() {
    assertEquals(2, run("--preset", "tiny"));
    assertEquals(2, run("--preset", "tiny", "--input", "x.config", "--validate"));
    assertEquals(2, run("--preset", "tiny", "--validate", "--set", "no-equals-sign"));
  }

  @Test
  void unknownPreset_isAUsageError() {
    assertEquals(2, run("--preset", "yolo", "--validate"));
  }

  @Test
  void validate_misspeltField_isAnErrorWithLineAndSuggestion_exit3() throws IOException {
    Path typo = dir.resolve("typo.config");
    Files.writeString(
        typo, PipelineConfig.preset(Preset.TINY).print().replace("  batch_size:", "  batch_sise:"));
    List<String> lines = Files.readAllLines(typo);
    int line =
        1
            + IntStream.range(0, lines.size())
                .filter(i -> lines.get(i).startsWith("  batch_sise:"))
                .findFirst()
                .orElseThrow();
    assertEquals(3, run("--input", typo.toString(), "--validate"));
    assertTrue(
        out.toString()
            .contains(
                "ERROR train_config.batch_sise: unknown field batch_sise in train_config (line "
                    + line
                    + ":3); did you mean batch_size?"),
        out.toString());
  }

  @Test
  @org.junit.jupiter.api.Tag("slow")
  void zooBatch_broughtDown_warnsWithTheMemoryTheZooValueWouldNeed() throws IOException {
    Path in = CONFIGS.resolve("ssd_mobilenet_v2_320x320_coco17_tpu-8.config");
    Path small = dir.resolve("small.config");
    assertEquals(
        0,
        run("--input", in.toString(), "--output", small.toString(), "--batch-size", "8"),
        err.toString());
    String warning = err.toString();
    assertTrue(
        warning.matches(
            "(?s).*warning: the config's batch_size 512 would need about [0-9.]+ GiB to train"
                + " \\([0-9.]+ GiB \\+ [0-9]+ MiB per image.*--batch-size 8 needs about [0-9.]+"
                + " GiB.*"),
        warning);
    assertEquals(8, PipelineConfig.read(small).trainConfig().batchSize());

    err.getBuffer().setLength(0);
    Path kept = dir.resolve("kept.config");
    assertEquals(0, run("--input", in.toString(), "--output", kept.toString()));
    assertTrue(
        err.toString().contains("warning: batch_size 512 would need about ")
            && err.toString().contains("bring it down with --batch-size"),
        err.toString());

    err.getBuffer().setLength(0);
    Path tiny = dir.resolve("tiny.config");
    assertEquals(0, run("--preset", "tiny", "--output", tiny.toString()));
    assertFalse(err.toString().contains("would need"), err.toString());
  }
}
