package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class YamlNamesTest {
  static final Path FILE = Path.of("data.yaml");

  @Test
  void parse_flowList() throws Exception {
    assertEquals(
        List.of("a", "b c", "d,e"),
        YamlNames.parse(FILE, "nc: 3\nnames: [a, 'b c', \"d,e\"]  # three\n"));
  }

  @Test
  void parse_flowListOverSeveralLines() throws Exception {
    assertEquals(List.of("x", "y"), YamlNames.parse(FILE, "names: [\n  x,\n  y\n]\n"));
  }

  @Test
  void parse_blockList() throws Exception {
    assertEquals(List.of("x", "y"), YamlNames.parse(FILE, "names:\n  - x\n  - 'y'\nnc: 2\n"));
  }

  @Test
  void parse_indexMap() throws Exception {
    assertEquals(List.of("p", "q"), YamlNames.parse(FILE, "names:\n  1: q\n  0: p\n"));
  }

  @Test
  void parse_hugeIndexInMap_failsAtItsLine() {
    // Found by YoloReaderFuzzTest: NumberFormatException for "9223372036854775807".
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> YamlNames.parse(FILE, "names:\n  0: p\n  9223372036854775807: q\n"));
    assertTrue(
        e.getMessage().startsWith("data.yaml:3: class index 9223372036854775807"), e.getMessage());
  }

  @Test
  void parse_unclosedFlowListOfManyLines_failsInLinearTime() {
    // Found by YoloReaderFuzzTest: 0.5 s of CPU for 300 KB, as the list was rescanned per line.
    String yaml = "names: [a,\n" + "b,\n".repeat(200_000);
    DatasetFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(DatasetFormatException.class, () -> YamlNames.parse(FILE, yaml)));
    assertTrue(e.getMessage().contains("never closed"), e.getMessage());
  }

  @Test
  void parse_gapInIndexMap_fails() {
    assertThrows(
        DatasetFormatException.class, () -> YamlNames.parse(FILE, "names:\n  0: p\n  2: q\n"));
  }

  @Test
  void parse_noNames_fails() {
    assertThrows(DatasetFormatException.class, () -> YamlNames.parse(FILE, "nc: 2\n"));
  }
}
