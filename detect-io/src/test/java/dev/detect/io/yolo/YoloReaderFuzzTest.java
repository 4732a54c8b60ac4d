package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.FuzzSeeds;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link YoloReader}, seeded from the Yolo_mark label files and class names of
 * the shared data and label files written by {@link YoloWriter}. A mutated label file is read with
 * the real image (for its size) and the real class names; a mutated class-name file with a real
 * label file.
 */
class YoloReaderFuzzTest {
  private static final Path EXAMPLE = TestImages.DATA.resolve("yolo_example");

  @Test
  void read_parsesOrRefusesWithLocation_onMutatedLabels(@TempDir Path dir) throws Exception {
    List<Seed> seeds =
        new ArrayList<>(FuzzSeeds.of(FuzzSeeds.files(EXAMPLE.resolve("img"), ".txt")));
    seeds.add(Seed.of(EXAMPLE.resolve("obj.names")));
    Path written = dir.resolve("written");
    YoloWriter.builder()
        .classNames(List.of("air", "bird"))
        .build()
        .write(YoloReader.builder().build().read(EXAMPLE.resolve("img")).annotations(), written);
    for (Path p : FuzzSeeds.files(written, ".txt")) {
      if (!p.getFileName().toString().equals(YoloWriter.CLASSES_FILE)) {
        seeds.add(Seed.of(p));
      }
    }
    Path labels = Files.createDirectories(dir.resolve("labels"));
    Path names = dir.resolve("obj.names");
    Path realLabel = EXAMPLE.resolve("img/air1.txt");

    FuzzReport report =
        MutationFuzzer.of("yolo", seeds)
            .run(
                (input, seed) -> {
                  boolean classFile = seed.name().endsWith(".names");
                  Path origin = Path.of(seed.name());
                  Path label =
                      labels.resolve(classFile ? "air1.txt" : origin.getFileName().toString());
                  Files.write(label, classFile ? Files.readAllBytes(realLabel) : input);
                  Files.write(
                      names, classFile ? input : Files.readAllBytes(EXAMPLE.resolve("obj.names")));
                  // A folder holding only this label's image, so that one header is read per input.
                  String image = label.getFileName().toString().replace(".txt", ".jpg");
                  Path images = dir.resolve("images-" + image);
                  if (!Files.isDirectory(images)) {
                    Files.createDirectories(images);
                    Files.copy(EXAMPLE.resolve("img").resolve(image), images.resolve(image));
                  }
                  try {
                    YoloReader.builder()
                        .classNames(names)
                        .imageDirectory(images)
                        .build()
                        .read(labels);
                  } finally {
                    Files.delete(label);
                  }
                },
                MutationFuzzer.datasetFormatError(dir.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
