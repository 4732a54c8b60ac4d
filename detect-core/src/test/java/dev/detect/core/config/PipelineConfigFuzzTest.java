package dev.detect.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link PipelineConfig#read} (the text-proto parser and every typed view, read
 * eagerly), seeded from the shared pipeline configs and the presets.
 */
class PipelineConfigFuzzTest {
  private static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @Test
  void read_parsesOrRefusesWithLocation_onMutatedConfigs(@TempDir Path dir) throws IOException {
    List<Seed> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(DATA.resolve("pipeline_configs"))) {
      files
          .filter(p -> p.toString().endsWith(".config"))
          .sorted()
          .map(Seed::of)
          .forEach(seeds::add);
    }
    seeds.add(Seed.of(DATA.resolve("raccoon/training/ssd_mobilenet_v1_pets.config")));
    for (Preset p : Preset.values()) {
      String text = PipelineConfig.preset(p).print();
      seeds.add(new Seed(p.id() + ".config", text.getBytes(StandardCharsets.UTF_8)));
    }
    Path file = dir.resolve("pipeline.config");

    FuzzReport report =
        MutationFuzzer.of("pipeline-config", seeds)
            // The document keeps every token and its trivia (~20 bytes per character), and the
            // target prints, validates and lists fields too.
            .maxAllocatedBytes(256L << 20, 256)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  PipelineConfig config = PipelineConfig.read(file);
                  // Byte-for-byte printing and the checks must work on whatever parsed.
                  assertEquals(new String(input, StandardCharsets.UTF_8), config.print());
                  config.validate();
                  config.unsupportedFields(PipelineConfig.TRAINER_SUPPORTED);
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
