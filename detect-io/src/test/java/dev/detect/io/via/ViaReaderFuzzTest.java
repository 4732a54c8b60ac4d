package dev.detect.io.via;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.FuzzSeeds;
import dev.detect.io.ReaderOptions;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link ViaReader}, seeded from VIA JSON written by {@link ViaWriter} for the
 * shared raccoon and BCCD images (the shared data has no VIA file); images are looked up in a
 * folder holding copies of the real images, so sizes come from real headers.
 */
class ViaReaderFuzzTest {
  @Test
  void read_parsesOrRefusesWithLocation_onMutatedJson(@TempDir Path dir) throws Exception {
    var sample = FuzzSeeds.vocSample(3);
    Path images = Files.createDirectories(dir.resolve("images"));
    for (var image : sample) {
      Path real = TestImages.DATA.resolve("raccoon/images").resolve(image.fileName());
      if (!Files.exists(real)) {
        real = TestImages.DATA.resolve("bccd/images").resolve(image.fileName());
      }
      Files.copy(real, images.resolve(image.fileName()));
    }
    List<Seed> seeds =
        List.of(
            FuzzSeeds.written(
                ViaWriter.builder().imageDirectory(images).build(),
                sample,
                dir.resolve("compact.json")),
            FuzzSeeds.written(
                ViaWriter.builder().imageDirectory(images).pretty(true).build(),
                sample,
                dir.resolve("pretty.json")));
    Path file = dir.resolve("fuzz.json");

    FuzzReport report =
        MutationFuzzer.of("via", seeds)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  ViaReader.builder()
                      .options(ReaderOptions.builder().imageDirectory(images).build())
                      .build()
                      .read(file);
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
