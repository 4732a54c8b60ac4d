package dev.detect.io.csv;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
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
 * Mutation fuzzing of {@link CsvAnnotationReader}, seeded from the raccoon author's CSV and CSVs
 * written by {@link CsvAnnotationWriter} from the shared VOC files.
 */
class CsvAnnotationReaderFuzzTest {
  @Test
  void read_parsesOrRefusesWithLocation_onMutatedCsv(@TempDir Path dir) throws Exception {
    List<Seed> seeds =
        List.of(
            Seed.of(TestImages.DATA.resolve("raccoon/train_labels.csv")),
            FuzzSeeds.written(
                CsvAnnotationWriter.defaults(), FuzzSeeds.vocSample(5), dir.resolve("voc.csv")),
            FuzzSeeds.written(
                CsvAnnotationWriter.builder().keepNegatives(true).build(),
                FuzzSeeds.vocSample(2)
                    .concat(AnnotationSet.of(ImageAnnotation.builder("neg.jpg", 640, 480).build())),
                dir.resolve("negatives.csv")));
    Path file = dir.resolve("fuzz.csv");

    FuzzReport report =
        MutationFuzzer.of("csv", seeds)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  CsvAnnotationReader.defaults().read(file);
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
