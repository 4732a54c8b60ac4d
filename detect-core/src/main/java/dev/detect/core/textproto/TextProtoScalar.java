package dev.detect.core.textproto;

import dev.detect.core.DatasetFormatException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A scalar value in a text-format document: a number, a string (possibly several adjacent literals
 * {@code "a" "b"}) or an identifier (enum value, {@code true}, {@code inf}).
 *
 * <p>The typed accessors convert on demand and throw a {@link DatasetFormatException} located at
 * the value when its form does not fit (e.g. {@link #asLong()} on {@code 'abc'}), because a wrong
 * value type is a fault of the file. Change a value through the owning {@link TextProtoField}.
 */
public final class TextProtoScalar implements TextProtoValue {
  /** The lexical form of a scalar. */
  public enum Kind {
    /** One or more adjacent quoted string literals. */
    STRING,
    /** A number literal, possibly negative: {@code 1}, {@code -0x1F}, {@code 017}, {@code .5f}. */
    NUMBER,
    /** An identifier, possibly negative ({@code -inf}): enum values, booleans, float specials. */
    IDENTIFIER
  }

  private final TextProtoDocument document;
  TextProtoField owner;
  private Kind kind;
  private List<Token> tokens;

  TextProtoScalar(TextProtoDocument document, Kind kind, List<Token> tokens) {
    this.document = document;
    this.kind = kind;
    this.tokens = List.copyOf(tokens);
  }

  /** The lexical form of the value. */
  public Kind kind() {
    return kind;
  }

  /**
   * The value exactly as written, without the whitespace before it; adjacent string literals keep
   * what stands between them.
   */
  public String literal() {
    StringBuilder sb = new StringBuilder(tokens.get(0).text);
    for (int i = 1; i < tokens.size(); i++) {
      tokens.get(i).appendTo(sb);
    }
    return sb.toString();
  }

  /**
   * The value as text: the unescaped string for strings (UTF-8 decoded), the literal for numbers
   * and identifiers.
   */
  public String text() {
    return kind == Kind.STRING ? new String(bytes(), StandardCharsets.UTF_8) : literal();
  }

  @Override
  public int line() {
    return tokens.get(0).line;
  }

  /**
   * The string value, escapes resolved, adjacent literals joined, decoded as UTF-8 (invalid byte
   * sequences become U+FFFD).
   *
   * @throws DatasetFormatException if the value is not a quoted string
   */
  public String asString() throws DatasetFormatException {
    require(Kind.STRING, "a quoted string");
    return new String(bytes(), StandardCharsets.UTF_8);
  }

  /**
   * The raw bytes of a string value ({@code \ooo} and {@code \xHH} escapes are bytes).
   *
   * @throws DatasetFormatException if the value is not a quoted string
   */
  public byte[] asBytes() throws DatasetFormatException {
    require(Kind.STRING, "a quoted string");
    return bytes();
  }

  /**
   * The integer value of a decimal, hex ({@code 0x1F}) or octal ({@code 017}) literal.
   *
   * @throws DatasetFormatException if the value is not an integer or outside the signed 64-bit
   *     range
   */
  public long asLong() throws DatasetFormatException {
    require(Kind.NUMBER, "an integer");
    try {
      return Literals.parseLong(negative(), numberText());
    } catch (NumberFormatException e) {
      throw error("expected an integer (64-bit)");
    }
  }

  /**
   * The integer value, checked to fit a 32-bit {@code int} (proto {@code int32}).
   *
   * @throws DatasetFormatException if the value is not an integer or outside the {@code int} range
   */
  public int asInt() throws DatasetFormatException {
    long value = asLong();
    if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
      throw error("expected a 32-bit integer");
    }
    return (int) value;
  }

  /**
   * The floating-point value of any number literal or of {@code inf}, {@code infinity}, {@code nan}
   * (case-insensitive, optionally negative).
   *
   * @throws DatasetFormatException if the value is not a number
   */
  public double asDouble() throws DatasetFormatException {
    if (kind == Kind.NUMBER || (kind == Kind.IDENTIFIER && Literals.isFloatSpecial(numberText()))) {
      return Literals.parseDouble(negative(), numberText());
    }
    throw error("expected a number");
  }

  /**
   * The boolean value: {@code true}, {@code True}, {@code t}, {@code 1} or {@code false}, {@code
   * False}, {@code f}, {@code 0}, as protobuf accepts them.
   *
   * @throws DatasetFormatException for anything else
   */
  public boolean asBoolean() throws DatasetFormatException {
    String t = literal();
    return switch (t) {
      case "true", "True", "t", "1" -> true;
      case "false", "False", "f", "0" -> false;
      default -> throw error("expected true or false");
    };
  }

  /**
   * The identifier (e.g. an enum value such as {@code RELU_6}).
   *
   * @throws DatasetFormatException if the value is not an identifier
   */
  public String asIdentifier() throws DatasetFormatException {
    require(Kind.IDENTIFIER, "an identifier (enum value)");
    return literal();
  }

  /**
   * Quotes {@code value} as a text-format string literal: backslash, the quote and control
   * characters are escaped; non-ASCII characters are kept as they are (files are UTF-8).
   *
   * @param quote {@code '"'} or {@code '\''}
   * @throws IllegalArgumentException on another quote character or an unpaired surrogate
   */
  public static String quote(String value, char quote) {
    Objects.requireNonNull(value, "value");
    if (quote != '"' && quote != '\'') {
      throw new IllegalArgumentException("quote must be \" or ', got " + quote);
    }
    return Literals.quote(value, quote);
  }

  /** The quote character of a string value ({@code '"'} for other kinds). */
  char quoteChar() {
    Token first = tokens.get(0);
    return kind == Kind.STRING && first.text.charAt(0) == '\'' ? '\'' : '"';
  }

  /** Replaces the value with a parsed literal, keeping the whitespace before it. */
  void replace(TextProtoScalar parsed) {
    List<Token> copy = new ArrayList<>(parsed.tokens);
    copy.set(0, copy.get(0).withTrivia(tokens.get(0).trivia));
    this.tokens = List.copyOf(copy);
    this.kind = parsed.kind;
  }

  void setLeadingTrivia(String trivia) {
    List<Token> copy = new ArrayList<>(tokens);
    copy.set(0, copy.get(0).withTrivia(trivia));
    this.tokens = List.copyOf(copy);
  }

  void appendTo(StringBuilder out) {
    for (Token token : tokens) {
      token.appendTo(out);
    }
  }

  private boolean negative() {
    return tokens.get(0).is("-");
  }

  private String numberText() {
    return negative() ? tokens.get(1).text : tokens.get(0).text;
  }

  private byte[] bytes() {
    if (tokens.size() == 1) {
      return Literals.unescape(tokens.get(0).text);
    }
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    for (Token token : tokens) {
      out.writeBytes(Literals.unescape(token.text));
    }
    return out.toByteArray();
  }

  private void require(Kind expected, String what) throws DatasetFormatException {
    if (kind != expected) {
      throw error("expected " + what);
    }
  }

  private DatasetFormatException error(String expected) {
    Token first = tokens.get(0);
    String field = owner == null ? "" : " for field '" + owner.name() + "'";
    return new DatasetFormatException(
        document.sourceName(), first.line, first.column, expected + field + ", found " + literal());
  }

  @Override
  public String toString() {
    return literal();
  }
}
