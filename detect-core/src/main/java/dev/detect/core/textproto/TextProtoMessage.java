package dev.detect.core.textproto;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A message: the document root or a {@code { ... }} / {@code < ... >} block, holding its fields in
 * source order.
 *
 * <p>Added fields go after the last field, in the style of their siblings (same indentation and
 * line spacing; {@code name: value} and {@code name { }} forms); removing a field removes its
 * lines, including comment lines directly above it and a comment at the end of its line. Not
 * thread-safe.
 */
public final class TextProtoMessage implements TextProtoValue {
  private final TextProtoDocument document;

  /** The field whose value this message is; null for the root. */
  TextProtoField owner;

  /** The opening brace; null for the root. */
  Token open;

  final List<TextProtoField> fields = new ArrayList<>();

  /** The closing brace; the end-of-input token for the root. */
  Token close;

  TextProtoMessage(TextProtoDocument document, TextProtoField owner, Token open) {
    this.document = document;
    this.owner = owner;
    this.open = open;
  }

  /** The fields in source order (unmodifiable view; it reflects later edits). */
  public List<TextProtoField> fields() {
    return Collections.unmodifiableList(fields);
  }

  /** The fields with the given name, in source order. */
  public List<TextProtoField> fields(String name) {
    Objects.requireNonNull(name, "name");
    List<TextProtoField> out = new ArrayList<>();
    for (TextProtoField f : fields) {
      if (f.name().equals(name)) {
        out.add(f);
      }
    }
    return List.copyOf(out);
  }

