package dev.detect.core.textproto;

import dev.detect.core.DatasetFormatException;

/**
 * Splits protobuf text format into {@link Token}s on demand, keeping every character: each token
 * carries the whitespace and {@code #} comments before it, and the end token carries the rest.
 *
 * <p>A hand-written single pass over the characters (no regular expressions). Lines are counted at
 * {@code \n}; columns are 1-based UTF-16 positions in the line. A UTF-8 byte order mark at the very
 * start is treated as trivia. Numbers are only delimited here; their form is checked by the parser
 * where a number is used as a value, so a bad number is reported where it stands.
 */
final class TextProtoLexer {
  private static final String SYMBOLS = "{}<>[]:;,/.-";

  private final String text;
  private final String source;
  private int pos;
  private int line = 1;
  private int lineStart;

  TextProtoLexer(String text, String source) {
    this.text = text;
    this.source = source;
  }

  /** The next token; after the end, keeps returning an end token with empty trivia. */
  Token next() throws DatasetFormatException {
    int triviaStart = pos;
    skipTrivia();
    String trivia = text.substring(triviaStart, pos);
    int startLine = line;
    int startColumn = pos - lineStart + 1;
    int start = pos;
    if (pos >= text.length()) {
      return new Token(Token.Kind.END, "", trivia, startLine, startColumn);
    }
    char c = text.charAt(pos);
    Token.Kind kind;
    if (isIdentifierStart(c)) {
      kind = Token.Kind.IDENTIFIER;
      pos++;
      while (pos < text.length() && isIdentifierPart(text.charAt(pos))) {
        pos++;
      }
    } else if (isDigit(c)
        || (c == '.' && pos + 1 < text.length() && isDigit(text.charAt(pos + 1)))) {
      kind = Token.Kind.NUMBER;
      scanNumber();
    } else if (c == '"' || c == '\'') {
      kind = Token.Kind.STRING;
      scanString(c, startLine, startColumn);
    } else if (SYMBOLS.indexOf(c) >= 0) {
      kind = Token.Kind.SYMBOL;
      pos++;
    } else {
      throw new DatasetFormatException(
          source,
          startLine,
          startColumn,
          "unexpected character " + describeChar(c) + ": expected a field name, value or symbol");
    }
    return new Token(kind, text.substring(start, pos), trivia, startLine, startColumn);
  }

  private void skipTrivia() {
    int n = text.length();
    if (pos == 0 && n > 0 && text.charAt(0) == '\uFEFF') {
      pos = 1;
    }
    while (pos < n) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        lineStart = pos;
      } else if (c == ' ' || c == '\t' || c == '\r' || c == '\f' || c == '\u000B') {
        pos++;
      } else if (c == '#') {
        while (pos < n && text.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  /** Takes digits, letters, '_' and '.', and a sign right after an exponent 'e' of a decimal. */
  private void scanNumber() {
    int start = pos;
    boolean hex = text.startsWith("0x", pos) || text.startsWith("0X", pos);
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (isIdentifierPart(c) || c == '.') {
        pos++;
      } else if ((c == '+' || c == '-')
          && !hex
          && pos > start
          && (text.charAt(pos - 1) == 'e' || text.charAt(pos - 1) == 'E')) {
        pos++;
      } else {
        return;
      }
    }
  }

  private void scanString(char quote, int startLine, int startColumn)
      throws DatasetFormatException {
    pos++;
    while (true) {
      if (pos >= text.length() || text.charAt(pos) == '\n') {
        throw new DatasetFormatException(
            source,
            startLine,
            startColumn,
            "unterminated string: add the closing " + quote + " before the end of the line");
      }
      char c = text.charAt(pos);
      if (c == quote) {
        pos++;
        return;
      }
      if (c == '\\') {
        scanEscape();
      } else {
        pos++;
      }
    }
  }

  private void scanEscape() throws DatasetFormatException {
    int at = pos;
    pos++;
    if (pos >= text.length() || text.charAt(pos) == '\n') {
      return; // reported as an unterminated string by the caller
    }
    char e = text.charAt(pos++);
    if ("abfnrtv\\?'\"".indexOf(e) >= 0) {
      return;
    }
    if (e >= '0' && e <= '7') {
      for (int i = 0; i < 2 && pos < text.length() && isOctal(text.charAt(pos)); i++) {
        pos++;
      }
      return;
    }
    int digits = e == 'x' || e == 'X' ? 2 : e == 'u' ? 4 : e == 'U' ? 8 : -1;
    if (digits < 0) {
      throw escapeError(at, "invalid escape '\\" + e + "' in string");
    }
    int count = 0;
    while (count < digits && pos < text.length() && Character.digit(text.charAt(pos), 16) >= 0) {
      pos++;
      count++;
    }
    boolean shortHexOk = (e == 'x' || e == 'X') && count >= 1;
    if (count < digits && !shortHexOk) {
      throw escapeError(at, "escape '\\" + e + "' needs " + digits + " hex digits, found " + count);
    }
    if (e == 'U' && Long.parseLong(text.substring(pos - 8, pos), 16) > Character.MAX_CODE_POINT) {
      throw escapeError(at, "escape '" + text.substring(at, pos) + "' is beyond U+10FFFF");
    }
  }

  private DatasetFormatException escapeError(int at, String reason) {
    return new DatasetFormatException(source, line, at - lineStart + 1, reason);
  }

  static String describeChar(char c) {
    return c < 0x20 || c == 0x7f || Character.isSurrogate(c) || c == '\uFEFF'
        ? String.format("U+%04X", (int) c)
        : "'" + c + "'";
  }

  static boolean isIdentifierStart(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_';
  }

  static boolean isIdentifierPart(char c) {
    return isIdentifierStart(c) || isDigit(c);
  }

  static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isOctal(char c) {
    return c >= '0' && c <= '7';
  }
}
