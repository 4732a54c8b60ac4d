package dev.detect.io.voc;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.FuzzSeeds;
import dev.detect.io.ReaderOptions;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link VocReader}, seeded from every VOC XML of the shared data (raccoon,
 * BCCD, the edge cases). Each input is read with the seed's own folder as image folder, so files
 * without a size are measured from their real image.
 */
class VocReaderFuzzTest {
  @Test
  void read_parsesOrRefusesWithLocation_onMutatedXml(@TempDir Path dir) throws Exception {
    List<Seed> seeds = new ArrayList<>();
    for (String d : List.of("voc_edge_cases", "raccoon/annotations", "bccd/annotations")) {
      seeds.addAll(FuzzSeeds.of(FuzzSeeds.files(TestImages.DATA.resolve(d), ".xml")));
    }

    FuzzReport report =
        MutationFuzzer.of("voc", seeds)
            .run(
                (input, seed) -> {
                  Path origin = Path.of(seed.name());
                  Path xml = dir.resolve(origin.getFileName());
                  Files.write(xml, input);
                  VocReader.builder()
                      .options(ReaderOptions.builder().imageDirectory(origin.getParent()).build())
                      .build()
                      .read(xml);
                  Files.delete(xml);
                },
                MutationFuzzer.datasetFormatError(dir.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
