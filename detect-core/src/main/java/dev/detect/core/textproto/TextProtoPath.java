package dev.detect.core.textproto;

import java.util.ArrayList;
import java.util.List;

/**
 * A dotted field path such as {@code model.ssd.num_classes}, {@code
 * eval_input_reader[0].label_map_path} or {@code [pkg.ext].value}: segments of a field name and an
 * optional 0-based occurrence index.
 *
 * @param segments the segments, at least one
 */
record TextProtoPath(List<Segment> segments) {
  /** One step: a field name and, if given, which occurrence (0-based) of that name. */
  record Segment(String name, int index) {
    boolean hasIndex() {
      return index >= 0;
    }
  }

  /**
   * Parses a path.
   *
   * @throws IllegalArgumentException if it is not a valid path
   */
  static TextProtoPath parse(String path) {
    List<Segment> segments = new ArrayList<>();
    int i = 0;
    int n = path.length();
    while (true) {
      int start = i;
      if (i < n && path.charAt(i) == '[') {
        int close = path.indexOf(']', i);
        if (close < 0) {
          throw bad(path, "unclosed '['");
        }
        i = close + 1;
      } else {
        while (i < n && TextProtoLexer.isIdentifierPart(path.charAt(i))) {
          i++;
        }
      }
      String name = path.substring(start, i);
      if (!isFieldName(name)) {
        throw bad(path, "expected a field name at index " + start);
      }
      int index = -1;
      if (i < n && path.charAt(i) == '[') {
        int close = path.indexOf(']', i);
        String digits = close < 0 ? "" : path.substring(i + 1, close);
        if (digits.isEmpty()
            || digits.length() > 9
            || !digits.chars().allMatch(Character::isDigit)) {
          throw bad(path, "expected an index like [0] at index " + i);
        }
        index = Integer.parseInt(digits);
        i = close + 1;
      }
      segments.add(new Segment(name, index));
      if (i == n) {
        return new TextProtoPath(List.copyOf(segments));
      }
      if (path.charAt(i) != '.') {
        throw bad(path, "expected '.' or '[' at index " + i);
      }
      i++;
    }
  }

  /** Whether {@code name} is an identifier or a bracketed extension name like {@code [a.b/c.D]}. */
  static boolean isFieldName(String name) {
    if (name.isEmpty()) {
      return false;
    }
    if (name.charAt(0) == '[') {
      if (name.length() < 3 || name.charAt(name.length() - 1) != ']') {
        return false;
      }
      for (int i = 1; i < name.length() - 1; i++) {
        char c = name.charAt(i);
        if (!TextProtoLexer.isIdentifierPart(c) && c != '.' && c != '/' && c != '-') {
          return false;
        }
      }
      return true;
    }
    if (!TextProtoLexer.isIdentifierStart(name.charAt(0))) {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      if (!TextProtoLexer.isIdentifierPart(name.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** The values named by a segment in a message, list syntax flattened, in source order. */
  static List<TextProtoValue> values(TextProtoMessage message, String name) {
    List<TextProtoValue> out = new ArrayList<>();
    for (TextProtoField f : message.fields) {
      if (f.name().equals(name)) {
        out.addAll(f.values());
      }
    }
    return out;
  }

  /**
   * All values the path names: each segment without an index takes every occurrence, one with an
   * index takes that occurrence; intermediate segments keep only messages.
   */
  List<TextProtoValue> resolveAll(TextProtoMessage root) {
    List<TextProtoValue> current = List.of(root);
    for (Segment segment : segments) {
      List<TextProtoValue> next = new ArrayList<>();
      for (TextProtoValue v : current) {
        if (v instanceof TextProtoMessage m) {
          List<TextProtoValue> found = values(m, segment.name());
          if (!segment.hasIndex()) {
            next.addAll(found);
          } else if (segment.index() < found.size()) {
            next.add(found.get(segment.index()));
          }
        }
      }
      current = next;
    }
    return current;
  }

  private static IllegalArgumentException bad(String path, String why) {
    return new IllegalArgumentException("invalid field path '" + path + "': " + why);
  }
}
