package dev.detect.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detect train} refusals that happen before any training. */
class TrainCommandTest {
  @TempDir Path dir;

  @Test
  void misspeltField_failsWithOneLineNamingFieldAndLine_beforeTraining() throws Exception {
    Path typo = dir.resolve("typo.config");
    Files.writeString(
        typo, PipelineConfig.preset(Preset.TINY).print().replace("  num_steps:", "  num_stpes:"));
    Path modelDir = dir.resolve("model");
    DetectCliTest.Run r =
        DetectCliTest.run(
            "train", "--pipeline-config", typo.toString(), "--model-dir", modelDir.toString());
    assertEquals(DetectCli.EXIT_FAILURE, r.code(), r.err());
    String err = r.err().strip();
    assertFalse(err.contains("\n"), err);
    assertTrue(
        err.matches(
            "detect train: .*typo\\.config:\\d+:3: unknown field num_stpes in train_config \\(line"
                + " \\d+:3\\); did you mean num_steps\\?"),
        err);
    assertFalse(Files.exists(modelDir.resolve("train")), "no training started");
  }

  @Test
  void train_runsTheInputThreadsAtLowPriority_whichTheLibraryLeavesOff() throws Exception {
    TrainCommand command = new TrainCommand();
    new CommandLine(command)
        .parseArgs("--pipeline-config", "unused.config", "--model-dir", dir.toString());
    PipelineConfig config = PipelineConfig.preset(Preset.TINY);
    assertTrue(command.trainerOptions(config).build().lowPriorityInput());
  }
}
