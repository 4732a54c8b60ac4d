package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.ConfigIssue.Severity;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/** Fields the OD API does not know are refused, with line:column and the closest known name. */
class KnownFieldsTest {
  private static final String SSD = "ssd_mobilenet_v2_320x320_coco17_tpu-8.config";

  static Stream<Path> sharedConfigs() throws IOException {
    List<Path> all = new ArrayList<>(ZooConfigs.all().toList());
    try (Stream<Path> models = Files.list(ZooConfigs.DATA.resolve("models"))) {
      models
          .map(m -> m.resolve("pipeline.config"))
          .filter(Files::isRegularFile)
          .sorted()
          .forEach(all::add);
    }
    return all.stream();
  }

  @ParameterizedTest
  @MethodSource("sharedConfigs")
  void everyFieldOfTheSharedConfigs_isKnown(Path file) throws IOException {
    PipelineConfig config = PipelineConfig.read(file);
    assertEquals(List.of(), KnownFields.find(config.document().root()));
    config.checkKnownFields();
  }

  @Test
  void sharedConfigs_includeTheZooModels() throws IOException {
    assertTrue(sharedConfigs().filter(p -> p.endsWith("pipeline.config")).count() >= 3);
  }

  @ParameterizedTest
  @EnumSource(Preset.class)
  void presets_haveOnlyKnownFields(Preset preset) throws IOException {
    PipelineConfig.preset(preset).checkKnownFields();
  }

  @Test
  void schema_isReadFromTheModuleResource() {
    assertEquals(162, OdApiSchema.get().size());
    OdApiSchema.Message train =
        OdApiSchema.get().message("object_detection.protos.TrainConfig").orElseThrow();
    assertTrue(train.fields().containsKey("batch_size"));
    assertTrue(train.fields().get("data_augmentation_options").repeated());
    assertEquals(
        Optional.of("object_detection.protos.PreprocessingStep"),
        train.fields().get("data_augmentation_options").messageType());
  }

  @Test
  void misspeltTrainConfigField_isAnErrorWithLineColumnAndSuggestion() throws IOException {
    Misspelt m = misspell(SSD, "  batch_size: 512", "batch_size", "batch_sise");
    List<ConfigIssue> issues = m.config().validate();
    ConfigIssue issue = unknown(issues);
    assertEquals(Severity.ERROR, issue.severity());
    assertEquals("train_config.batch_sise", issue.path());
    assertEquals(
        "unknown field batch_sise in train_config (line 147:3); did you mean batch_size?",
        issue.message());
  }

  @Test
  void misspeltTopLevelField_isReported() throws IOException {
    Misspelt m = misspell(SSD, "train_config: {", "train_config", "trian_config");
    assertEquals(
        "unknown field trian_config at the top level (line 143:1); did you mean train_config?",
        unknown(m.config().validate()).message());
  }

  @Test
  void misspeltAugmentationStep_namesTheStep() throws IOException {
    Misspelt step =
        misspell(
            SSD, "    random_horizontal_flip {", "random_horizontal_flip", "random_horizntal_flip");
    ConfigIssue issue = unknown(step.config().validate());
    assertEquals("train_config.data_augmentation_options[0].random_horizntal_flip", issue.path());
    assertEquals(
        "unknown field random_horizntal_flip in train_config.data_augmentation_options[0] (line "
            + step.line()
            + ":5); did you mean random_horizontal_flip?",
        issue.message());
  }

  @Test
  void misspeltFieldInsideAnAugmentationStep_isReported() throws IOException {
    String text = PipelineConfig.preset(Preset.TINY).print();
    int at = text.indexOf("random_horizontal_flip {") + "random_horizontal_flip {".length();
    String bad = text.substring(0, at) + " probabilty: 0.5" + text.substring(at);
    ConfigIssue issue = unknown(PipelineConfig.parse(bad, "p.config").validate());
    assertTrue(
        issue
            .message()
            .startsWith(
                "unknown field probabilty in"
                    + " train_config.data_augmentation_options[0].random_horizontal_flip (line "),
        issue.message());
    assertTrue(issue.message().endsWith("); did you mean probability?"), issue.message());
  }

  @Test
  void misspeltInputReaderFields_areReportedInTrainAndEvalReaders() throws IOException {
    Misspelt train =
        misspell(SSD, "  label_map_path: \"PATH", "label_map_path", "labelmap_path", 0);
    assertEquals(
        "unknown field labelmap_path in train_input_reader (line 179:3); did you mean"
            + " label_map_path?",
        unknown(train.config().validate()).message());
    Misspelt eval = misspell(SSD, "    input_path: \"PATH", "input_path", "input_paht", 1);
    assertEquals(
        "unknown field input_paht in eval_input_reader[0].tf_record_input_reader (line 195:5);"
            + " did you mean input_path?",
        unknown(eval.config().validate()).message());
  }

