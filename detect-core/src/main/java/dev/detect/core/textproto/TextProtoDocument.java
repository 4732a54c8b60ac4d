package dev.detect.core.textproto;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A protobuf text-format document ({@code pipeline.config}, {@code label_map.pbtxt}) kept
 * losslessly: {@link #print()} of an unedited document returns the parsed text byte for byte,
 * comments, blank lines, separators, quote styles, CRLF, a BOM and a missing final newline
 * included; an edit changes only the text of what it touches.
 *
 * <p>Syntax accepted (the protobuf text format, without a schema): {@code name: value}, {@code name
 * { ... }}, {@code name: { ... }}, {@code name < ... >}, fields separated by whitespace, {@code ,}
 * or {@code ;}; {@code #} comments; single- or double-quoted strings with the C escapes ({@code \n
 * \t \\ \' \" \ooo \xHH \\uXXXX \UXXXXXXXX}) and adjacent literals ({@code "a" "b"}); identifiers
 * ({@code RELU_6}, {@code true}, {@code inf}, {@code nan}); numbers ({@code 1}, {@code -1}, {@code
 * 0x1F}, {@code 017}, {@code 1.5}, {@code .5}, {@code 1e-8}, {@code 1.0f}); lists {@code name: [1,
 * 2]} (of scalars or messages); extension and {@code Any} names {@code
 * [type.googleapis.com/pkg.Type] { ... }}.
 *
 * <p>Limits: at most {@link #MAX_CHARS} characters and messages nested at most {@link #MAX_DEPTH}
 * deep; beyond them parsing fails with a located {@link DatasetFormatException} (parsing is
 * iterative, so deep input never overflows the stack). Not thread-safe while being edited.
 *
 * <p>Paths ({@link #get}, {@link #getAll}, {@link #set}, {@link #remove(String)}) are dotted field
 * names from the root, each optionally with a 0-based occurrence index: {@code
 * model.ssd.num_classes}, {@code eval_input_reader[0].label_map_path}, {@code
 * train_config.data_augmentation_options[1].ssd_random_crop}, {@code anchor.aspect_ratios[2]} (list
 * syntax counts element by element).
 */
public final class TextProtoDocument {
  /** The deepest message nesting accepted (the root is level 0). */
  public static final int MAX_DEPTH = 100;

  /** The most characters (or, for {@link #read(Path)}, bytes) accepted: 64 MiB. */
  public static final int MAX_CHARS = 64 * 1024 * 1024;

  private final String sourceName;
  private final String lineEnding;
  private final TextProtoMessage root;
  private String indentUnit;

  private TextProtoDocument(String sourceName, String lineEnding) {
    this.sourceName = sourceName;
    this.lineEnding = lineEnding;
    this.root = new TextProtoMessage(this, null, null);
  }

  /**
   * Parses text-format text.
   *
   * @param text the document
   * @param sourceName the file name used in error messages
   * @throws DatasetFormatException on a syntax error or a limit exceeded, as {@code
   *     source:line:column: what was expected, found what}
   */
  public static TextProtoDocument parse(String text, String sourceName)
      throws DatasetFormatException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(sourceName, "sourceName");
    if (text.length() > MAX_CHARS) {
      throw tooLarge(text, sourceName);
    }
    int nl = text.indexOf('\n');
    String lineEnding = nl > 0 && text.charAt(nl - 1) == '\r' ? "\r\n" : "\n";
    TextProtoDocument doc = new TextProtoDocument(sourceName, lineEnding);
    TextProtoParser.parseInto(text, doc);
    return doc;
  }

  /**
   * Reads and parses a UTF-8 file (a BOM is kept as part of the text).
   *
   * @throws DatasetFormatException if the file is larger than {@link #MAX_CHARS} bytes, is not
   *     UTF-8, or has a syntax error
   * @throws IOException if it cannot be read
   */
  public static TextProtoDocument read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    long size = Files.size(file);
    if (size > MAX_CHARS) {
      throw new DatasetFormatException(
          file, "file has " + size + " bytes, more than the limit of " + MAX_CHARS + " (64 MiB)");
    }
    byte[] bytes = Files.readAllBytes(file);
    String text;
    try {
      CharBuffer chars =
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes));
      text = chars.toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(file, "not valid UTF-8 text: save the file as UTF-8", e);
    }
    return parse(text, file.toString());
  }

  private static DatasetFormatException tooLarge(String text, String sourceName) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < MAX_CHARS; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new DatasetFormatException(
        sourceName,
        line,
        MAX_CHARS - lineStart + 1,
        "input has "
            + text.length()
            + " characters, more than the limit of "
            + MAX_CHARS
            + " (64 MiB)");
  }

  /** The text: the parsed text byte for byte where nothing was edited. */
  public String print() {
    StringBuilder sb = new StringBuilder();
    root.appendTo(sb);
    return sb.toString();
  }

  /** The top-level message. */
  public TextProtoMessage root() {
    return root;
  }

  /** The source name given to {@link #parse}, used in error messages. */
  public String sourceName() {
    return sourceName;
  }

  /** The line ending used for added lines: that of the first line, else {@code \n}. */
  public String lineEnding() {
    return lineEnding;
  }

  /**
   * The value at {@code path} as text (the unescaped string for strings, the literal otherwise):
   * the first value in document order among {@link #getAll(String)}.
   *
   * @throws IllegalArgumentException if the path is malformed or names a message
   */
  public Optional<String> get(String path) {
    List<String> all = getAll(path);
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(0));
  }

  /**
   * All values at {@code path} as text, in document order: a segment without an index takes every
   * occurrence (so {@code item.name} lists the names of all items), one with an index that
   * occurrence.
   *
   * @throws IllegalArgumentException if the path is malformed or names messages
   */
  public List<String> getAll(String path) {
    Objects.requireNonNull(path, "path");
    List<String> out = new ArrayList<>();
    for (TextProtoValue v : TextProtoPath.parse(path).resolveAll(root)) {
      if (!(v instanceof TextProtoScalar s)) {
        throw new IllegalArgumentException(
            "path '" + path + "' names a message (line " + v.line() + "), not a scalar value");
      }
      out.add(s.text());
    }
    return List.copyOf(out);
  }

  /**
   * Sets the scalar at {@code path} (its first occurrence, or the indexed one), creating missing
   * fields and messages as last children. Only the value's text changes.
   *
   * <p>The literal form is inferred: a value already in quotes ({@code 'a b'}) is used as written;
   * an existing string keeps being a string in its quote style; otherwise a number literal is
   * written as a number and an identifier ({@code RELU_6}, {@code true}) as an identifier; any
   * other text becomes a double-quoted string for a new field. Quote the value to force a string.
   *
   * @throws IllegalArgumentException if the path is malformed, names a message, runs through a
   *     scalar, has an index beyond the existing occurrences, or the value does not fit an existing
   *     number or identifier
   */
  public void set(String path, String value) {
    Objects.requireNonNull(path, "path");
    Objects.requireNonNull(value, "value");
    List<TextProtoPath.Segment> segments = TextProtoPath.parse(path).segments();
    TextProtoMessage message = root;
    for (int i = 0; i < segments.size() - 1; i++) {
      TextProtoValue found = pick(message, segments.get(i), path);
      if (found == null) {
        message = message.addMessage(segments.get(i).name());
      } else if (found instanceof TextProtoMessage m) {
        message = m;
      } else {
        throw new IllegalArgumentException(
            "path '" + path + "': '" + segments.get(i).name() + "' is a scalar, not a message");
      }
    }
    TextProtoPath.Segment last = segments.get(segments.size() - 1);
    TextProtoValue found = pick(message, last, path);
    if (found == null) {
      message.addField(last.name(), SetValues.literalFor(null, value, path));
    } else if (found instanceof TextProtoScalar s) {
      s.replace(TextProtoParser.parseLiteral(SetValues.literalFor(s, value, path), this));
    } else {
      throw new IllegalArgumentException(
          "path '" + path + "' names a message (line " + found.line() + "), not a scalar value");
    }
  }

  /**
   * Removes the fields at {@code path} (every occurrence of the last segment, or the indexed one;
   * an index into list syntax is not supported and removes nothing).
   *
   * @return how many fields were removed
   * @throws IllegalArgumentException if the path is malformed
   */
  public int remove(String path) {
    Objects.requireNonNull(path, "path");
    TextProtoPath parsed = TextProtoPath.parse(path);
    List<TextProtoPath.Segment> segments = parsed.segments();
    TextProtoPath.Segment last = segments.get(segments.size() - 1);
    List<TextProtoValue> parents =
        new TextProtoPath(segments.subList(0, segments.size() - 1)).resolveAll(root);
    int removed = 0;
    for (TextProtoValue p : parents) {
      if (p instanceof TextProtoMessage m) {
        List<TextProtoField> named = m.fields(last.name());
        for (int i = 0; i < named.size(); i++) {
          boolean hit = !last.hasIndex() || (i == last.index() && !named.get(i).isList());
          if (hit && m.remove(named.get(i))) {
            removed++;
          }
        }
      }
    }
    return removed;
  }

  private static TextProtoValue pick(
      TextProtoMessage message, TextProtoPath.Segment segment, String path) {
    List<TextProtoValue> values = TextProtoPath.values(message, segment.name());
    int index = segment.hasIndex() ? segment.index() : 0;
    if (index < values.size()) {
      return values.get(index);
    }
    if (index > 0) {
      throw new IllegalArgumentException(
          "path '"
              + path
              + "': '"
              + segment.name()
              + "' has "
              + values.size()
              + " occurrence(s), index "
              + index
              + " is out of range");
    }
    return null;
  }

  /** The indentation step of the document (from its first nested field), else two spaces. */
  String indentUnit() {
    if (indentUnit == null) {
      indentUnit = IndentDetector.detect(root);
    }
    return indentUnit;
  }

  @Override
  public String toString() {
    return "TextProtoDocument[" + sourceName + "]";
  }
}
