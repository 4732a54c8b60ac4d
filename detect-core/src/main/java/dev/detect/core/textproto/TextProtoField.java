package dev.detect.core.textproto;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One field occurrence in a message: {@code name: value}, {@code name { ... }}, {@code name: [a,
 * b]} or an extension {@code [pkg.ext] { ... }}, with its optional trailing {@code ,} or {@code ;}.
 *
 * <p>A repeated field appears as several {@code TextProtoField}s with the same name, or as one
 * field with list syntax ({@link #isList()}). Setters change only this field's value text; the
 * whitespace and comments around it stay as they were. Not thread-safe.
 */
public final class TextProtoField {
  TextProtoMessage parent;
  final List<Token> nameTokens;
  private final String name;
  Token colon;

  /** The single value, or null for list syntax. */
  TextProtoValue single;

  Token listOpen;
  final List<TextProtoValue> listValues = new ArrayList<>();
  final List<Token> listCommas = new ArrayList<>();
  Token listClose;
  Token separator;

  TextProtoField(TextProtoMessage parent, List<Token> nameTokens) {
    this.parent = parent;
    this.nameTokens = new ArrayList<>(nameTokens);
    if (nameTokens.size() == 1) {
      this.name = nameTokens.get(0).text;
    } else {
      StringBuilder sb = new StringBuilder();
      for (Token t : nameTokens) {
        sb.append(t.text);
      }
      this.name = sb.toString();
    }
  }

  /**
   * The field name; an extension or {@code Any} type name keeps its brackets, without inner
   * whitespace: {@code [type.googleapis.com/pkg.Type]}.
   */
  public String name() {
    return name;
  }

  /**
   * The 1-based line of the field name in the parsed source; 0 if the field was added by an edit.
   */
  public int line() {
    return nameTokens.get(0).line;
  }

  /** The 1-based column of the field name in the parsed source; 0 if added by an edit. */
  public int column() {
    return nameTokens.get(0).column;
  }

  /** The message this field belongs to. */
  public TextProtoMessage parent() {
    return parent;
  }

  /** Whether the value is one message ({@code name { ... }}), not a list. */
  public boolean isMessage() {
    return single instanceof TextProtoMessage;
  }

  /** Whether the value uses list syntax {@code name: [v1, v2]} (possibly empty). */
  public boolean isList() {
    return single == null;
  }

  /**
   * The message value.
   *
   * @throws IllegalStateException if the value is a scalar or a list
   */
  public TextProtoMessage message() {
    if (single instanceof TextProtoMessage m) {
      return m;
    }
    throw new IllegalStateException("field '" + name + "' is not a message: " + describe());
  }

  /**
   * The scalar value.
   *
   * @throws IllegalStateException if the value is a message or a list
   */
  public TextProtoScalar scalar() {
    if (single instanceof TextProtoScalar s) {
      return s;
    }
    throw new IllegalStateException("field '" + name + "' is not a single scalar: " + describe());
  }

  /** The values in order: one for a plain field, the elements for list syntax. */
  public List<TextProtoValue> values() {
    return single != null ? List.of(single) : List.copyOf(listValues);
  }

  /** The scalar values in order (plain or list syntax). */
  public List<TextProtoScalar> scalars() {
    List<TextProtoScalar> out = new ArrayList<>();
    for (TextProtoValue v : values()) {
      if (v instanceof TextProtoScalar s) {
        out.add(s);
      }
    }
    return List.copyOf(out);
  }

  /** The message values in order (plain or list syntax). */
  public List<TextProtoMessage> messages() {
    List<TextProtoMessage> out = new ArrayList<>();
    for (TextProtoValue v : values()) {
      if (v instanceof TextProtoMessage m) {
        out.add(m);
      }
    }
    return List.copyOf(out);
  }

  /**
   * Sets a string value, keeping the quote character of the current string (double quotes when the
   * current value is not a string).
   *
   * @throws IllegalStateException if the field is not a single scalar
   */
  public void setString(String value) {
    Objects.requireNonNull(value, "value");
    TextProtoScalar current = scalar();
    setLiteral(Literals.quote(value, current.quoteChar()));
  }

  /** Sets an integer value (decimal literal). */
  public void setNumber(long value) {
    setLiteral(Long.toString(value));
  }

  /**
   * Sets a floating-point value; infinities and NaN are written {@code inf}, {@code -inf}, {@code
   * nan}.
   */
  public void setNumber(double value) {
    setLiteral(
        Double.isNaN(value)
            ? "nan"
            : Double.isInfinite(value) ? (value > 0 ? "inf" : "-inf") : Double.toString(value));
  }

  /** Sets {@code true} or {@code false}. */
  public void setBoolean(boolean value) {
    setLiteral(Boolean.toString(value));
  }

  /**
   * Sets an identifier value (enum value).
   *
   * @throws IllegalArgumentException if {@code identifier} is not an identifier
   */
  public void setIdentifier(String identifier) {
    Objects.requireNonNull(identifier, "identifier");
    TextProtoScalar parsed = TextProtoParser.parseLiteral(identifier, parent.document());
    if (parsed.kind() != TextProtoScalar.Kind.IDENTIFIER || identifier.startsWith("-")) {
      throw new IllegalArgumentException("not an identifier: '" + identifier + "'");
    }
    scalar().replace(parsed);
  }

  /**
   * Sets the value to a literal written as in a file: {@code 5}, {@code -1.5e-3}, {@code 'text'},
   * {@code RELU_6}.
   *
   * @throws IllegalArgumentException if {@code literal} is not one scalar literal
   * @throws IllegalStateException if the field is not a single scalar
   */
  public void setLiteral(String literal) {
    Objects.requireNonNull(literal, "literal");
    TextProtoScalar current = scalar();
    current.replace(TextProtoParser.parseLiteral(literal, parent.document()));
  }

  Token firstToken() {
    return nameTokens.get(0);
  }

  void setLeadingTrivia(String trivia) {
    nameTokens.set(0, nameTokens.get(0).withTrivia(trivia));
  }

  void appendTo(StringBuilder out) {
    for (Token t : nameTokens) {
      t.appendTo(out);
    }
    if (colon != null) {
      colon.appendTo(out);
    }
    if (single != null) {
      appendValue(single, out);
    } else {
      listOpen.appendTo(out);
      for (int i = 0; i < listValues.size(); i++) {
        if (i > 0) {
          listCommas.get(i - 1).appendTo(out);
        }
        appendValue(listValues.get(i), out);
      }
      listClose.appendTo(out);
    }
    if (separator != null) {
      separator.appendTo(out);
    }
  }

  private static void appendValue(TextProtoValue value, StringBuilder out) {
    if (value instanceof TextProtoScalar s) {
      s.appendTo(out);
    } else {
      ((TextProtoMessage) value).appendTo(out);
    }
  }

  private String describe() {
    return single == null
        ? "a list of " + listValues.size()
        : single instanceof TextProtoMessage ? "a message" : "the scalar " + single;
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString().strip();
  }
}