  @Test
  void deeplyNestedModelField_isReported() throws IOException {
    Misspelt m = misspell(SSD, "              weight: 0.00004", "weight", "wieght");
    ConfigIssue issue = unknown(m.config().validate());
    assertEquals(
        "model.ssd.box_predictor.convolutional_box_predictor.conv_hyperparams.regularizer"
            + ".l2_regularizer.wieght",
        issue.path());
    assertTrue(issue.message().endsWith("(line 68:15); did you mean weight?"), issue.message());
  }

  @Test
  void farOffName_getsNoSuggestion() throws IOException {
    PipelineConfig c = PipelineConfig.preset(Preset.TINY).set("train_config.learning_speed", "3");
    ConfigIssue issue = unknown(c.validate());
    assertTrue(
        issue
            .message()
            .endsWith(": TrainConfig has no field of that name; the OD API refuses the config"),
        issue.message());
  }

  @Test
  void extensionsAndMapEntries_followTheProtos() throws IOException {
    String base = PipelineConfig.preset(Preset.TINY).print();
    PipelineConfig ok =
        PipelineConfig.parse(
            base
                + "[my.pipeline_extension] { anything: 1 }\n"
                + "eval_config { super_categories { key: 'animal' value: 'cat,dog' } }\n",
            "p.config");
    assertEquals(List.of(), KnownFields.find(ok.document().root()));
    PipelineConfig bad =
        PipelineConfig.parse(
            base
                + "train_config { [my.ext] { } }\n"
                + "eval_config { super_categories { kee: 'animal' } }\n",
            "p.config");
    List<String> messages =
        KnownFields.find(bad.document().root()).stream().map(KnownFields.Unknown::message).toList();
    assertEquals(2, messages.size(), messages.toString());
    assertTrue(messages.get(0).contains("TrainConfig has no extensions"), messages.toString());
    assertTrue(messages.get(1).endsWith("did you mean key?"), messages.toString());
  }

  @Test
  void checkKnownFields_throwsWithFileLineColumnAndCount() throws IOException {
    Misspelt m = misspell(SSD, "  batch_size: 512", "batch_size", "batch_sise");
    PipelineConfig twice =
        PipelineConfig.parse(m.config().print() + "eval_config { num_exampels: 3 }\n", "p.config");
    DatasetFormatException e = assertThrows(DatasetFormatException.class, twice::checkKnownFields);
    assertEquals(Optional.of(147), e.line());
    assertEquals(Optional.of(3), e.column());
    assertEquals(
        "p.config:147:3: unknown field batch_sise in train_config (line 147:3); did you mean"
            + " batch_size? (and 1 more unknown fields)",
        e.getMessage());
  }

  @Test
  void closest_allowsSwapsAndCaseButNotFarOffNames() {
    OdApiSchema.Message train =
        OdApiSchema.get().message("object_detection.protos.TrainConfig").orElseThrow();
    assertEquals(Optional.of("num_steps"), KnownFields.closest("num_stpes", train));
    assertEquals(Optional.of("batch_size"), KnownFields.closest("Batch_Size", train));
    assertEquals(Optional.empty(), KnownFields.closest("steps", train));
    assertEquals(Optional.empty(), KnownFields.closest("x".repeat(10_000), train));
    assertEquals(1, KnownFields.distance("ab", "ba"));
    assertEquals(3, KnownFields.distance("kitten", "sitting"));
  }

  @Test
  void validate_reportsEveryUnknownFieldOnce() throws IOException {
    PipelineConfig c =
        PipelineConfig.preset(Preset.TINY)
            .set("train_config.batch_sise", "8")
            .set("train_config.num_stesp", "10");
    assertEquals(
        List.of("train_config.batch_sise", "train_config.num_stesp"),
        c.validate().stream()
            .filter(i -> i.message().startsWith("unknown field"))
            .map(ConfigIssue::path)
            .toList());
    assertFalse(
        PipelineConfig.preset(Preset.TINY).validate().stream()
            .anyMatch(i -> i.message().startsWith("unknown field")));
  }

  private record Misspelt(PipelineConfig config, int line) {}

  /**
   * The shared config with the {@code occurrence}-th line starting with {@code linePrefix} having
   * {@code name} replaced by {@code wrong}; line is the 1-based line changed.
   */
  private static Misspelt misspell(
      String file, String linePrefix, String name, String wrong, int occurrence)
      throws IOException {
    List<String> lines = new ArrayList<>(Files.readAllLines(ZooConfigs.file(file)));
    int seen = 0;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).startsWith(linePrefix) && seen++ == occurrence) {
        lines.set(i, lines.get(i).replaceFirst(name, wrong));
        return new Misspelt(PipelineConfig.parse(String.join("\n", lines), file), i + 1);
      }
    }
    throw new AssertionError("no line starting with '" + linePrefix + "' in " + file);
  }

  private static Misspelt misspell(String file, String linePrefix, String name, String wrong)
      throws IOException {
    return misspell(file, linePrefix, name, wrong, 0);
  }

  /** The one unknown-field issue. */
  private static ConfigIssue unknown(List<ConfigIssue> issues) {
    List<ConfigIssue> unknown =
        issues.stream().filter(i -> i.message().startsWith("unknown field")).toList();
    assertEquals(1, unknown.size(), issues.toString());
    return unknown.get(0);
  }
}
