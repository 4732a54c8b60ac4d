package dev.detect.train.detector;

import dev.detect.core.config.InputReader;
import dev.detect.core.config.PipelineConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the label map that came with a model. In each folder, nearest first: {@code
 * label_map.pbtxt}; else a {@code *label_map*.pbtxt} (the first by name, e.g. {@code
 * pascal_label_map.pbtxt}, {@code mscoco_label_map.pbtxt}); else the {@code label_map_path} of a
 * {@code pipeline.config} there (train input, then eval inputs) when that file exists, as written
 * or, when the config was written on another machine, by its file name beside the config.
 */
final class LabelMapLocator {
  private LabelMapLocator() {}

  /** The label map file for a model whose folders are {@code folders}, nearest first. */
  static Optional<Path> find(List<Path> folders) throws IOException {
    for (Path dir : folders) {
      Optional<Path> found = findIn(dir);
      if (found.isPresent()) {
        return found;
      }
    }
    return Optional.empty();
  }

  private static Optional<Path> findIn(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return Optional.empty();
    }
    Path standard = dir.resolve("label_map.pbtxt");
    if (Files.isRegularFile(standard)) {
      return Optional.of(standard);
    }
    try (Stream<Path> files = Files.list(dir)) {
      Optional<Path> named =
          files
              .filter(f -> f.getFileName().toString().contains("label_map"))
              .filter(f -> f.getFileName().toString().endsWith(".pbtxt"))
              .filter(Files::isRegularFile)
              .sorted()
              .findFirst();
      if (named.isPresent()) {
        return named;
      }
    }
    Path config = dir.resolve("pipeline.config");
    return Files.isRegularFile(config) ? fromConfig(config) : Optional.empty();
  }

  private static Optional<Path> fromConfig(Path config) throws IOException {
    PipelineConfig c = PipelineConfig.read(config);
    List<InputReader> readers = new ArrayList<>();
    if (c.hasTrainInput()) {
      readers.add(c.trainInput());
    }
    readers.addAll(c.evalInputs());
    for (InputReader r : readers) {
      String path = r.labelMapPath();
      if (path.isBlank()) {
        continue;
      }
      Path asWritten;
      try {
        asWritten = Path.of(path);
      } catch (InvalidPathException e) {
        continue;
      }
      if (Files.isRegularFile(asWritten)) {
        return Optional.of(asWritten);
      }
      Path beside = config.resolveSibling(asWritten.getFileName());
      if (Files.isRegularFile(beside)) {
        return Optional.of(beside);
      }
    }
    return Optional.empty();
  }
}