  /** The first field with the given name. */
  public Optional<TextProtoField> field(String name) {
    Objects.requireNonNull(name, "name");
    for (TextProtoField f : fields) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** The message value of the first field with the given name that holds a single message. */
  public Optional<TextProtoMessage> message(String name) {
    Objects.requireNonNull(name, "name");
    for (TextProtoField f : fields) {
      if (f.name().equals(name) && f.isMessage()) {
        return Optional.of(f.message());
      }
    }
    return Optional.empty();
  }

  /** Whether this is the document root. */
  public boolean isRoot() {
    return owner == null;
  }

  /** The document this message belongs to. */
  public TextProtoDocument document() {
    return document;
  }

  @Override
  public int line() {
    return open == null ? 1 : open.line;
  }

  /**
   * Adds {@code name: literal} as the last field.
   *
   * @param name a field name ({@code num_classes}) or a bracketed extension name
   * @param literal a scalar literal as written in a file: {@code 5}, {@code 'cat'}, {@code RELU_6}
   * @return the new field
   * @throws IllegalArgumentException if the name or literal is not valid text format
   */
  public TextProtoField addField(String name, String literal) {
    Objects.requireNonNull(literal, "literal");
    TextProtoField field = newField(name);
    field.colon = Token.synthetic(Token.Kind.SYMBOL, ":", "");
    TextProtoScalar value = TextProtoParser.parseLiteral(literal, document);
    value.setLeadingTrivia(" ");
    value.owner = field;
    field.single = value;
    attach(field);
    return field;
  }

  /**
   * Adds an empty message field {@code name { }} as the last field, laid out over lines like its
   * siblings.
   *
   * @return the new, empty message (add fields to it)
   * @throws IllegalArgumentException if the name is not valid
   * @throws IllegalStateException if the new message would be nested deeper than {@link
   *     TextProtoDocument#MAX_DEPTH}
   */
  public TextProtoMessage addMessage(String name) {
    if (depth() + 1 > TextProtoDocument.MAX_DEPTH) {
      throw new IllegalStateException(
          "cannot nest messages deeper than " + TextProtoDocument.MAX_DEPTH + " levels");
    }
    TextProtoField field = newField(name);
    TextProtoMessage message =
        new TextProtoMessage(document, field, Token.synthetic(Token.Kind.SYMBOL, "{", " "));
    field.single = message;
    attach(field);
    String trivia = field.firstToken().trivia;
    String closeTrivia = trivia.indexOf('\n') >= 0 ? document.lineEnding() + indentOf(field) : " ";
    message.close = Token.synthetic(Token.Kind.SYMBOL, "}", closeTrivia);
    return message;
  }

  /**
   * Removes a field of this message with its lines: the comment lines directly attached above it
   * and a comment at the end of its last line go with it.
   *
   * @return whether the field was a field of this message
   */
  public boolean remove(TextProtoField field) {
    Objects.requireNonNull(field, "field");
    int index = fields.indexOf(field);
    if (index < 0) {
      return false;
    }
    String own = field.firstToken().trivia;
    String next =
        index + 1 < fields.size() ? fields.get(index + 1).firstToken().trivia : close.trivia;
    boolean firstInDocument = isRoot() && index == 0;
    String newNext;
    if (own.indexOf('\n') < 0 && firstInDocument && next.indexOf('\n') >= 0) {
      newNext = own + Trivia.afterFirstBreak(next);
    } else if (own.indexOf('\n') < 0) {
      newNext = next;
    } else if (next.indexOf('\n') < 0) {
      newNext = own;
    } else {
      newNext = Trivia.head(own) + Trivia.fromFirstBreak(next);
    }
    fields.remove(index);
    field.parent = null;
    if (index < fields.size()) {
      fields.get(index).setLeadingTrivia(newNext);
    } else {
      close = close.withTrivia(newNext);
    }
    return true;
  }

  /** The number of messages enclosing this one (0 for the root). */
  int depth() {
    int depth = 0;
    for (TextProtoField f = owner; f != null; f = f.parent == null ? null : f.parent.owner) {
      depth++;
    }
    return depth;
  }

  private TextProtoField newField(String name) {
    Objects.requireNonNull(name, "name");
    if (!TextProtoPath.isFieldName(name)) {
      throw new IllegalArgumentException("not a valid field name: '" + name + "'");
    }
    return new TextProtoField(this, List.of(Token.synthetic(Token.Kind.IDENTIFIER, name, "")));
  }

  /** Appends a new field, choosing its leading whitespace from the siblings. */
  private void attach(TextProtoField field) {
    String nl = document.lineEnding();
    if (!fields.isEmpty()) {
      String like = Trivia.likeSibling(fields.get(fields.size() - 1).firstToken().trivia, nl);
      String endOfLastLine = Trivia.head(close.trivia);
      if (close.trivia.indexOf('\n') >= 0 && like.indexOf('\n') >= 0 && !endOfLastLine.isBlank()) {
        // a comment ending the last field's line stays on that line
        field.setLeadingTrivia(endOfLastLine + like);
        close = close.withTrivia(Trivia.fromFirstBreak(close.trivia));
      } else {
        field.setLeadingTrivia(like);
      }
    } else {
      String childIndent = isRoot() ? "" : indentOf(owner) + document.indentUnit();
      String before = Trivia.stripTrailingWhitespace(close.trivia);
      boolean keep = !before.isEmpty() && !before.equals("\uFEFF");
      String lead = keep ? before + nl + childIndent : (isRoot() ? before : nl + childIndent);
      field.setLeadingTrivia(lead);
      close = close.withTrivia(isRoot() ? nl : nl + indentOf(owner));
    }
    fields.add(field);
  }

  /** The indentation of the line on which a field starts (best effort for same-line fields). */
  static String indentOf(TextProtoField field) {
    String trivia = field.firstToken().trivia;
    int nl = trivia.lastIndexOf('\n');
    if (nl >= 0) {
      return trivia.substring(nl + 1);
    }
    TextProtoMessage parent = field.parent;
    if (parent == null || parent.isRoot()) {
      return "";
    }
    return indentOf(parent.owner) + parent.document.indentUnit();
  }

  void appendTo(StringBuilder out) {
    if (open != null) {
      open.appendTo(out);
    }
    for (TextProtoField f : fields) {
      f.appendTo(out);
    }
    close.appendTo(out);
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    appendTo(sb);
    return sb.toString().strip();
  }
}
