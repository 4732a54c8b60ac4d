package dev.detect.io.internal;

import java.util.Collection;
import java.util.Set;

/**
 * What a format's file can hold of a class name so that its reader gives the same name back.
 * Writers check every class name before writing anything and refuse, naming the class and the
 * format, what would come back different (a newline in a YOLO {@code classes.txt} shifts every
 * later class by one).
 */
public enum ClassNameRules {
  /** No line break: the format lists one class per line. */
  NO_LINE_BREAKS,
  /** No leading or trailing whitespace: the reader strips it. */
  NO_EDGE_WHITESPACE,
  /** Only characters XML 1.0 can hold (no NUL or other C0 controls but tab, LF and CR). */
  XML_CHARACTERS;

  /**
   * Checks {@code names} against {@code rules}.
   *
   * @param format the format and file, for the message (e.g. {@code "YOLO classes.txt"})
   * @throws IllegalArgumentException naming the first class that breaks a rule, the rule and the
   *     format
   */
  public static void requireWritable(
      Collection<String> names, String format, Set<ClassNameRules> rules) {
    for (String name : names) {
      String problem = problem(name, rules);
      if (problem != null) {
        throw new IllegalArgumentException(
            "class name '"
                + visible(name)
                + "' cannot be written to "
                + format
                + ": "
                + problem
                + "; rename the class in the annotations");
      }
    }
  }

  private static String problem(String name, Set<ClassNameRules> rules) {
    if (rules.contains(NO_LINE_BREAKS) && (name.indexOf('\n') >= 0 || name.indexOf('\r') >= 0)) {
      return "it holds a line break, and the file lists one class per line";
    }
    if (rules.contains(NO_EDGE_WHITESPACE) && !name.equals(name.strip())) {
      return "it starts or ends with whitespace, which the reader strips";
    }
    if (rules.contains(XML_CHARACTERS)) {
      for (int i = 0; i < name.length(); i++) {
        char c = name.charAt(i);
        if (c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0xFFFE || c == 0xFFFF) {
          return "character U+" + String.format("%04X", (int) c) + " cannot be written in XML 1.0";
        }
      }
    }
    return null;
  }

  /** The name with control characters shown as escapes. */
  static String visible(String name) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }
}
