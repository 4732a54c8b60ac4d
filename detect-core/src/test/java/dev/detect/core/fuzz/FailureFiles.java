package dev.detect.core.fuzz;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Saves a failing fuzz input for reproduction: {@code NAME-INDEX.bin} (the bytes) and {@code
 * NAME-INDEX.txt} (seed, mutations, failure) in {@code detect.fuzz.failures}, by default {@code
 * target/fuzz-failures}.
 */
final class FailureFiles {
  private FailureFiles() {}

  /** Saves the input and returns a short description for the assertion message. */
  static String save(
      String name,
      int index,
      long baseSeed,
      String seedName,
      List<String> mutations,
      byte[] input,
      String failure) {
    String where;
    try {
      Path dir = Path.of(System.getProperty("detect.fuzz.failures", "target/fuzz-failures"));
      Files.createDirectories(dir);
      Path bin = dir.resolve(name + "-" + index + ".bin");
      Files.write(bin, input);
      String text =
          "input "
              + index
              + " (base seed "
              + baseSeed
              + "), seed "
              + seedName
              + "\nmutations: "
              + mutations
              + "\n"
              + failure
              + "\n";
      Files.writeString(dir.resolve(name + "-" + index + ".txt"), text, StandardCharsets.UTF_8);
      where = " -> " + bin.toAbsolutePath();
    } catch (IOException e) {
      where = " (could not save the input: " + e + ")";
    }
    String firstLines = failure.lines().limit(6).reduce((a, b) -> a + "\n    " + b).orElse("");
    return "  #" + index + " seed " + seedName + " " + mutations + where + "\n    " + firstLines;
  }
}
