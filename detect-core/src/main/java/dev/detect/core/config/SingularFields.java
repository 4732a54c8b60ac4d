package dev.detect.core.config;

import dev.detect.core.config.ConfigIssue.Severity;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Non-repeated fields given more than once ({@code num_classes} twice, a second {@code model { }}
 * block): the OD API's {@code text_format.Merge} keeps the last value (and merges messages), so an
 * edit of the first copy would change nothing that is used. {@code --validate} reports each as an
 * error; edits refuse a path that crosses one.
 */
final class SingularFields {
  /** A singular field that appears {@code fields.size() > 1} times in one message. */
  record Duplicate(String path, List<TextProtoField> fields) {
    String message() {
      List<String> at = new ArrayList<>();
      fields.forEach(f -> at.add(f.line() + ":" + f.column()));
      return path
          + " is not a repeated field but appears "
          + fields.size()
          + " times (lines "
          + String.join(", ", at)
          + "); the OD API keeps the last "
          + (fields.get(0).isMessage() ? "(merging the blocks)" : "value")
          + ": keep one";
    }
  }

  private final OdApiSchema schema = OdApiSchema.get();
  private final List<Duplicate> out = new ArrayList<>();

  private SingularFields() {}

  /** Every duplicated singular field, in document order. */
  static List<Duplicate> find(TextProtoMessage root) {
    SingularFields s = new SingularFields();
    s.walk(root, s.schema.message(OdApiSchema.ROOT).orElseThrow(), "");
    return List.copyOf(s.out);
  }

  /** Adds one ERROR issue per duplicated singular field. */
  static void addIssues(PipelineConfig config, List<ConfigIssue> issues) {
    for (Duplicate d : find(config.document().root())) {
      issues.add(new ConfigIssue(Severity.ERROR, d.path(), d.message()));
    }
  }

  /**
   * Refuses an edit of {@code path} (dotted names, {@code [i]} for an index) that crosses a
   * duplicated singular field: which copy is meant is ambiguous, and the OD API uses the last.
   *
   * @throws IllegalArgumentException naming the file, the field and its lines
   */
  /** The index of {@code [i]} (up to 9 digits, as TextProtoPath allows), or -1. */
  private static int index(String brackets) {
    String digits =
        brackets.startsWith("[") && brackets.endsWith("]")
            ? brackets.substring(1, brackets.length() - 1)
            : "";
    return !digits.isEmpty() && digits.length() <= 9 && digits.chars().allMatch(Character::isDigit)
        ? Integer.parseInt(digits)
        : -1;
  }

  static void requireUnambiguous(TextProtoDocument doc, String path) {
    TextProtoMessage message = doc.root();
    Optional<OdApiSchema.Message> type = OdApiSchema.get().message(OdApiSchema.ROOT);
    StringBuilder walked = new StringBuilder();
    for (String segment : path.split("\\.")) {
      boolean indexed = segment.indexOf('[') > 0;
      String name = indexed ? segment.substring(0, segment.indexOf('[')) : segment;
      walked.append(walked.length() == 0 ? "" : ".").append(name);
      Optional<OdApiSchema.Field> field = type.map(t -> t.fields().get(name));
      List<TextProtoField> fields = message.fields(name);
      boolean repeated = field.map(OdApiSchema.Field::repeated).orElse(false);
      if (!indexed && !repeated && fields.size() > 1) {
        throw new IllegalArgumentException(
            doc.sourceName()
                + ": cannot set "
                + path
                + ": "
                + new Duplicate(walked.toString(), fields).message());
      }
      int index = indexed ? index(segment.substring(name.length())) : 0;
      if (index < 0) {
        return; // a malformed or out-of-int index: TextProtoDocument.set says what is wrong
      }
      if (index >= fields.size() || !fields.get(index).isMessage()) {
        return;
      }
      message = fields.get(index).message();
      type = field.flatMap(OdApiSchema.Field::messageType).flatMap(OdApiSchema.get()::message);
    }
  }

  private void walk(TextProtoMessage message, OdApiSchema.Message type, String path) {
    Map<String, List<TextProtoField>> byName = new LinkedHashMap<>();
    for (TextProtoField f : message.fields()) {
      byName.computeIfAbsent(f.name(), n -> new ArrayList<>()).add(f);
    }
    for (Map.Entry<String, List<TextProtoField>> e : byName.entrySet()) {
      OdApiSchema.Field known = type.fields().get(e.getKey());
      if (known == null) {
        continue; // unknown fields are KnownFields' to report
      }
      String fieldPath = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
      if (!known.repeated() && e.getValue().size() > 1) {
        out.add(new Duplicate(fieldPath, e.getValue()));
      }
      Optional<OdApiSchema.Message> child = known.messageType().flatMap(schema::message);
      if (child.isEmpty()) {
        continue;
      }
      int index = 0;
      for (TextProtoField f : e.getValue()) {
        for (TextProtoMessage value : f.messages()) {
          walk(value, child.get(), known.repeated() ? fieldPath + "[" + index++ + "]" : fieldPath);
        }
      }
    }
  }
}
