package dev.detect.core.textproto;

import dev.detect.core.DatasetFormatException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Builds the tree from tokens without recursion: an explicit stack of open messages, checked
 * against {@link TextProtoDocument#MAX_DEPTH}, so deep input gives a located error instead of a
 * {@link StackOverflowError}.
 */
final class TextProtoParser {
  private final TextProtoLexer lexer;
  private final String source;
  private final TextProtoDocument document;
  private final Deque<Frame> stack = new ArrayDeque<>();
  private Token tok;

  /** An open message; {@code inList} when it is an element of its owner's list value. */
  private record Frame(TextProtoMessage message, boolean inList) {}

  private TextProtoParser(String text, String source, TextProtoDocument document) {
    this.lexer = new TextProtoLexer(text, source);
    this.source = source;
    this.document = document;
  }

  static void parseInto(String text, TextProtoDocument document) throws DatasetFormatException {
    new TextProtoParser(text, document.sourceName(), document).parseDocument();
  }

  /**
   * Parses one scalar literal ({@code 5}, {@code -inf}, {@code 'a' "b"}, {@code RELU_6}) for an
   * edit.
   *
   * @throws IllegalArgumentException if the text is not exactly one scalar literal
   */
  static TextProtoScalar parseLiteral(String literal, TextProtoDocument document) {
    TextProtoParser p = new TextProtoParser(literal, "literal", document);
    try {
      p.advance();
      if (!p.tok.trivia.isEmpty()) {
        throw new IllegalArgumentException("literal has leading whitespace: '" + literal + "'");
      }
      TextProtoScalar scalar = p.parseScalar("value");
      if (p.tok.kind != Token.Kind.END || !p.tok.trivia.isEmpty()) {
        throw new IllegalArgumentException("not a single scalar literal: '" + literal + "'");
      }
      return scalar;
    } catch (DatasetFormatException e) {
      throw new IllegalArgumentException(
          "not a valid scalar literal: '" + literal + "' (" + e.reason() + ")", e);
    }
  }

  private void parseDocument() throws DatasetFormatException {
    TextProtoMessage root = document.root();
    stack.push(new Frame(root, false));
    advance();
    while (true) {
      Frame top = stack.peek();
      if (tok.kind == Token.Kind.END) {
        if (stack.size() > 1) {
          throw error(expectedClose(top.message()) + ", found end of input");
        }
        root.close = tok;
        return;
      }
      if (tok.is("}") || tok.is(">")) {
        closeMessage(top);
        continue;
      }
      TextProtoField field = parseFieldStart(top.message());
      if (tok.is("{") || tok.is("<")) {
        openMessage(field, false);
      } else if (tok.is("[")) {
        field.listOpen = tok;
        advance();
        if (tok.is("]")) {
          closeList(field);
        } else {
          listElements(field);
        }
      } else if (field.colon == null) {
        throw error(
            "expected ':' or '{' after field name '" + field.name() + "', found " + tok.describe());
      } else {
        field.single = parseScalar(field.name());
        ((TextProtoScalar) field.single).owner = field;
        field.separator = optionalSeparator();
      }
    }
  }

  private void closeMessage(Frame top) throws DatasetFormatException {
    if (stack.size() == 1) {
      throw error("unexpected " + tok.describe() + ": no message is open here (unbalanced braces)");
    }
    TextProtoMessage message = top.message();
    String expected = message.open.is("{") ? "}" : ">";
    if (!tok.text.equals(expected)) {
      throw error(expectedClose(message) + ", found " + tok.describe());
    }
    message.close = tok;
    advance();
    stack.pop();
    TextProtoField owner = message.owner;
    if (top.inList()) {
      if (!afterListElement(owner)) {
        listElements(owner);
      }
    } else {
      owner.separator = optionalSeparator();
    }
  }

  private String expectedClose(TextProtoMessage message) {
    String close = message.open.is("{") ? "}" : ">";
    return "expected '"
        + close
        + "' to close '"
        + message.owner.name()
        + "' opened at line "
        + message.open.line
        + ":"
        + message.open.column;
  }

  private TextProtoField parseFieldStart(TextProtoMessage parent) throws DatasetFormatException {
    List<Token> name = new ArrayList<>();
    if (tok.kind == Token.Kind.IDENTIFIER) {
      name.add(tok);
      advance();
    } else if (tok.is("[")) {
      name.add(tok);
      advance();
      while (!tok.is("]")) {
        boolean part =
            tok.kind == Token.Kind.IDENTIFIER
                || tok.kind == Token.Kind.NUMBER
                || tok.is(".")
                || tok.is("/")
                || tok.is("-");
        if (!part) {
          throw error("expected ']' to end the extension name, found " + tok.describe());
        }
        name.add(tok);
        advance();
      }
      name.add(tok);
      advance();
    } else {
      throw error("expected a field name, found " + tok.describe());
    }
    TextProtoField field = new TextProtoField(parent, name);
    parent.fields.add(field);
    if (tok.is(":")) {
      field.colon = tok;
      advance();
    }
    return field;
  }

  private void openMessage(TextProtoField field, boolean inList) throws DatasetFormatException {
    if (stack.size() > TextProtoDocument.MAX_DEPTH) {
      throw error(
          "messages nested deeper than "
              + TextProtoDocument.MAX_DEPTH
              + " levels: the limit protects against runaway input");
    }
    TextProtoMessage message = new TextProtoMessage(document, field, tok);
    if (inList) {
      field.listValues.add(message);
    } else {
      field.single = message;
    }
    advance();
    stack.push(new Frame(message, inList));
  }

  /** Parses list elements after '[' or ','; stops when the list closes or a message opens. */
  private void listElements(TextProtoField field) throws DatasetFormatException {
    while (true) {
      if (tok.is("{") || tok.is("<")) {
        openMessage(field, true);
        return;
      }
      TextProtoScalar scalar = parseScalar(field.name());
      scalar.owner = field;
      field.listValues.add(scalar);
      if (afterListElement(field)) {
        return;
      }
    }
  }

  /** After a list element: consumes ',' (returns false) or ']' (returns true). */
  private boolean afterListElement(TextProtoField field) throws DatasetFormatException {
    if (tok.is(",")) {
      field.listCommas.add(tok);
      advance();
      return false;
    }
    if (tok.is("]")) {
      closeList(field);
      return true;
    }
    throw error(
        "expected ',' or ']' in the list of '" + field.name() + "', found " + tok.describe());
  }

  private void closeList(TextProtoField field) throws DatasetFormatException {
    field.listClose = tok;
    advance();
    field.separator = optionalSeparator();
  }

  private TextProtoScalar parseScalar(String fieldName) throws DatasetFormatException {
    List<Token> tokens = new ArrayList<>(2);
    TextProtoScalar.Kind kind;
    if (tok.is("-")) {
      tokens.add(tok);
      advance();
      boolean ok =
          tok.kind == Token.Kind.NUMBER
              || (tok.kind == Token.Kind.IDENTIFIER && Literals.isFloatSpecial(tok.text));
      if (!ok) {
        throw error("expected a number after '-', found " + tok.describe());
      }
    }
    switch (tok.kind) {
      case NUMBER -> {
        if (Literals.classify(tok.text) == Literals.NumberForm.INVALID) {
          throw error(
              "bad number '"
                  + tok.text
                  + "' for field '"
                  + fieldName
                  + "': expected e.g. 12, -3, 0x1F, 017, 1.5, .5, 1e-8 or 1.0f");
        }
        kind = TextProtoScalar.Kind.NUMBER;
        tokens.add(tok);
        advance();
      }
      case IDENTIFIER -> {
        kind = TextProtoScalar.Kind.IDENTIFIER;
        tokens.add(tok);
        advance();
      }
      case STRING -> {
        kind = TextProtoScalar.Kind.STRING;
        while (tok.kind == Token.Kind.STRING) {
          tokens.add(tok);
          advance();
        }
      }
      default ->
          throw error(
              "expected a value (number, string or identifier) for field '"
                  + fieldName
                  + "', found "
                  + tok.describe());
    }
    return new TextProtoScalar(document, kind, tokens);
  }

  private Token optionalSeparator() throws DatasetFormatException {
    if (tok.is(",") || tok.is(";")) {
      Token sep = tok;
      advance();
      return sep;
    }
    return null;
  }

  private void advance() throws DatasetFormatException {
    tok = lexer.next();
  }

  private DatasetFormatException error(String reason) {
    return new DatasetFormatException(source, tok.line, tok.column, reason);
  }
}
