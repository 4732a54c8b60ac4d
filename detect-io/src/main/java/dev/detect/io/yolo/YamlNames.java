package dev.detect.io.yolo;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Reads the class names of an Ultralytics {@code data.yaml} with a YAML parser (Jackson's YAML
 * module over SnakeYAML), so every YAML form means what it means to Ultralytics' {@code
 * yaml.safe_load}: a flow list ({@code names: ['it''s', "a\"b", 'c,d']}), a block list of {@code -
 * name} lines, or a map of {@code index: name} entries numbered from 0; quoting, escapes ({@code
 * "\u00e9t\u00e9"}), comments and unicode as YAML defines them. {@code nc}, when present, must
 * equal the number of names. Scalars that YAML reads as numbers or booleans are taken as their
 * text.
 */
final class YamlNames {
  private static final YAMLMapper MAPPER =
      YAMLMapper.builder(new YAMLFactory())
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .build();

  private YamlNames() {}

  static List<String> parse(Path file, String text) throws DatasetFormatException {
    try (JsonParser p = MAPPER.createParser(text)) {
      JsonToken root = p.nextToken();
      if (root != JsonToken.START_OBJECT) {
        throw new DatasetFormatException(
            file, line(p), "expected a YAML mapping with a 'names:' entry at the top level");
      }
      List<String> names = null;
      int namesLine = 0;
      JsonNode nc = null;
      int ncLine = 0;
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        p.nextToken();
        int at = line(p);
        if (key.equals("names")) {
          namesLine = at;
          names = names(file, p);
        } else if (key.equals("nc")) {
          ncLine = at;
          nc = p.readValueAsTree();
        } else {
          p.skipChildren();
        }
      }
      if (names == null) {
        throw new DatasetFormatException(
            file, "no top-level 'names:' entry; add one or pass a classes.txt instead");
      }
      if (nc != null
          && !(nc.canConvertToInt() && nc.isIntegralNumber() && nc.asInt() == names.size())) {
        throw new DatasetFormatException(
            file,
            ncLine,
            "nc is "
                + nc.asText()
                + " but 'names' (line "
                + namesLine
                + ") lists "
                + names.size()
                + " classes; make them agree");
      }
      return names;
    } catch (DatasetFormatException e) {
      throw e;
    } catch (JsonProcessingException e) {
      int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
      int column = e.getLocation() == null ? 0 : e.getLocation().getColumnNr();
      throw new DatasetFormatException(
          file.toString(),
          Math.max(line, 0),
          Math.max(column, 0),
          "not valid YAML: " + e.getOriginalMessage().replaceAll("\\s*\\n\\s*", "; "),
          e);
    } catch (IOException e) {
      throw new DatasetFormatException(file, "cannot read YAML: " + e.getMessage(), e);
    }
  }

  /** The names of the value the parser is at: a list, or a map of 0-based indices. */
  private static List<String> names(Path file, JsonParser p) throws IOException {
    List<String> out = new ArrayList<>();
    JsonToken t = p.currentToken();
    if (t == JsonToken.START_ARRAY) {
      for (int i = 0; p.nextToken() != JsonToken.END_ARRAY; i++) {
        out.add(scalar(file, p, "names[" + i + "]"));
      }
      return out;
    }
    if (t == JsonToken.START_OBJECT) {
      TreeMap<Long, String> byIndex = new TreeMap<>();
      int first = line(p);
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String key = p.currentName();
        long index = index(file, line(p), key);
        p.nextToken();
        byIndex.put(index, scalar(file, p, "names[" + key + "]"));
      }
      if (!byIndex.isEmpty()
          && (byIndex.firstKey() != 0 || byIndex.lastKey() != byIndex.size() - 1)) {
        throw new DatasetFormatException(
            file,
            first,
            "names map indices must run 0.." + (byIndex.size() - 1) + ", got " + byIndex.keySet());
      }
      out.addAll(byIndex.values());
      return out;
    }
    throw new DatasetFormatException(
        file,
        line(p),
        "unsupported 'names' form '"
            + p.getText()
            + "': use names: [a, b], a '- name' list or '0: name' lines, or pass a classes.txt");
  }

  private static long index(Path file, int line, String key) throws DatasetFormatException {
    if (!key.matches("\\d{1,9}")) {
      throw new DatasetFormatException(
          file,
          line,
          "class index " + key + " is not a 0-based index below 10^9; number the names from 0");
    }
    return Long.parseLong(key);
  }

  /** The scalar the parser is at, as text (numbers and booleans as written). */
  private static String scalar(Path file, JsonParser p, String where) throws IOException {
    JsonToken t = p.currentToken();
    if (t == JsonToken.VALUE_NULL) {
      throw new DatasetFormatException(file, line(p), where + " is empty; give every class a name");
    }
    if (t == JsonToken.START_ARRAY || t == JsonToken.START_OBJECT) {
      throw new DatasetFormatException(
          file,
          line(p),
          where + " is a " + (t == JsonToken.START_ARRAY ? "list" : "map") + ", not a class name");
    }
    return p.getText();
  }

  private static int line(JsonParser p) {
    return Math.max(0, p.currentTokenLocation().getLineNr());
  }
}
