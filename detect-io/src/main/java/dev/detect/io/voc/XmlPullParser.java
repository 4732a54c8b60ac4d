package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A small, strict, non-validating pull parser for XML annotation files, working on UTF-8 bytes
 * without building a tree (so reading tens of thousands of files allocates little).
 *
 * <p>It understands elements, attributes, text, comments, CDATA, the five predefined entities and
 * numeric character references; the XML declaration and processing instructions are skipped. A
 * {@code <!DOCTYPE} is refused, so there is no entity expansion at all (no XXE, no billion laughs).
 * Tags must nest and match; one root element. Text read with {@link #readText()} is trimmed of XML
 * white space. Errors name the file and 1-based line:column.
 */
final class XmlPullParser {
  static final int START = 1;
  static final int END = 2;
  static final int EOF = 3;
  private static final int TEXT = 4;
  private static final int CDATA = 5;

  /** Bytes that end a name: white space, {@code > / = < " '}. */
  private static final boolean[] NAME_END = new boolean[256];

  static {
    for (char c : " \t\r\n>/=<\"'".toCharArray()) {
      NAME_END[c] = true;
    }
  }

  private final byte[] data;
  private final int limit;
  private final String source;
  private final StringCache names;
  private int pos;

  private String[] openName = new String[16];
  private int[] openOffset = new int[16];
  private int[] openLength = new int[16];
  private int depth;
  private boolean rootSeen;
  private boolean pendingEnd;

  private String name;
  private int tagOffset;
  private String[] attributes = new String[4];
  private int attributeCount;

  private int tokenStart;
  private int tokenEnd;
  private boolean tokenPlain;

  private int textStart;
  private int textEnd;
  private String decodedText;

  /**
   * A parser over {@code data[0, length)}: UTF-8 (with or without BOM) or UTF-16 with a BOM.
   *
   * @param source the file name for error messages
   * @param names decodes and shares names and short values (one cache per thread)
   */
  XmlPullParser(byte[] data, int length, String source, StringCache names)
      throws DatasetFormatException {
    byte[] utf8 = data;
    int n = length;
    if (n >= 2) {
      int b0 = data[0] & 0xff;
      int b1 = data[1] & 0xff;
      if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
        utf8 = new String(data, 0, n, StandardCharsets.UTF_16).getBytes(StandardCharsets.UTF_8);
        n = utf8.length;
      } else if (b0 == 0 || b1 == 0) {
        throw new DatasetFormatException(
            source, 1, 1, "not UTF-8 text (NUL byte; UTF-16 without a byte-order mark?)");
      }
    }
    this.data = utf8;
    this.limit = n;
    this.source = source;
    this.names = names;
    if (n >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB) {
      pos = 3;
    }
  }

  /** The document bytes (after any UTF-16 transcoding), for error locations. */
  byte[] document() {
    return data;
  }

  /** The name of the current start or end tag. */
  String name() {
    return name;
  }

  /** The byte offset of the current tag's {@code <}. */
  int tagOffset() {
    return tagOffset;
  }

  /** The current start tag's attribute value, or null. */
  String attribute(String attributeName) {
    for (int i = 0; i < attributeCount; i += 2) {
      if (attributes[i].equals(attributeName)) {
        return attributes[i + 1];
      }
    }
    return null;
  }

  /**
   * Advances to the next start tag, end tag or end of document, skipping text, comments and
   * processing instructions.
   *
   * @return {@link #START}, {@link #END} or {@link #EOF}
   */
  int nextTag() throws DatasetFormatException {
    while (true) {
      int t = next();
      if (t == START || t == END || t == EOF) {
        return t;
      }
    }
  }

  /** After a start tag: skips its whole content and consumes its end tag. */
  void skipElement() throws DatasetFormatException {
    int d = depth;
    while (true) {
      if (next() == END && depth < d) {
        return;
      }
    }
  }

  /**
   * After a start tag: reads its text up to and including its end tag; see {@link #text()}, {@link
   * #hasRawText()}. A child element is refused (naming the element and the child), because the text
   * around it would silently stand for the whole value ({@code <name>dog<b>x</b></name>}).
   */
  void readText() throws DatasetFormatException {
    textStart = -1;
    decodedText = null;
    int d = depth;
    String element = openName[d - 1];
    while (true) {
      int t = next();
      if (t == TEXT) {
        addText(tokenStart, tokenEnd, tokenPlain);
      } else if (t == CDATA) {
        String cdata = StringCache.decode(data, tokenStart, tokenEnd);
        addDecoded(cdata.replace("\r\n", "\n").replace('\r', '\n').strip());
      } else if (t == START) {
        int[] lc = lineColumn(data, tagOffset);
        throw new DatasetFormatException(
            source,
            lc[0],
            lc[1],
            "<"
                + element
                + "> holds the child element <"
                + name
                + ">: <"
                + element
                + "> must hold only text (a value, not markup)");
      } else if (depth < d) {
        return;
      }
    }
  }

  /** The text read by {@link #readText()}, trimmed; empty when there was none. */
  String text() {
    if (decodedText != null) {
      return decodedText;
    }
    return textStart < 0 ? "" : StringCache.decode(data, textStart, textEnd);
  }

  /** Like {@link #text()}, sharing equal short values through the parser's cache. */
  String sharedText() {
    if (decodedText != null) {
      return decodedText;
    }
    return textStart < 0 ? "" : names.get(data, textStart, textEnd);
  }

  /** True when the text read is one plain byte range ({@link #rawStart()}, {@link #rawEnd()}). */
  boolean hasRawText() {
    return decodedText == null && textStart >= 0;
  }

  int rawStart() {
    return textStart;
  }

  int rawEnd() {
    return textEnd;
  }

  /** After the root's end tag: checks that only white space, comments and PIs follow. */
  void finish() throws DatasetFormatException {
    if (nextTag() != EOF) {
      throw error(tagOffset, "content after the root element");
    }
  }

  private void addText(int start, int end, boolean plain) throws DatasetFormatException {
    int s = start;
    int e = end;
    while (s < e && isSpace(data[s])) {
      s++;
    }
    while (e > s && isSpace(data[e - 1])) {
      e--;
    }
    if (s == e) {
      return;
    }
    if (plain && textStart < 0 && decodedText == null) {
      textStart = s;
      textEnd = e;
    } else {
      addDecoded(plain ? StringCache.decode(data, s, e) : XmlText.decode(this, data, s, e).strip());
    }
  }

  private void addDecoded(String text) {
    if (text.isEmpty()) {
      return;
    }
    decodedText = text() + text;
    textStart = -1;
  }

  /** The next token: START, END, TEXT, CDATA or EOF. */
  private int next() throws DatasetFormatException {
    if (pendingEnd) {
      pendingEnd = false;
      pop();
      return END;
    }
    final byte[] d = data;
    while (true) {
      if (pos >= limit) {
        return endOfDocument();
      }
      if (d[pos] != '<') {
        if (scanText()) {
          return TEXT;
        }
        continue;
      }
      if (pos + 1 >= limit) {
        throw error(pos, "unexpected end of file after '<'");
      }
      byte b = d[pos + 1];
      if (b == '/') {
        endTag();
        return END;
      } else if (b == '?') {
        skipPast(2, "?>", "processing instruction or XML declaration");
      } else if (b == '!') {
        if (markupDeclaration()) {
          return CDATA;
        }
      } else {
        startTag();
        return START;
      }
    }
  }

  private int endOfDocument() throws DatasetFormatException {
    if (depth > 0) {
      throw error(
          openOffset[depth - 1],
          "unclosed element <" + openName[depth - 1] + "> (end of file reached)");
    }
    if (!rootSeen) {
      throw error(0, "no root element: the file is empty or holds no XML element");
    }
    return EOF;
  }

  /** Scans text up to the next '<'; false when it was white space outside any element. */
  private boolean scanText() throws DatasetFormatException {
    final byte[] d = data;
    final int n = limit;
    int p = pos;
    while (p < n && isSpace(d[p])) {
      p++;
    }
    if (p >= n || d[p] == '<') {
      tokenStart = pos;
      tokenEnd = p;
      tokenPlain = true;
      pos = p;
      return depth > 0;
    }
    if (depth == 0) {
      throw error(p, rootSeen ? "content after the root element" : "text outside the root element");
    }
    boolean plain = true;
    int s = pos;
    while (p < n) {
      byte b = d[p];
      if (b == '<') {
        break;
      }
      if (b == '&' || b == '\r' || b == '>') {
        plain = false;
      }
      p++;
    }
    tokenStart = s;
    tokenEnd = p;
    tokenPlain = plain;
    pos = p;
    return true;
  }

  /** Handles {@code <!}: skips a comment, returns true for CDATA, refuses a DOCTYPE. */
  private boolean markupDeclaration() throws DatasetFormatException {
    if (startsWith(pos, "<!--")) {
      int start = pos;
      skipPast(4, "-->", "comment");
      if (indexOf("--", start + 4, pos - 3) >= 0) {
        throw error(start, "'--' is not allowed inside a comment");
      }
      return false;
    }
    if (startsWith(pos, "<![CDATA[")) {
      if (depth == 0) {
        throw error(pos, "CDATA section outside the root element");
      }
      int start = pos + 9;
      int end = indexOf("]]>", start, limit);
      if (end < 0) {
        throw error(pos, "unclosed CDATA section (missing ']]>')");
      }
      tokenStart = start;
      tokenEnd = end;
      pos = end + 3;
      return true;
    }
    if (startsWith(pos, "<!DOCTYPE")) {
      throw error(
          pos,
          "DOCTYPE declarations are refused: annotation files need none, and DTDs allow external"
              + " entities (XXE) and entity expansion attacks; remove the <!DOCTYPE ...> line");
    }
    throw error(pos, "unexpected markup '<!' (expected a comment or CDATA section)");
  }

  private void startTag() throws DatasetFormatException {
    int start = pos;
    if (depth == 0 && rootSeen) {
      throw error(start, "content after the root element");
    }
    pos++;
    int nameStart = pos;
    name = name("element name");
    int nameLength = pos - nameStart;
    tagOffset = start;
    attributeCount = 0;
    while (true) {
      boolean spaced = skipSpaces();
      if (pos >= limit) {
        throw error(start, "unclosed start tag <" + name + " (end of file reached)");
      }
      byte b = data[pos];
      if (b == '>') {
        pos++;
        push(start, nameLength);
        return;
      }
      if (b == '/') {
        if (pos + 1 < limit && data[pos + 1] == '>') {
          pos += 2;
          push(start, nameLength);
          pendingEnd = true;
          return;
        }
        throw error(pos, "expected '/>' in <" + name + ">");
      }
      if (!spaced) {
        throw error(pos, "expected white space, '>' or '/>' in <" + name + ">");
      }
      attribute();
    }
  }

  private void push(int offset, int nameLength) {
    if (depth == openName.length) {
      openName = Arrays.copyOf(openName, depth * 2);
      openOffset = Arrays.copyOf(openOffset, depth * 2);
      openLength = Arrays.copyOf(openLength, depth * 2);
    }
    openName[depth] = name;
    openOffset[depth] = offset;
    openLength[depth] = nameLength;
    depth++;
    rootSeen = true;
  }

  private void pop() {
    depth--;
    name = openName[depth];
    tagOffset = openOffset[depth];
  }

  private void attribute() throws DatasetFormatException {
    int at = pos;
    String attributeName = name("attribute name");
    skipSpaces();
    if (pos >= limit || data[pos] != '=') {
      throw error(pos, "expected '=' after attribute " + attributeName);
    }
    pos++;
    skipSpaces();
    if (pos >= limit || (data[pos] != '"' && data[pos] != '\'')) {
      throw error(pos, "attribute " + attributeName + " must have a quoted value");
    }
    byte quote = data[pos];
    int start = ++pos;
    int end = start;
    while (end < limit && data[end] != quote) {
      if (data[end] == '<') {
        throw error(end, "'<' is not allowed in attribute " + attributeName);
      }
      end++;
    }
    if (end >= limit) {
      throw error(at, "unterminated value of attribute " + attributeName);
    }
    pos = end + 1;
    if (attribute(attributeName) != null) {
      throw error(at, "duplicate attribute " + attributeName);
    }
    if (attributeCount + 2 > attributes.length) {
      attributes = Arrays.copyOf(attributes, attributes.length * 2);
    }
    attributes[attributeCount++] = attributeName;
    attributes[attributeCount++] = XmlText.decode(this, data, start, end);
  }

  private void endTag() throws DatasetFormatException {
    int start = pos;
    pos += 2;
    int nameStart = pos;
    while (pos < limit && !NAME_END[data[pos] & 0xff]) {
      pos++;
    }
    int nameEnd = pos;
    skipSpaces();
    if (pos >= limit || data[pos] != '>') {
      throw error(pos, "expected '>' to close </" + decode(nameStart, nameEnd) + ">");
    }
    pos++;
    if (depth == 0) {
      throw error(
          start, "end tag </" + decode(nameStart, nameEnd) + "> without a matching start tag");
    }
    int open = depth - 1;
    int length = openLength[open];
    if (nameEnd - nameStart != length
        || !StringCache.sameBytes(data, nameStart, data, openOffset[open] + 1, length)) {
      int[] lc = lineColumn(data, openOffset[open]);
      throw error(
          start,
          "end tag </"
              + decode(nameStart, nameEnd)
              + "> does not match <"
              + openName[open]
              + "> opened at line "
              + lc[0]
              + ":"
              + lc[1]);
    }
    pop();
  }

  private String decode(int start, int end) {
    return StringCache.decode(data, start, end);
  }

  private String name(String what) throws DatasetFormatException {
    int start = pos;
    final byte[] d = data;
    int h = 0;
    while (pos < limit) {
      byte b = d[pos];
      if (NAME_END[b & 0xff]) {
        break;
      }
      h = 31 * h + b;
      pos++;
    }
    if (pos == start) {
      throw error(start, "missing " + what);
    }
    byte first = d[start];
    if ((first >= '0' && first <= '9') || first == '-' || first == '.') {
      throw error(start, "illegal " + what + " starting with '" + (char) first + "'");
    }
    return names.get(d, start, pos, h);
  }

  private boolean skipSpaces() {
    int start = pos;
    while (pos < limit && isSpace(data[pos])) {
      pos++;
    }
    return pos > start;
  }

  private void skipPast(int prefixLength, String terminator, String what)
      throws DatasetFormatException {
    int end = indexOf(terminator, pos + prefixLength, limit);
    if (end < 0) {
      throw error(pos, "unclosed " + what + " (missing '" + terminator + "')");
    }
    pos = end + terminator.length();
  }

  private int indexOf(String needle, int from, int to) {
    int last = to - needle.length();
    byte first = (byte) needle.charAt(0);
    for (int i = from; i <= last; i++) {
      if (data[i] == first && startsWith(i, needle)) {
        return i;
      }
    }
    return -1;
  }

  private boolean startsWith(int at, String prefix) {
    if (at + prefix.length() > limit) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (data[at + i] != (byte) prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  static boolean isSpace(byte b) {
    return b <= ' ' && (b == ' ' || b == '\t' || b == '\n' || b == '\r');
  }

  /** A malformed-XML error at a byte offset. */
  DatasetFormatException error(int offset, String reason) {
    int[] lc = lineColumn(data, offset);
    return new DatasetFormatException(source, lc[0], lc[1], "malformed XML: " + reason);
  }

  /** The 1-based line and column (in characters) of a byte offset of a UTF-8 document. */
  static int[] lineColumn(byte[] document, int offset) {
    int line = 1;
    int lineStart = 0;
    int end = Math.min(offset, document.length);
    for (int i = 0; i < end; i++) {
      if (document[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = 1;
    for (int i = lineStart; i < end; i++) {
      if ((document[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
