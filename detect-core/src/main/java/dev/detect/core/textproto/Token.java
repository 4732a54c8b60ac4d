package dev.detect.core.textproto;

/**
 * One lexical token with its exact source text and the trivia (whitespace and comments) before it.
 *
 * <p>Printing {@code trivia + text} of every token in order gives back the source byte for byte.
 * Line and column are 1-based positions in the parsed source (0 for tokens created by edits).
 */
final class Token {
  /** Token kinds. */
  enum Kind {
    IDENTIFIER,
    NUMBER,
    STRING,
    SYMBOL,
    END
  }

  final Kind kind;
  final String text;
  final String trivia;
  final int line;
  final int column;

  Token(Kind kind, String text, String trivia, int line, int column) {
    this.kind = kind;
    this.text = text;
    this.trivia = trivia;
    this.line = line;
    this.column = column;
  }

  /** A token created by an edit, with no source position. */
  static Token synthetic(Kind kind, String text, String trivia) {
    return new Token(kind, text, trivia, 0, 0);
  }

  Token withTrivia(String newTrivia) {
    return new Token(kind, text, newTrivia, line, column);
  }

  boolean is(String symbol) {
    return kind == Kind.SYMBOL && text.equals(symbol);
  }

  /** How the token is named in error messages. */
  String describe() {
    return kind == Kind.END ? "end of input" : "'" + text + "'";
  }

  void appendTo(StringBuilder out) {
    out.append(trivia).append(text);
  }

  @Override
  public String toString() {
    return kind + "(" + text + ")@" + line + ":" + column;
  }
}
