package dev.detect.io.yolo;

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
 * Mutation fuzzing of {@link YoloReader}, seeded from the Yolo_mark label files and class names of
 * the shared data, label files written by {@link YoloWriter} and Ultralytics {@code data.yaml}
 * class lists. A mutated label file is read with the real image (for its size) and the real class
 * names; a mutated class-name file with a real label file.
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
    // Ultralytics data.yaml class lists in the three forms YamlNames reads (no such file is
    // shared).
    seeds.add(
        yaml("flow.yaml", "path: ../datasets\ntrain: images\nnc: 2\nnames: ['air', \"bird\"]\n"));
    seeds.add(yaml("list.yaml", "nc: 2\nnames:\n  - air\n  - bird  # comment\n"));
    seeds.add(yaml("map.yaml", "names:\n  0: air\n  1: 'bird'\nval: images/val\n"));
    Path labels = Files.createDirectories(dir.resolve("labels"));
    Path realLabel = EXAMPLE.resolve("img/air1.txt");

    FuzzReport report =
        MutationFuzzer.of("yolo", seeds)
            .run(
                (input, seed) -> {
                  boolean classFile =
                      seed.name().endsWith(".names") || seed.name().endsWith(".yaml");
                  Path names =
                      dir.resolve(seed.name().endsWith(".yaml") ? "data.yaml" : "obj.names");
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
                        .options(
                            ReaderOptions.builder()
                                .classNames(names)
                                .imageDirectory(images)
                                .build())
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

  private static Seed yaml(String name, String text) {
    return new Seed(name, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }
}
