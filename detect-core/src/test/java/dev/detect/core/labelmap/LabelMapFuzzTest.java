package dev.detect.core.labelmap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mutation fuzzing of {@link LabelMapFormat#read}, seeded from the shared label maps. */
class LabelMapFuzzTest {
  private static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @Test
  void read_parsesOrRefusesWithLocation_onMutatedLabelMaps(@TempDir Path dir) throws IOException {
    List<Seed> seeds;
    try (Stream<Path> files = Files.list(DATA.resolve("label_maps"))) {
      seeds = files.filter(p -> p.toString().endsWith(".pbtxt")).sorted().map(Seed::of).toList();
    }
    seeds =
        Stream.concat(
                seeds.stream(),
                Stream.of(Seed.of(DATA.resolve("raccoon/training/object-detection.pbtxt"))))
            .toList();
    assertEquals(6, seeds.size());
    Path file = dir.resolve("label_map.pbtxt");

    FuzzReport report =
        MutationFuzzer.of("labelmap", seeds)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  LabelMap map = LabelMapFormat.read(file);
                  // What was read can be written and read back.
                  assertEquals(map, LabelMapFormat.parse(LabelMapFormat.format(map), "again"));
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
