package dev.detect.core.textproto;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/** Property tests: generated documents round-trip; mutated configs never break the parser. */
class TextProtoPropertyTest {
  private static final List<String> REAL_FILES = loadRealFiles();

  private static List<String> loadRealFiles() {
    try (Stream<Path> configs =
            Files.list(TextProtoRoundTripTest.DATA.resolve("pipeline_configs"));
        Stream<Path> maps = Files.list(TextProtoRoundTripTest.DATA.resolve("label_maps"))) {
      return Stream.concat(configs, maps)
          .filter(p -> p.toString().endsWith(".config") || p.toString().endsWith(".pbtxt"))
          .sorted()
          .map(
              p -> {
                try {
                  return Files.readString(p);
                } catch (IOException e) {
                  throw new UncheckedIOException(e);
                }
              })
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A generated document and how many top-level fields it has. */
  record Generated(String text, int topLevelFields) {}

  @Provide
  Arbitrary<Generated> documents() {
    return Arbitraries.randomValue(DocumentGenerator::generate);
  }

  @Property(tries = 1000)
  void generatedDocument_roundTripsExactly(@ForAll("documents") Generated doc)
      throws DatasetFormatException {
    TextProtoDocument parsed = TextProtoDocument.parse(doc.text(), "gen.pbtxt");
    assertEquals(doc.text(), parsed.print());
    assertEquals(doc.topLevelFields(), parsed.root().fields().size());
  }

  @Property(tries = 2000)
  void mutatedRealFile_parsesIdenticallyOrFailsWithLocation(
      @ForAll @IntRange(min = 0, max = 10) int fileIndex,
      @ForAll @IntRange(min = 0, max = Integer.MAX_VALUE - 1) int position,
      @ForAll @IntRange(min = 0, max = 2) int operation,
      @ForAll("interestingChars") char c) {
    String original = REAL_FILES.get(fileIndex % REAL_FILES.size());
    int at = position % (original.length() + 1);
    String mutated =
        switch (operation) {
          case 0 ->
              at < original.length()
                  ? original.substring(0, at) + original.substring(at + 1)
                  : original;
          case 1 -> original.substring(0, at) + c + original.substring(at);
          default ->
              at < original.length()
                  ? original.substring(0, at) + c + original.substring(at + 1)
                  : original + c;
        };
    try {
      TextProtoDocument doc = TextProtoDocument.parse(mutated, "mutated.config");
      assertEquals(mutated, doc.print());
    } catch (DatasetFormatException e) {
      assertTrue(e.line().orElse(0) >= 1, e.getMessage());
      assertTrue(e.column().orElse(0) >= 1, e.getMessage());
    }
  }

  @Provide
  Arbitrary<Character> interestingChars() {
    return Arbitraries.oneOf(
        Arbitraries.of(
            '{', '}', '<', '>', '[', ']', ':', ';', ',', '\'', '"', '#', '\\', '-', '.', '/', ' ',
            '\n', '\r', '\t', 'e', 'x', '0', '8', '\uFEFF', '@', '\u0000'),
        Arbitraries.chars());
  }

  @Property(tries = 30)
  void deepNesting_givesLimitError(
      @ForAll @IntRange(min = 101, max = 10_000) int depth,
      @ForAll @IntRange(min = 0, max = 3) int style) {
    String open = List.of("a {", "a: <", "a: [{", " a\n{ ").get(style);
    String text = open.repeat(depth);
    try {
      TextProtoDocument.parse(text, "deep.config");
      throw new AssertionError("accepted " + depth + " levels");
    } catch (DatasetFormatException e) {
      assertTrue(e.reason().contains("nested deeper than 100 levels"), e.getMessage());
      assertTrue(e.line().orElse(0) >= 1);
    }
  }

  /** Builds random valid text-format documents from the grammar, with random trivia. */
  static final class DocumentGenerator {
    private static final String[] NAMES = {"a", "num_classes", "B_2", "_x", "item", "ssd"};
    private static final String[] NUMBERS = {
      "1",
      "-1",
      "0",
      "0x1F",
      "0X1f",
      "017",
      "1.5",
      ".5",
      "1e-8",
      "1.0f",
      "1E5",
      "-0.0",
      "1.",
      "5f",
      "- 7",
      "2.5e+3F",
      "123456789012"
    };
    private static final String[] IDENTIFIERS = {
      "BILINEAR", "true", "false", "inf", "-inf", "nan", "RELU_6", "-Infinity", "t"
    };
    private static final String[] STRINGS = {
      "''",
      "\"\"",
      "'a'",
      "\"b c\"",
      "'it\\'s'",
      "\"q\\\"q\"",
      "'\\n\\t\\\\'",
      "\"\\101\\0\"",
      "'\\x41\\xA'",
      "\"\\u00e9\\U0001F600\"",
      "'caf\u00e9 \ud83d\ude00'",
      "\"#not a comment\"",
      "'a' \"b\"",
      "'x'\n  'y'"
    };
    private static final String[] SPACES = {" ", "\n", "\t", "  ", "\r\n", "\n\n", "  \n  "};

    static Generated generate(Random r) {
      StringBuilder sb = new StringBuilder();
      if (r.nextInt(10) == 0) {
        sb.append('\uFEFF');
      }
      int fields = r.nextInt(6);
      for (int i = 0; i < fields; i++) {
        trivia(r, sb, i > 0);
        field(r, sb, 0);
      }
      trivia(r, sb, false);
      if (r.nextInt(5) == 0) {
        sb.append("# trailing comment without newline");
      }
      return new Generated(sb.toString(), fields);
    }

    /** Whitespace and comments; {@code required} forces at least one whitespace character. */
    private static void trivia(Random r, StringBuilder sb, boolean required) {
      int parts = r.nextInt(3) + (required ? 1 : 0);
      for (int i = 0; i < parts; i++) {
        if (r.nextInt(4) == 0) {
          sb.append("# comment ").append(r.nextInt(100)).append(r.nextBoolean() ? "\n" : "\r\n");
        } else {
          sb.append(SPACES[r.nextInt(SPACES.length)]);
        }
      }
    }

    private static void optionalTrivia(Random r, StringBuilder sb) {
      if (r.nextBoolean()) {
        trivia(r, sb, false);
      }
    }

    private static void field(Random r, StringBuilder sb, int depth) {
      if (r.nextInt(15) == 0) {
        sb.append("[type.googleapis.com/pkg.Ext").append(r.nextInt(9)).append(']');
      } else {
        sb.append(NAMES[r.nextInt(NAMES.length)]);
      }
      int kind = depth >= 4 ? 0 : r.nextInt(4);
      boolean colon = kind == 0 || kind == 2 || r.nextBoolean();
      optionalTrivia(r, sb);
      if (colon) {
        sb.append(':');
        optionalTrivia(r, sb);
      }
      switch (kind) {
        case 0 -> scalar(r, sb);
        case 2 -> list(r, sb, depth);
        default -> message(r, sb, depth);
      }
      optionalTrivia(r, sb);
      int sep = r.nextInt(5);
      if (sep == 0) {
        sb.append(',');
      } else if (sep == 1) {
        sb.append(';');
      }
    }

    private static void scalar(Random r, StringBuilder sb) {
      switch (r.nextInt(3)) {
        case 0 -> sb.append(NUMBERS[r.nextInt(NUMBERS.length)]);
        case 1 -> sb.append(IDENTIFIERS[r.nextInt(IDENTIFIERS.length)]);
        default -> sb.append(STRINGS[r.nextInt(STRINGS.length)]);
      }
    }

    private static void message(Random r, StringBuilder sb, int depth) {
      boolean angle = r.nextInt(4) == 0;
      sb.append(angle ? '<' : '{');
      int fields = r.nextInt(4);
      for (int i = 0; i < fields; i++) {
        trivia(r, sb, i > 0);
        field(r, sb, depth + 1);
      }
      optionalTrivia(r, sb);
      sb.append(angle ? '>' : '}');
    }

    private static void list(Random r, StringBuilder sb, int depth) {
      sb.append('[');
      int n = r.nextInt(4);
      boolean messages = r.nextInt(3) == 0;
      for (int i = 0; i < n; i++) {
        optionalTrivia(r, sb);
        if (i > 0) {
          sb.append(',');
          optionalTrivia(r, sb);
        }
        if (messages) {
          message(r, sb, depth);
        } else {
          scalar(r, sb);
        }
      }
      optionalTrivia(r, sb);
      sb.append(']');
    }
  }
}
