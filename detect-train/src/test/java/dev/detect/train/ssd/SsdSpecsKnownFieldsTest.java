package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.train.Trainer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Trainer refuses a misspelt field, as the OD API does, before building anything. */
class SsdSpecsKnownFieldsTest {
  @TempDir Path dir;

  @Test
  void trainer_refusesAMisspeltBatchSizeWithLineAndSuggestion() throws Exception {
    String text = PipelineConfig.preset(Preset.TINY).print().replace("batch_size:", "batch_sise:");
    PipelineConfig c = PipelineConfig.parse(text, "typo.config");
    String line = lineOf(text, "batch_sise:");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> Trainer.create(c, dir.resolve("m")));
    assertEquals(
        "typo.config:"
            + line
            + ":3: unknown field batch_sise in train_config (line "
            + line
            + ":3); did you mean batch_size?",
        e.getMessage());
    assertInstanceOf(DatasetFormatException.class, e.getCause());
    assertFalse(Files.exists(dir.resolve("m")), "nothing written before the check");
  }

  private static String lineOf(String text, String needle) {
    String before = text.substring(0, text.indexOf(needle));
    return Integer.toString(before.split("\n", -1).length);
  }
}
