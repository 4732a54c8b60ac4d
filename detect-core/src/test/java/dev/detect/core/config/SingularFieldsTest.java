package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Non-repeated fields given twice: the OD API uses the last, so an edit of the first copy changed
 * nothing that is used ("--num-classes 3" gave a config that still had 5 classes) and --validate
 * said nothing.
 */
class SingularFieldsTest {
  static final String DUP_NUM_CLASSES =
      "model {\n  ssd {\n    num_classes: 3\n    num_classes: 5\n  }\n}\ntrain_config {\n"
          + "  batch_size: 4\n}\n";

  static final String DUP_MODEL =
      "model {\n  ssd {\n    num_classes: 3\n  }\n}\nmodel {\n  ssd {\n    num_classes: 5\n  }\n}\n";

  @Test
  void validate_duplicatedScalar_isAnErrorWithBothLines() throws Exception {
    PipelineConfig c = PipelineConfig.parse(DUP_NUM_CLASSES, "dup.config");
    assertEquals(5, c.numClasses(), "the typed view, like text_format.Merge, takes the last");
    List<ConfigIssue> issues = c.validate();
    ConfigIssue dup =
        issues.stream()
            .filter(i -> i.path().equals("model.ssd.num_classes"))
            .findFirst()
            .orElseThrow();
    assertTrue(dup.isError(), dup.toString());
    assertTrue(dup.message().contains("appears 2 times (lines 3:5, 4:5)"), dup.message());
  }

  @Test
  void validate_secondModelBlock_isAnError() throws Exception {
    List<ConfigIssue> issues = PipelineConfig.parse(DUP_MODEL, "dup.config").validate();
    assertTrue(
        issues.stream().anyMatch(i -> i.isError() && i.path().equals("model")), issues.toString());
  }

  @Test
  void edit_acrossADuplicate_isRefusedNamingFileAndLines() throws Exception {
    for (String text : List.of(DUP_NUM_CLASSES, DUP_MODEL)) {
      PipelineConfig c = PipelineConfig.parse(text, "dup.config");
      IllegalArgumentException e =
          assertThrows(IllegalArgumentException.class, () -> c.toBuilder().numClasses(3).build());
      assertTrue(
          e.getMessage().startsWith("dup.config: cannot set model.ssd.num_classes"),
          e.getMessage());
      assertTrue(e.getMessage().contains("lines "), e.getMessage());
      assertThrows(IllegalArgumentException.class, () -> c.set("model.ssd.num_classes", "3"));
    }
  }

  @Test
  void repeatedFields_givenSeveralTimes_areFine() throws Exception {
    String text =
        "train_input_reader {\n  tf_record_input_reader {\n    input_path: 'a'\n    input_path: 'b'\n"
            + "  }\n}\ntrain_config {\n  data_augmentation_options { random_horizontal_flip { } }\n"
            + "  data_augmentation_options { ssd_random_crop { } }\n}\n";
    PipelineConfig c = PipelineConfig.parse(text, "ok.config");
    assertTrue(
        c.validate().stream().noneMatch(i -> i.message().contains("not a repeated field")),
        c.validate().toString());
    c.toBuilder().batchSize(2).build();
  }

  @Test
  void zooConfigs_haveNoDuplicatedSingularField() throws Exception {
    List<Path> files = ZooConfigs.all().toList();
    assertTrue(files.size() >= 9);
    for (Path f : files) {
      PipelineConfig c = PipelineConfig.parse(Files.readString(f), f.toString());
      assertEquals(List.of(), SingularFields.find(c.document().root()), f.toString());
    }
  }
}
