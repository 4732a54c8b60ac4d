package dev.detect.core.textproto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Parse then print gives the input back byte for byte. */
class TextProtoRoundTripTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  static Stream<Path> sharedFiles() throws IOException {
    List<Path> files;
    try (Stream<Path> configs = Files.list(DATA.resolve("pipeline_configs"));
        Stream<Path> maps = Files.list(DATA.resolve("label_maps"))) {
      files =
          Stream.concat(configs, maps)
              .filter(p -> p.toString().endsWith(".config") || p.toString().endsWith(".pbtxt"))
              .sorted()
              .toList();
    }
    return files.stream();
  }

  @Test
  void sharedData_hasConfigsAndLabelMaps() throws IOException {
    List<Path> files = sharedFiles().toList();
    assertTrue(files.size() >= 11, "expected the 6 configs and 5 label maps, got " + files);
  }

  @ParameterizedTest
  @MethodSource("sharedFiles")
  void print_ofSharedFile_isByteIdentical(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    TextProtoDocument doc = TextProtoDocument.read(file);
    assertEquals(new String(bytes, StandardCharsets.UTF_8), doc.print(), "round trip of " + file);
    assertFalse(doc.root().fields().isEmpty());
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "\n",
        "# only a comment",
        "# only a comment\n",
        "a: 1",
        "a: 1\n",
        "\uFEFFa: 1\n",
        "\uFEFF",
        "a: 1\r\nb { c: 'x' }\r\n",
        "a: 1   \nb: 2\t\n",
        " # leading space\nmodel {\n  ssd { num_classes: 90 }\n}\n",
        "a:1,b:2;c:3 d:4",
        "m: { x: 1 }\nm { x: 2 }\nm < x: 3 >\nm: < x: 4 >\n",
        "s: 'single' t: \"double\" u: 'it\\'s' v: \"q\\\"q\"",
        "s: \"\\n\\t\\\\\\'\\\"\\a\\b\\f\\r\\v\\?\\101\\0\\x41\\xA\\u00e9\\U0001F600\"",
        "s: \"a\" 'b'\n  \"c\" # comment between\n  'd'\n",
        "e: BILINEAR b: true c: false i: inf j: -inf n: nan k: -Infinity",
        "n: [1, -1, 0x1F, 0X1f, 017, 1.5, .5, 1e-8, 1.0f, 1E5, -0.0, 1., 5f, 2.5e+3F]",
        "aspect_ratios: [1.0, 2.0, 0.5]\nempty: []\nmsgs: [{a: 1}, <b: 2>, {}]",
        "[type.googleapis.com/x.Y] { a: 1 }\n[pkg.ext]: 5\n[ a . b ] { }",
        "a: - 1\nb: -\n  2.5",
        "a {\n}\nb {}\nc { }\n",
        "  a  :  1  ;  \n\n\n  b  {  c  :  'd'  ,  }  ;  # end",
        "x: 'caf\u00e9 \u4e2d\u6587 \ud83d\ude00'",
        "a: 1 # comment without newline at end",
        "a: 1\r\n# crlf comment\r\n\r\n",
      })
  void print_ofTrickyDocument_isByteIdentical(String text) throws Exception {
    assertEquals(text, TextProtoDocument.parse(text, "t.pbtxt").print());
  }
}
