package dev.detect.core.config;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The shared real configs and small text helpers for the config tests. */
final class ZooConfigs {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path CONFIGS = DATA.resolve("pipeline_configs");

  private ZooConfigs() {}

  static Path file(String name) {
    return CONFIGS.resolve(name);
  }

  static Stream<Path> all() throws IOException {
    try (Stream<Path> s = Files.list(CONFIGS)) {
      return s.filter(p -> p.toString().endsWith(".config")).sorted().toList().stream();
    }
  }

  static PipelineConfig read(String name) throws IOException {
    return PipelineConfig.read(file(name));
  }

  /** 0-based indices of the lines that differ; the line counts must match. */
  static List<Integer> changedLines(String before, String after) {
    String[] a = before.split("\n", -1);
    String[] b = after.split("\n", -1);
    if (a.length != b.length) {
      throw new AssertionError("line count changed: " + a.length + " -> " + b.length);
    }
    List<Integer> changed = new ArrayList<>();
    for (int i = 0; i < a.length; i++) {
      if (!a[i].equals(b[i])) {
        changed.add(i);
      }
    }
    return changed;
  }

  static String line(String text, int index) {
    return text.split("\n", -1)[index].strip();
  }
}
