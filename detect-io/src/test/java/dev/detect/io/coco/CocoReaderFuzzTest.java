package dev.detect.io.coco;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.FuzzSeeds;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link CocoReader} (annotations and categories), seeded from the Roboflow
 * COCO export of the shared data and COCO files written by {@link CocoWriter}.
 */
class CocoReaderFuzzTest {
  @Test
  void read_parsesOrRefusesWithLocation_onMutatedJson(@TempDir Path dir) throws Exception {
    List<Seed> seeds =
        List.of(
            Seed.of(TestImages.DATA.resolve("coco_example/test/_annotations.coco.json")),
            FuzzSeeds.written(
                CocoWriter.builder().build(), FuzzSeeds.vocSample(3), dir.resolve("compact.json")),
            FuzzSeeds.written(
                CocoWriter.builder().pretty(true).build(),
                FuzzSeeds.vocSample(1),
                dir.resolve("pretty.json")));
    Path file = dir.resolve("fuzz.json");

    FuzzReport report =
        MutationFuzzer.of("coco", seeds)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  try {
                    CocoReader.readCategories(file);
                  } finally {
                    CocoReader.builder().build().read(file);
                  }
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
