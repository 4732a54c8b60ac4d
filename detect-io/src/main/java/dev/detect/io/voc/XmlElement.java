package dev.detect.io.voc;

import java.util.ArrayList;
import java.util.List;

/**
 * One element of a parsed XML document: name, attributes, child elements and trimmed text. Text
 * that needs no decoding is kept as a byte range of the document and decoded only on demand.
 */
final class XmlElement {
  private static final String[] NO_ATTRIBUTES = new String[0];

  final String name;

  /** Byte offset of the element's {@code <} in the document, for error locations. */
  final int offset;

  private final byte[] document;
  private String[] attributes = NO_ATTRIBUTES;
  private List<XmlElement> children = List.of();
  private int textStart = -1;
  private int textEnd;
  private String decodedText;

  XmlElement(String name, int offset, byte[] document) {
    this.name = name;
    this.offset = offset;
    this.document = document;
  }

  void addAttribute(String attributeName, String value) {
    String[] grown = new String[attributes.length + 2];
    System.arraycopy(attributes, 0, grown, 0, attributes.length);
    grown[attributes.length] = attributeName;
    grown[attributes.length + 1] = value;
    attributes = grown;
  }

  boolean hasAttribute(String attributeName) {
    return attribute(attributeName) != null;
  }

  /** The attribute's value, or {@code null}. */
  String attribute(String attributeName) {
    for (int i = 0; i < attributes.length; i += 2) {
      if (attributes[i].equals(attributeName)) {
        return attributes[i + 1];
      }
    }
    return null;
  }

  void addChild(XmlElement child) {
    if (children.isEmpty()) {
      children = new ArrayList<>(8);
    }
    children.add(child);
  }

  /** The child elements in document order. */
  List<XmlElement> children() {
    return children;
  }

  /** The first direct child with this (interned or equal) name, or {@code null}. */
  XmlElement child(String childName) {
    for (int i = 0, n = children.size(); i < n; i++) {
      XmlElement c = children.get(i);
      if (c.name.equals(childName)) {
        return c;
      }
    }
    return null;
  }

  /** Adds a raw, already trimmed and entity-free text range of the document. */
  void addRawText(int start, int end) {
    if (textStart < 0 && decodedText == null) {
      textStart = start;
      textEnd = end;
    } else {
      addDecodedText(XmlParser.decodeUtf8(document, start, end));
    }
  }

  /** Adds decoded text (entities resolved, CDATA). */
  void addDecodedText(String text) {
    decodedText = text() + text;
    textStart = -1;
  }

  /** True when the element has non-blank text that is kept as a raw byte range. */
  boolean hasRawText() {
    return textStart >= 0;
  }

  int rawTextStart() {
    return textStart;
  }

  int rawTextEnd() {
    return textEnd;
  }

  byte[] document() {
    return document;
  }

  /** The element's own text, trimmed; empty when there is none. */
  String text() {
    if (decodedText != null) {
      return decodedText;
    }
    if (textStart < 0) {
      return "";
    }
    decodedText = XmlParser.decodeUtf8(document, textStart, textEnd);
    return decodedText;
  }
}
