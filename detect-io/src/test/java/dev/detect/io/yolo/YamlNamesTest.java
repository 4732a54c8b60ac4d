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
  void parse_quotingAndEscapes_meanWhatYamlSays() throws Exception {
    // The red team's cases, each mis-read by the hand-written parser.
    assertEquals(List.of("it's", "b"), YamlNames.parse(FILE, "names: ['it''s', b]\n"));
    assertEquals(List.of("a\"b", "c,d"), YamlNames.parse(FILE, "names: [\"a\\\"b\", \"c,d\"]\n"));
    assertEquals(List.of("a]b", "c"), YamlNames.parse(FILE, "names: ['a]b', c]\n"));
    assertEquals(List.of("été"), YamlNames.parse(FILE, "names: [\"\\u00e9t\\u00e9\"]\n"));
    assertEquals(
        List.of("été", "日本"), YamlNames.parse(FILE, "names:\n  - été\n  - 日本 # unicode\n"));
    assertEquals(
        List.of("a # not a comment", "b"),
        YamlNames.parse(FILE, "names: ['a # not a comment', b] # a comment\n"));
  }

  @Test
  void parse_ultralyticsFile_withOtherKeys() throws Exception {
    String yaml =
        "# COCO8\npath: ../datasets/coco8\ntrain: images/train\nval: images/val\n\nnames:\n"
            + "  0: person\n  1: bicycle\n  2: 'traffic light'\nnc: 3\ndownload: |\n  x: [\n";
    assertEquals(List.of("person", "bicycle", "traffic light"), YamlNames.parse(FILE, yaml));
  }

  @Test
  void parse_ncDisagreeingWithNames_failsAtTheNcLine() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class, () -> YamlNames.parse(FILE, "names: [a, b]\nnc: 3\n"));
    assertTrue(e.getMessage().startsWith("data.yaml:2: nc is 3"), e.getMessage());
  }

  @Test
  void parse_duplicateNamesKey_fails() {
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> YamlNames.parse(FILE, "names: [a, b]\nnames: [c]\n"));
    assertTrue(e.getMessage().contains("names"), e.getMessage());
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
    // SnakeYAML takes ~10 us a line here (2 s for 200,000 lines once warm): 20,000 lines keep the
    // test quick on a loaded machine and would still time out if the cost grew quadratically.
    String yaml = "names: [a,\n" + "b,\n".repeat(20_000);
    DatasetFormatException e =
        assertTimeoutPreemptively(
            Duration.ofSeconds(5),
            () -> assertThrows(DatasetFormatException.class, () -> YamlNames.parse(FILE, yaml)));
    assertTrue(e.getMessage().startsWith("data.yaml:20001:"), e.getMessage());
    assertTrue(e.getMessage().contains("not valid YAML"), e.getMessage());
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
