package dev.detect.core.textproto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Syntax errors and limits are reported as source:line:column: reason. */
class TextProtoErrorTest {
  private static DatasetFormatException fail(String text) {
    return assertThrows(
        DatasetFormatException.class, () -> TextProtoDocument.parse(text, "pipeline.config"));
  }

  @Test
  void missingColon_namesTheFieldAndWhatWasFound() {
    DatasetFormatException e = fail("model {\n  ssd {\n    num_classes }\n}\n");
    assertEquals(
        "pipeline.config:3:17: expected ':' or '{' after field name 'num_classes', found '}'",
        e.getMessage());
    assertEquals(3, e.line().orElseThrow());
    assertEquals(17, e.column().orElseThrow());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      quoteCharacter = '`',
      value = {
        // unterminated strings: at the opening quote
        "a: 'abc\\nb: 1|1|4|unterminated string",
        "a: \"abc|1|4|unterminated string",
        "a: 'ab\\\\|1|4|unterminated string",
        // missing closing brace: at the end of input
        "a {\\n  b: 1\\n|3|1|expected '}' to close 'a' opened at line 1:3, found end of input",
        "a <\\n  b: 1 }|2|8|expected '>' to close 'a' opened at line 1:3, found '}'",
        // unbalanced closing brace
        "a: 1\\n}\\n|2|1|unexpected '}': no message is open here",
        "a { }\\n>|2|1|unexpected '>'",
        // unexpected tokens
        "a: }|1|4|expected a value (number, string or identifier) for field 'a', found '}'",
        "a: 1 2|1|6|expected a field name, found '2'",
        ": 1|1|1|expected a field name, found ':'",
        "a: 1\\n  @|2|3|unexpected character '@'",
        "a: -x|1|5|expected a number after '-', found 'x'",
        "a: [1 2]|1|7|expected ',' or ']' in the list of 'a', found '2'",
        "a: [1,]|1|7|expected a value",
        "a: [1|1|6|expected ',' or ']' in the list of 'a', found end of input",
        "[a.b { }|1|6|expected ']' to end the extension name, found '{'",
        "a: 1;;|1|6|expected a field name, found ';'",
        // bad numbers
        "a: 1.2.3|1|4|bad number '1.2.3' for field 'a'",
        "a: 08|1|4|bad number '08'",
        "a: 1e|1|4|bad number '1e'",
        "a: 0x|1|4|bad number '0x'",
        "a: 1abc|1|4|bad number '1abc'",
        "a: 1.5ff|1|4|bad number '1.5ff'",
        // bad escapes: at the backslash
        "a: 'x\\\\qy'|1|6|invalid escape '\\q' in string",
        "a: 'x\\\\u12'|1|6|escape '\\u' needs 4 hex digits, found 2",
        "a: 'x\\\\U00110000'|1|6|is beyond U+10FFFF",
        "a: 'x\\\\xg'|1|6|escape '\\x' needs 2 hex digits, found 0",
      })
  void syntaxError_isLocated(String text, int line, int column, String reason) {
    DatasetFormatException e = fail(text.replace("\\n", "\n").replace("\\\\", "\\"));
    assertEquals(line, e.line().orElseThrow(), e.getMessage());
    assertEquals(column, e.column().orElseThrow(), e.getMessage());
    assertTrue(e.reason().contains(reason), e.getMessage());
    assertTrue(e.getMessage().startsWith("pipeline.config:" + line + ":" + column + ": "));
  }

  @Test
  void nesting_atTheLimit_parses_andBeyond_failsAtTheBrace() throws Exception {
    int max = TextProtoDocument.MAX_DEPTH;
    String ok = "a {".repeat(max) + "}".repeat(max);
    assertEquals(ok, TextProtoDocument.parse(ok, "t").print());
    DatasetFormatException e = fail("a {".repeat(max + 1) + "}".repeat(max + 1));
    assertEquals(1, e.line().orElseThrow());
    assertEquals(3 * max + 3, e.column().orElseThrow());
    assertTrue(e.reason().contains("nested deeper than 100 levels"), e.getMessage());
  }

  @Test
  void nesting_tenThousandLevels_givesLimitErrorNotStackOverflow() {
    for (String open : new String[] {"a {\n", "a: <", "a: [{", "[x.y] {"}) {
      DatasetFormatException e = fail(open.repeat(10_000));
      assertTrue(e.reason().contains("nested deeper than"), e.getMessage());
      assertTrue(e.line().orElseThrow() >= 1);
    }
  }

  @Test
  void input_overTheSizeLimit_failsWithLocation() {
    String line = "num_classes: 1\n";
    int repeats = TextProtoDocument.MAX_CHARS / line.length() + 2;
    DatasetFormatException e = fail(line.repeat(repeats));
    assertTrue(e.reason().contains("more than the limit of 67108864"), e.getMessage());
    int expectedLine = TextProtoDocument.MAX_CHARS / line.length() + 1;
    assertEquals(expectedLine, e.line().orElseThrow());
  }

  @Test
  void read_nonUtf8File_isAFormatError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
      throws Exception {
    java.nio.file.Path file = dir.resolve("bad.config");
    java.nio.file.Files.write(file, new byte[] {'a', ':', ' ', '\'', (byte) 0xff, '\''});
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> TextProtoDocument.read(file));
    assertTrue(e.getMessage().contains("UTF-8"), e.getMessage());
  }
}
