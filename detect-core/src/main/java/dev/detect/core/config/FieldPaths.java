package dev.detect.core.config;

import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import dev.detect.core.textproto.TextProtoValue;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The leaf field paths present in a document (scalars, and messages with no fields such as {@code
 * iou_similarity { }}), without occurrence indices, and matching them against a supported set.
 */
final class FieldPaths {
  private FieldPaths() {}

  /** A present leaf: its dotted path and, for scalars, the value text (null for messages). */
  record Leaf(String path, String value) {}

  static List<Leaf> leaves(TextProtoMessage root) {
    List<Leaf> out = new ArrayList<>();
    // iterative depth-first walk in document order: messages nest up to MAX_DEPTH levels
    Deque<Iterator<Object[]>> stack = new ArrayDeque<>();
    stack.push(entries(root, "").iterator());
    while (!stack.isEmpty()) {
      Iterator<Object[]> it = stack.peek();
      if (!it.hasNext()) {
        stack.pop();
        continue;
      }
      Object[] e = it.next();
      String path = (String) e[0];
      if (e[1] instanceof TextProtoScalar s) {
        out.add(new Leaf(path, s.text()));
      } else {
        TextProtoMessage child = (TextProtoMessage) e[1];
        if (child.fields().isEmpty()) {
          out.add(new Leaf(path, null));
        } else {
          stack.push(entries(child, path).iterator());
        }
      }
    }
    return out;
  }

  private static List<Object[]> entries(TextProtoMessage m, String prefix) {
    List<Object[]> out = new ArrayList<>();
    for (TextProtoField f : m.fields()) {
      String path = prefix.isEmpty() ? f.name() : prefix + "." + f.name();
      for (TextProtoValue v : f.values()) {
        out.add(new Object[] {path, v});
      }
    }
    return out;
  }

  /**
   * Whether a supported-set entry covers a leaf: {@code a.b.*} covers {@code a.b} and everything
   * below it; {@code a.b=v} covers the scalar {@code a.b} only when its value is {@code v}; other
   * entries cover exactly that path.
   */
  static boolean covers(String entry, Leaf leaf) {
    if (entry.endsWith(".*")) {
      String p = entry.substring(0, entry.length() - 2);
      return leaf.path().equals(p) || leaf.path().startsWith(p + ".");
    }
    int eq = entry.indexOf('=');
    if (eq > 0) {
      return leaf.path().equals(entry.substring(0, eq))
          && entry.substring(eq + 1).equals(leaf.value());
    }
    return leaf.path().equals(entry);
  }

  static List<String> unsupported(TextProtoMessage root, Set<String> supported) {
    Set<String> out = new LinkedHashSet<>();
    for (Leaf leaf : leaves(root)) {
      if (supported.stream().noneMatch(e -> covers(e, leaf))) {
        out.add(leaf.path());
      }
    }
    return List.copyOf(out);
  }
}
