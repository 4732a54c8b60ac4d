package dev.detect.core.labelmap;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads and writes label maps as {@code .pbtxt} ({@code StringIntLabelMap} in protobuf text format,
 * see {@code object_detection/protos/string_int_label_map.proto}), and reads plain class lists
 * ({@code classes.txt}, {@code obj.names}).
 *
 * <p>Reading accepts everything the OD API's {@code text_format} parser accepts: single or double
 * quotes, {@code item { }} and {@code item: { }} forms, comments, any field order, id gaps, maps
 * with only {@code display_name} (their {@code name} is then empty), and the other item fields
 * ({@code keypoints}, {@code ancestor_ids}, {@code descendant_ids}, {@code frequency}, {@code
 * instance_count}), which are accepted and ignored. It rejects, with {@code file:line:column} of
 * the item: a missing, negative or duplicate id, id 0 not named {@code background}, a duplicate
 * non-empty name, an unknown field, and a top-level field other than {@code item}.
 *
 * <p>Writing uses the style of the TF models repository's {@code pascal_label_map.pbtxt}: two-space
 * indentation, single quotes, a blank line between items, {@code id} first; it writes both {@code
 * name} and {@code display_name} (the OD API matches class text against both), leaving out an empty
 * name or an absent display name so that reading gives back an equal {@link LabelMap}:
 *
 * <pre>
 * item {
 *   id: 1
 *   name: 'raccoon'
 *   display_name: 'raccoon'
 * }
 * </pre>
 */
public final class LabelMapFormat {
  private static final Set<String> IGNORED_ITEM_FIELDS =
      Set.of("keypoints", "ancestor_ids", "descendant_ids", "frequency", "instance_count");

  private LabelMapFormat() {}

  /**
   * Reads a {@code .pbtxt} label map (UTF-8).
   *
   * @throws DatasetFormatException if the file is not a valid label map (located at the item)
   * @throws IOException if it cannot be read
   */
  public static LabelMap read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    return fromDocument(TextProtoDocument.read(file));
  }

  /**
   * Parses label map text.
   *
   * @param sourceName the file name for error messages
   * @throws DatasetFormatException if the text is not a valid label map
   */
  public static LabelMap parse(String text, String sourceName) throws DatasetFormatException {
    return fromDocument(TextProtoDocument.parse(text, sourceName));
  }

  /**
   * The {@code .pbtxt} text of a label map, in item order (see the class comment for the style).
   */
  public static String format(LabelMap labelMap) {
    Objects.requireNonNull(labelMap, "labelMap");
    StringBuilder sb = new StringBuilder();
    for (LabelMap.Item item : labelMap.items()) {
      if (sb.length() > 0) {
        sb.append('\n');
      }
      sb.append("item {\n  id: ").append(item.id()).append('\n');
      if (!item.name().isEmpty()) {
        sb.append("  name: ").append(TextProtoScalar.quote(item.name(), '\'')).append('\n');
      }
      item.displayName()
          .ifPresent(
              d ->
                  sb.append("  display_name: ")
                      .append(TextProtoScalar.quote(d, '\''))
                      .append('\n'));
      sb.append("}\n");
    }
    return sb.toString();
  }

  /**
   * Writes a label map as {@code .pbtxt} (UTF-8), atomically: readers see the old file or the new
   * one, never a part.
   *
   * @throws IOException if it cannot be written
   */
  public static void write(LabelMap labelMap, Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    AtomicFiles.writeString(file, format(labelMap));
  }

  /**
   * Reads a class list: one class name per line (UTF-8, a BOM stripped), lines trimmed, blank lines
   * skipped, file order kept, ids from 1 (as {@code generate_pbtxt.py txt} does).
   *
   * @throws DatasetFormatException on a duplicate name (naming both lines) or text that is not
   *     UTF-8
   * @throws IOException if it cannot be read
   */
  public static LabelMap readClassList(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    String text = decodeUtf8(file);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    List<String> names = new ArrayList<>();
    Map<String, Integer> lineOf = new HashMap<>();
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int i = 0; i < lines.length; i++) {
      String name = lines[i].strip();
      if (name.isEmpty()) {
        continue;
      }
      Integer first = lineOf.putIfAbsent(name, i + 1);
      if (first != null) {
        throw new DatasetFormatException(
            file,
            i + 1,
            "duplicate class '" + name + "' (first on line " + first + "): list each class once");
      }
      names.add(name);
    }
    return LabelMap.ofNames(names);
  }

  private static String decodeUtf8(Path file) throws IOException {
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
          .toString();
    } catch (CharacterCodingException e) {
      throw new DatasetFormatException(file, "not valid UTF-8 text: save the file as UTF-8", e);
    }
  }

  private static LabelMap fromDocument(TextProtoDocument doc) throws DatasetFormatException {
    ItemChecker checker = new ItemChecker(doc.sourceName());
    for (TextProtoField field : doc.root().fields()) {
      if (!field.name().equals("item")) {
        throw error(
            doc,
            field,
            "unknown top-level field '"
                + field.name()
                + "': a label map holds only 'item { id: 1 name: '...' }' entries");
      }
      if (!field.scalars().isEmpty()) {
        throw error(doc, field, "'item' must be a message: item { id: 1 name: '...' }");
      }
      for (TextProtoMessage message : field.messages()) {
        checker.add(readItem(doc, field, message), field);
      }
    }
    return LabelMap.of(checker.items());
  }

  private static LabelMap.Item readItem(
      TextProtoDocument doc, TextProtoField itemField, TextProtoMessage message)
      throws DatasetFormatException {
    Integer id = null;
    String name = "";
    String displayName = null;
    Set<String> seen = new HashSet<>();
    for (TextProtoField f : message.fields()) {
      String n = f.name();
      if (IGNORED_ITEM_FIELDS.contains(n)) {
        continue;
      }
      if (!n.equals("id") && !n.equals("name") && !n.equals("display_name")) {
        throw error(
            doc,
            f,
            "unknown field '"
                + n
                + "' in label map item: expected id, name, display_name (or keypoints,"
                + " ancestor_ids, descendant_ids, frequency, instance_count)");
      }
      if (!seen.add(n)) {
        throw error(doc, f, "item has more than one '" + n + "' field: keep one");
      }
      if (f.isMessage() || f.isList()) {
        throw error(doc, f, "'" + n + "' must be a single value, e.g. " + n + ": 1");
      }
      switch (n) {
        case "id" -> id = f.scalar().asInt();
        case "name" -> name = f.scalar().asString();
        default -> displayName = f.scalar().asString();
      }
    }
    if (id == null) {
      throw error(doc, itemField, "label map item has no 'id': add id: N (N >= 1)");
    }
    if (id < 0) {
      throw error(doc, itemField, "label map id " + id + " is negative: ids must be >= 1");
    }
    return new LabelMap.Item(id, name, Optional.ofNullable(displayName));
  }

  static DatasetFormatException error(TextProtoDocument doc, TextProtoField at, String reason) {
    return new DatasetFormatException(doc.sourceName(), at.line(), at.column(), reason);
  }
}
