package dev.detect.examples.cli;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.voc.VocReader;
import dev.detect.io.voc.VocWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Hidden {@code detect warmup}: runs the data commands' code paths on a tiny generated dataset, so
 * the launcher can record a class-data-sharing archive of the classes they load (JVM start-up of
 * the data commands drops accordingly).
 */
@Command(
    name = "warmup",
    hidden = true,
    description = "Exercise the data code paths (used by the launcher).")
final class WarmupCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws IOException {
    Path dir = Files.createTempDirectory("detect-warmup");
    try {
      AnnotationSet set =
          AnnotationSet.of(
              ImageAnnotation.builder("a.jpg", 64, 48)
                  .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(1, 2, 30, 40)))
                  .build(),
              ImageAnnotation.builder("b.jpg", 64, 48).build());
      VocWriter.defaults().write(set, dir.resolve("xml"));
      AnnotationSet read = VocReader.defaults().read(dir.resolve("xml")).annotations();
      CsvAnnotationWriter.builder().keepNegatives(true).build().write(read, dir.resolve("all.csv"));
      CsvAnnotationReader.defaults().read(dir.resolve("all.csv"));
      spec.root()
          .commandLine()
          .usage(new java.io.PrintWriter(java.io.OutputStream.nullOutputStream()));
      return 0;
    } finally {
      try (Stream<Path> s = Files.walk(dir)) {
        for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
          Files.deleteIfExists(p);
        }
      }
    }
  }
}
