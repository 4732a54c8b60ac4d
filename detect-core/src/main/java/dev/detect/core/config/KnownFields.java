package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.ConfigIssue.Severity;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Refuses fields the Object Detection API does not know, as its {@code text_format.Merge} does:
 * walks the config from {@code TrainEvalPipelineConfig} through the message types of {@link
 * OdApiSchema} and reports each unknown field with its line:column and the closest known name
 * ({@code batch_sise} → {@code batch_size}). A field of the wrong kind (a scalar for a message) is
 * left to the typed view.
 */
final class KnownFields {
  /** The largest edit distance at which a known name is suggested. */
  static final int MAX_SUGGESTION_DISTANCE = 2;

  /** One unknown field: its path (with indices of repeated fields), the field, and the message. */
  record Unknown(String path, TextProtoField field, String message) {}

  private final OdApiSchema schema = OdApiSchema.get();
  private final List<Unknown> out = new ArrayList<>();

  private KnownFields() {}

  /** Every unknown field, in document order. */
  static List<Unknown> find(TextProtoMessage root) {
    KnownFields k = new KnownFields();
    k.walk(root, k.schema.message(OdApiSchema.ROOT).orElseThrow(), "");
    return List.copyOf(k.out);
  }

  /** Adds one ERROR issue per unknown field. */
  static void addIssues(PipelineConfig config, List<ConfigIssue> issues) {
    for (Unknown u : find(config.document().root())) {
      issues.add(new ConfigIssue(Severity.ERROR, u.path(), u.message()));
    }
  }

  /** Throws for the first unknown field, naming the file and the field's line:column. */
  static void require(TextProtoDocument document) throws DatasetFormatException {
    List<Unknown> all = find(document.root());
    if (all.isEmpty()) {
      return;
    }
    Unknown u = all.get(0);
    String more = all.size() > 1 ? " (and " + (all.size() - 1) + " more unknown fields)" : "";
    throw new DatasetFormatException(
        document.sourceName(), u.field().line(), u.field().column(), u.message() + more);
  }

  /**
   * Checks the fields of {@code message}, whose type is {@code type}.
   *
   * @param path the message's path, with indices for repeated fields ({@code
   *     eval_input_reader[0]}); empty for the root
   */
  private void walk(TextProtoMessage message, OdApiSchema.Message type, String path) {
    Map<String, Integer> seen = new HashMap<>();
    for (TextProtoField f : message.fields()) {
      String name = f.name();
      String fieldPath = path.isEmpty() ? name : path + "." + name;
      OdApiSchema.Field known = type.fields().get(name);
      if (known == null) {
        if (!(name.startsWith("[") && type.extensible())) {
          out.add(new Unknown(fieldPath, f, message(f, type, path)));
        }
        continue;
      }
      Optional<OdApiSchema.Message> child = known.messageType().flatMap(schema::message);
      if (child.isEmpty()) {
        continue;
      }
      for (TextProtoMessage value : f.messages()) {
        int index = seen.merge(name, 1, Integer::sum) - 1;
        walk(value, child.get(), known.repeated() ? fieldPath + "[" + index + "]" : fieldPath);
      }
    }
  }

  /** {@code unknown field X in P (line L:C); did you mean Y?}. */
  private static String message(TextProtoField f, OdApiSchema.Message type, String path) {
    String where = path.isEmpty() ? "at the top level" : "in " + path;
    String head =
        "unknown field " + f.name() + " " + where + " (line " + f.line() + ":" + f.column() + ")";
    if (f.name().startsWith("[")) {
      return head + ": " + type.shortName() + " has no extensions; the OD API refuses the config";
    }
    return closest(f.name(), type)
        .map(s -> head + "; did you mean " + s + "?")
        .orElse(
            head
                + ": "
                + type.shortName()
                + " has no field of that name; the OD API refuses the config");
  }

  /**
   * The known field nearest to {@code name} (case-insensitive Damerau-Levenshtein distance, ties to
   * the first name in order), if it is close enough to be a misspelling: at most {@link
   * #MAX_SUGGESTION_DISTANCE} edits, and at most a third of the name's length (at least one).
   */
  static Optional<String> closest(String name, OdApiSchema.Message type) {
    String lower = name.toLowerCase(Locale.ROOT);
    int limit = Math.min(MAX_SUGGESTION_DISTANCE, Math.max(1, name.length() / 3));
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String known : type.fields().keySet()) {
      if (Math.abs(known.length() - name.length()) > limit) {
        continue; // the distance is at least the difference in length
      }
      int d = distance(lower, known.toLowerCase(Locale.ROOT));
      if (d < bestDistance) {
        best = known;
        bestDistance = d;
      }
    }
    return bestDistance <= limit ? Optional.of(best) : Optional.empty();
  }

  /** The optimal-string-alignment distance: insertions, deletions, substitutions, swaps. */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
