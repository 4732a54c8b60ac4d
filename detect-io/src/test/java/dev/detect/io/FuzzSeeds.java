package dev.detect.io;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.voc.VocReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Seed inputs for the fuzz tests: real files of the shared data and files our writers make. */
public final class FuzzSeeds {
  private FuzzSeeds() {}

  /** The files under {@code dir} (recursive) whose name ends with {@code suffix}, sorted. */
  public static List<Path> files(Path dir, String suffix) {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Seeds for each file. */
  public static List<Seed> of(List<Path> files) {
    return files.stream().map(Seed::of).toList();
  }

  /**
   * A small annotation set with the quirks of the shared VOC data: {@code perDataset} raccoon and
   * BCCD images (many boxes, several classes) and the VOC edge cases that carry a size.
   */
  public static AnnotationSet vocSample(int perDataset) throws IOException {
    VocReader reader = VocReader.defaults();
    List<ImageAnnotation> images = new ArrayList<>();
    for (String dataset : List.of("raccoon/annotations", "bccd/annotations")) {
      for (Path xml : files(TestImages.DATA.resolve(dataset), ".xml").subList(0, perDataset)) {
        images.add(reader.readFile(xml));
      }
    }
    return AnnotationSet.of(images);
  }

  /** Writes the seed bytes made by {@code writer} for {@code set} into {@code file}. */
  public static Seed written(AnnotationWriter writer, AnnotationSet set, Path file)
      throws IOException {
    writer.write(set, file);
    return new Seed("written " + file.getFileName(), Files.readAllBytes(file));
  }
}
