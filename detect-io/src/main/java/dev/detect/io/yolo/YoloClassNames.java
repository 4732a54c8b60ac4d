package dev.detect.io.yolo;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads YOLO class-name files: labelImg's {@code classes.txt} and darknet's {@code obj.names} (one
 * name per line, index = 0-based line number) and the {@code names:} list of an Ultralytics {@code
 * data.yaml} (flow list, block list or {@code index: name} map).
 */
final class YoloClassNames {
  /** The files looked for, in this order, next to the labels and then in their parent folder. */
  static final List<String> CANDIDATES = List.of("classes.txt", "obj.names", "data.yaml");

  private YoloClassNames() {}

  /** The first candidate file in {@code labelDir}, then in its parent. */
  static Optional<Path> find(Path labelDir) {
    Path abs = labelDir.toAbsolutePath().normalize();
    for (Path dir : new Path[] {abs, abs.getParent()}) {
      if (dir == null) {
        continue;
      }
      for (String name : CANDIDATES) {
        Path candidate = dir.resolve(name);
        if (Files.isRegularFile(candidate)) {
          return Optional.of(candidate);
        }
      }
    }
    return Optional.empty();
  }

  /** Reads the class names of {@code file}, in index order. */
  static List<String> read(Path file) throws IOException {
    String text = Utf8Text.read(file);
    String name = file.getFileName().toString().toLowerCase(Locale.ROOT);
    List<String> names =
        name.endsWith(".yaml") || name.endsWith(".yml")
            ? YamlNames.parse(file, text)
            : lines(file, text);
    if (names.isEmpty()) {
      throw new DatasetFormatException(file, "no class names found; list one class per line");
    }
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < names.size(); i++) {
      if (names.get(i).isBlank()) {
        throw new DatasetFormatException(
            file, "class name at index " + i + " is blank; give every class a name");
      }
      if (!seen.add(names.get(i))) {
        throw new DatasetFormatException(
            file,
            "class name '"
                + names.get(i)
                + "' appears twice (index "
                + i
                + "); names must be unique");
      }
    }
    return List.copyOf(names);
  }

  private static List<String> lines(Path file, String text) throws DatasetFormatException {
    String[] raw = text.split("\n", -1);
    int last = raw.length - 1;
    while (last >= 0 && raw[last].strip().isEmpty()) {
      last--;
    }
    List<String> names = new ArrayList<>();
    for (int i = 0; i <= last; i++) {
      String line = raw[i].strip();
      if (line.isEmpty()) {
        throw new DatasetFormatException(
            file,
            i + 1,
            "blank class name at index "
                + i
                + ": every line up to the last name is a class, so a blank line shifts the indices;"
                + " delete it");
      }
      names.add(line);
    }
    return names;
  }
}
