package dev.detect.io.yolo;

import dev.detect.core.DatasetFormatException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

/**
 * Extracts the {@code names:} entry of a simple Ultralytics {@code data.yaml}: {@code names: [a,
 * 'b']}, a block list of {@code - a} lines, or a block map of {@code 0: a} lines. Anything more
 * elaborate is refused with a message asking for a plain {@code classes.txt}.
 */
final class YamlNames {
  private YamlNames() {}

  static List<String> parse(Path file, String text) throws DatasetFormatException {
    String[] lines = text.replace("\r", "").split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].startsWith("names:")) {
        String rest = stripComment(lines[i].substring("names:".length())).strip();
        if (rest.startsWith("[")) {
          return flow(file, i, lines, rest);
        }
        if (rest.isEmpty()) {
          return block(file, i, lines);
        }
        throw unsupported(file, i + 1, rest);
      }
    }
    throw new DatasetFormatException(
        file, "no top-level 'names:' entry; add one or pass a classes.txt instead");
  }

  private static List<String> flow(Path file, int start, String[] lines, String first)
      throws DatasetFormatException {
    StringBuilder sb = new StringBuilder(first);
    int i = start;
    boolean closed = first.indexOf(']') >= 0;
    while (!closed && ++i < lines.length) {
      String line = stripComment(lines[i]).strip();
      sb.append(' ').append(line);
      closed = line.indexOf(']') >= 0; // not sb.indexOf: that rescans the list on every line
    }
    int end = sb.indexOf("]");
    if (end < 0) {
      throw new DatasetFormatException(file, start + 1, "'names: [' is never closed by ']'");
    }
    List<String> names = new ArrayList<>();
    for (String item : splitCommas(sb.substring(1, end))) {
      if (!item.isBlank()) {
        names.add(unquote(item.strip()));
      }
    }
    return names;
  }

  private static List<String> block(Path file, int start, String[] lines)
      throws DatasetFormatException {
    List<String> list = new ArrayList<>();
    TreeMap<Integer, String> map = new TreeMap<>();
    for (int i = start + 1; i < lines.length; i++) {
      String line = stripComment(lines[i]);
      if (line.isBlank()) {
        continue;
      }
      if (!Character.isWhitespace(line.charAt(0)) && !line.startsWith("-")) {
        break;
      }
      String item = line.strip();
      if (item.startsWith("-")) {
        list.add(unquote(item.substring(1).strip()));
      } else if (item.matches("\\d+\\s*:.*")) {
        int colon = item.indexOf(':');
        String index = item.substring(0, colon).strip();
        if (index.length() > 9) {
          throw new DatasetFormatException(
              file, i + 1, "class index " + index + " is too large; number the names from 0");
        }
        map.put(Integer.parseInt(index), unquote(item.substring(colon + 1).strip()));
      } else {
        throw unsupported(file, i + 1, item);
      }
    }
    if (!map.isEmpty()) {
      if (!list.isEmpty() || map.firstKey() != 0 || map.lastKey() != map.size() - 1) {
        throw new DatasetFormatException(
            file,
            start + 1,
            "names map indices must run 0.." + (map.size() - 1) + ", got " + map.keySet());
      }
      return new ArrayList<>(map.values());
    }
    return list;
  }

  private static List<String> splitCommas(String s) {
    List<String> parts = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    char quote = 0;
    for (char c : s.toCharArray()) {
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == ',') {
        parts.add(cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    parts.add(cur.toString());
    return parts;
  }

  private static String stripComment(String line) {
    char quote = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        quote = c == quote ? 0 : quote;
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '#' && (i == 0 || Character.isWhitespace(line.charAt(i - 1)))) {
        return line.substring(0, i);
      }
    }
    return line;
  }

  private static String unquote(String s) {
    if (s.length() >= 2
        && (s.charAt(0) == '\'' || s.charAt(0) == '"')
        && s.charAt(s.length() - 1) == s.charAt(0)) {
      return s.substring(1, s.length() - 1);
    }
    return s;
  }

  private static DatasetFormatException unsupported(Path file, int line, String value) {
    return new DatasetFormatException(
        file,
        line,
        "unsupported 'names' form '"
            + value
            + "': use names: [a, b], a '- name' list or '0: name' lines, or pass a classes.txt");
  }
}
