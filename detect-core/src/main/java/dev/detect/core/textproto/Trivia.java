package dev.detect.core.textproto;

/** Helpers on trivia: the whitespace and comments before a token. */
final class Trivia {
  private Trivia() {}

  /** The part before the first line break (e.g. a comment ending the previous token's line). */
  static String head(String trivia) {
    int nl = trivia.indexOf('\n');
    String head = nl < 0 ? trivia : trivia.substring(0, nl);
    return head.endsWith("\r") ? head.substring(0, head.length() - 1) : head;
  }

  /** The part from the first line break on ({@code \r\n} included). */
  static String fromFirstBreak(String trivia) {
    int nl = trivia.indexOf('\n');
    if (nl > 0 && trivia.charAt(nl - 1) == '\r') {
      nl--;
    }
    return trivia.substring(nl);
  }

  /** The part after the first line break ({@code \r\n} included). */
  static String afterFirstBreak(String trivia) {
    return trivia.substring(trivia.indexOf('\n') + 1);
  }

  /** Without trailing spaces, tabs and line breaks. */
  static String stripTrailingWhitespace(String trivia) {
    int end = trivia.length();
    while (end > 0 && " \t\r\n\f\u000B".indexOf(trivia.charAt(end - 1)) >= 0) {
      end--;
    }
    return trivia.substring(0, end);
  }

  /**
   * Leading whitespace for a new field placed after a sibling whose leading trivia is {@code
   * sibling}: the same number of line breaks (1 or 2) after its last comment and the same
   * indentation, or the same spaces when the sibling shares a line with what precedes it.
   */
  static String likeSibling(String sibling, String lineEnding) {
    String t = sibling.startsWith("\uFEFF") ? sibling.substring(1) : sibling;
    int lastNl = t.lastIndexOf('\n');
    if (lastNl < 0) {
      return t.isEmpty() ? lineEnding : t;
    }
    int from = Math.max(0, t.lastIndexOf('#'));
    int breaks = 0;
    for (int i = from; i < t.length(); i++) {
      if (t.charAt(i) == '\n') {
        breaks++;
      }
    }
    breaks = Math.max(1, Math.min(2, breaks));
    return lineEnding.repeat(breaks) + t.substring(lastNl + 1);
  }
}
