package dev.detect.core.config;

import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Schema-aware edits of a config document: strings are written quoted, enums as identifiers,
 * numbers as numbers; existing fields change in place (same line, same quote style), missing ones
 * are added as the last field of their message.
 */
final class ConfigEdits {
  private ConfigEdits() {}

  /** The field at a dotted path (each segment optionally {@code [i]}, else the first one). */
  static Optional<TextProtoField> find(TextProtoDocument doc, String path) {
    SingularFields.requireUnambiguous(doc, path);
    String[] segments = path.split("\\.");
    TextProtoMessage message = doc.root();
    for (int i = 0; i < segments.length; i++) {
      String name = segments[i];
      int index = 0;
      int bracket = name.indexOf('[');
      if (bracket > 0) {
        index = Integer.parseInt(name.substring(bracket + 1, name.length() - 1));
        name = name.substring(0, bracket);
      }
      List<TextProtoField> fields = message.fields(name);
      if (index >= fields.size()) {
        return Optional.empty();
      }
      TextProtoField field = fields.get(index);
      if (i == segments.length - 1) {
        return Optional.of(field);
      }
      if (!field.isMessage()) {
        return Optional.empty();
      }
      message = field.message();
    }
    return Optional.empty();
  }

  /** The message at a dotted path of message names, created where missing. */
  static TextProtoMessage message(TextProtoDocument doc, String path) {
    SingularFields.requireUnambiguous(doc, path);
    TextProtoMessage message = doc.root();
    for (String name : path.split("\\.")) {
      int index = 0;
      int bracket = name.indexOf('[');
      if (bracket > 0) {
        index = Integer.parseInt(name.substring(bracket + 1, name.length() - 1));
        name = name.substring(0, bracket);
      }
      List<TextProtoField> fields = new ArrayList<>();
      for (TextProtoField f : message.fields(name)) {
        if (f.isMessage()) {
          fields.add(f);
        }
      }
      message = index < fields.size() ? fields.get(index).message() : message.addMessage(name);
    }
    return message;
  }

  /** Sets a string field, keeping the quote style of an existing string. */
  static void setString(TextProtoDocument doc, String path, String value) {
    Optional<TextProtoField> f = find(doc, path).filter(x -> !x.isMessage() && !x.isList());
    if (f.isPresent() && f.get().scalar().kind() == TextProtoScalar.Kind.STRING) {
      f.get().setString(value);
    } else if (f.isPresent()) {
      f.get().setLiteral(Literal.quoted(value));
    } else {
      doc.set(path, Literal.quoted(value));
    }
  }

  /** Sets a number or identifier field; an existing field keeps its line. */
  static void setLiteral(TextProtoDocument doc, String path, String literal) {
    Optional<TextProtoField> f = find(doc, path).filter(x -> !x.isMessage() && !x.isList());
    if (f.isPresent()) {
      if (!f.get().scalar().literal().equals(literal)) {
        f.get().setLiteral(literal);
      }
    } else {
      doc.set(path, literal);
    }
  }

  /** Sets a float field unless it already holds the same value (so {@code .8} stays as written). */
  static void setDouble(TextProtoDocument doc, String path, double value) {
    Optional<TextProtoField> f = find(doc, path).filter(x -> !x.isMessage() && !x.isList());
    if (f.isPresent() && sameNumber(f.get().scalar(), value)) {
      return;
    }
    setLiteral(doc, path, Literal.of(value));
  }

  private static boolean sameNumber(TextProtoScalar s, double value) {
    try {
      return s.asDouble() == value;
    } catch (java.io.IOException e) {
      return false;
    }
  }

  /** Replaces the values of a repeated string field of a message, in place when the count fits. */
  static void setStrings(TextProtoMessage message, String name, List<String> values) {
    List<TextProtoField> fields = message.fields(name);
    boolean inPlace =
        fields.size() == values.size()
            && fields.stream()
                .allMatch(
                    f ->
                        !f.isList()
                            && !f.isMessage()
                            && f.scalar().kind() == TextProtoScalar.Kind.STRING);
    if (inPlace) {
      for (int i = 0; i < values.size(); i++) {
        if (!fields.get(i).scalar().text().equals(values.get(i))) {
          fields.get(i).setString(values.get(i));
        }
      }
      return;
    }
    for (TextProtoField f : fields) {
      message.remove(f);
    }
    for (String v : values) {
      message.addField(name, Literal.quoted(v));
    }
  }

  /** Copies the fields of {@code from} into {@code to} (values as written; comments dropped). */
  static void copyFields(TextProtoMessage from, TextProtoMessage to) {
    for (TextProtoField f : from.fields()) {
      for (var v : f.values()) {
        if (v instanceof TextProtoMessage m) {
          copyFields(m, to.addMessage(f.name()));
        } else {
          to.addField(f.name(), ((TextProtoScalar) v).literal());
        }
      }
    }
  }
}
