package dev.detect.io.yolo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.detect.core.DatasetFormatException;
import java.nio.file.Path;
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
  void parse_gapInIndexMap_fails() {
    assertThrows(
        DatasetFormatException.class, () -> YamlNames.parse(FILE, "names:\n  0: p\n  2: q\n"));
  }

  @Test
  void parse_noNames_fails() {
    assertThrows(DatasetFormatException.class, () -> YamlNames.parse(FILE, "nc: 2\n"));
  }
}
