package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A small, strict, non-validating XML parser for annotation files, working on UTF-8 bytes.
 *
 * <p>It understands elements, attributes, text, comments, CDATA, the five predefined entities and
 * numeric character references; the XML declaration and processing instructions are skipped. A
 * {@code <!DOCTYPE} is refused, so there is no entity expansion at all (no XXE, no billion laughs).
 * Element text is trimmed of XML whitespace. Errors name the file and line:column.
 */
final class XmlParser {
  /** Element names of VOC files, interned so that hot look-ups compare identical strings. */
  private static final String[] KNOWN_NAMES = {
    "annotation", "folder", "filename", "path", "source", "database", "size", "width", "height",
    "depth", "segmented", "object", "name", "pose", "truncated", "difficult", "bndbox", "xmin",
    "ymin", "xmax", "ymax", "occluded", "part", "owner", "actions"
  };

  private static final byte[][] KNOWN_BYTES = new byte[KNOWN_NAMES.length][];

  static {
    for (int i = 0; i < KNOWN_NAMES.length; i++) {
      KNOWN_BYTES[i] = KNOWN_NAMES[i].getBytes(StandardCharsets.US_ASCII);
    }
  }

  private final byte[] data;
  private final String source;
  private int pos;

  /** Whether the last start tag read was {@code <name/>}. */
  private boolean selfClosed;

  private XmlParser(byte[] data, String source) {
    this.data = data;
    this.source = source;
  }

  /**
   * Parses a whole document and returns its root element.
   *
   * @param data the file's bytes: UTF-8 (with or without BOM) or UTF-16 with a BOM
   * @param source the file name for error messages
   */
  static XmlElement parse(byte[] data, String source) throws DatasetFormatException {
    byte[] utf8 = toUtf8(data, source);
    XmlParser parser = new XmlParser(utf8, source);
    if (utf8.length >= 3 && (utf8[0] & 0xff) == 0xEF && (utf8[1] & 0xff) == 0xBB) {
      parser.pos = 3;
    }
    parser.validateUtf8();
    return parser.document();
  }

  private static byte[] toUtf8(byte[] data, String source) throws DatasetFormatException {
    if (data.length >= 2) {
      int b0 = data[0] & 0xff;
      int b1 = data[1] & 0xff;
      if ((b0 == 0xFE && b1 == 0xFF) || (b0 == 0xFF && b1 == 0xFE)) {
        String text = new String(data, StandardCharsets.UTF_16);
        return text.getBytes(StandardCharsets.UTF_8);
      }
      if (b0 == 0 || b1 == 0) {
        throw new DatasetFormatException(
            source, 1, 1, "not UTF-8 text (NUL byte; UTF-16 without a byte-order mark?)");
      }
    }
    return data;
  }

  private XmlElement document() throws DatasetFormatException {
    List<XmlElement> stack = new ArrayList<>(8);
    XmlElement root = null;
    final byte[] d = data;
    final int n = d.length;
    while (pos < n) {
      if (d[pos] != '<') {
        text(stack);
        continue;
      }
      if (pos + 1 >= n) {
        throw error(pos, "unexpected end of file after '<'");
      }
      byte next = d[pos + 1];
      if (next == '/') {
        endTag(stack);
        if (stack.isEmpty()) {
          afterRoot();
          return root;
        }
      } else if (next == '!') {
        markupDeclaration(stack);
      } else if (next == '?') {
        skipPast(2, "?>", "processing instruction or XML declaration");
      } else {
        XmlElement element = startTag(stack);
        if (root == null) {
          root = element;
        } else {
          stack.get(stack.size() - 1).addChild(element);
        }
        if (!selfClosed) {
          stack.add(element);
        } else if (stack.isEmpty()) {
          afterRoot();
          return root;
        }
      }
    }
    if (!stack.isEmpty()) {
      XmlElement open = stack.get(stack.size() - 1);
      throw error(open.offset, "unclosed element <" + open.name + "> (end of file reached)");
    }
    throw error(0, "no root element: the file is empty or holds no XML element");
  }

  private void afterRoot() throws DatasetFormatException {
    while (pos < data.length) {
      byte b = data[pos];
      if (isSpace(b)) {
        pos++;
      } else if (startsWith(pos, "<!--")) {
        skipPast(4, "-->", "comment");
      } else if (startsWith(pos, "<?")) {
        skipPast(2, "?>", "processing instruction");
      } else {
        throw error(pos, "content after the root element");
      }
    }
  }

  private void text(List<XmlElement> stack) throws DatasetFormatException {
    final byte[] d = data;
    int start = pos;
    int end = start;
    boolean plain = true;
    while (end < d.length && d[end] != '<') {
      byte b = d[end];
      if (b == '&' || b == '\r' || b == '>' && end >= 2 && d[end - 1] == ']' && d[end - 2] == ']') {
        plain = false;
      }
      end++;
    }
    pos = end;
    int s = start;
    int e = end;
    while (s < e && isSpace(d[s])) {
      s++;
    }
    while (e > s && isSpace(d[e - 1])) {
      e--;
    }
    if (s == e) {
      return;
    }
    if (stack.isEmpty()) {
      throw error(s, "text outside the root element");
    }
    XmlElement current = stack.get(stack.size() - 1);
    if (plain) {
      current.addRawText(s, e);
    } else {
      current.addDecodedText(decodeText(s, e).strip());
    }
  }

  private String decodeText(int start, int end) throws DatasetFormatException {
    StringBuilder sb = new StringBuilder(end - start);
    int i = start;
    int run = start;
    while (i < end) {
      byte b = data[i];
      if (b == '&' || b == '\r' || b == '>') {
        sb.append(decodeUtf8(data, run, i));
        if (b == '&') {
          i = entity(i, end, sb);
        } else if (b == '\r') {
          // XML end-of-line handling: CR LF and lone CR become LF.
          sb.append('\n');
          i += (i + 1 < end && data[i + 1] == '\n') ? 2 : 1;
        } else {
          if (i >= start + 2 && data[i - 1] == ']' && data[i - 2] == ']') {
            throw error(i - 2, "']]>' is not allowed in text");
          }
          sb.append('>');
          i++;
        }
        run = i;
      } else {
        i++;
      }
    }
    sb.append(decodeUtf8(data, run, end));
    return sb.toString();
  }

  /** Decodes the entity at {@code data[amp]} into {@code out}; returns the index after it. */
  private int entity(int amp, int end, StringBuilder out) throws DatasetFormatException {
    int semi = amp + 1;
    while (semi < end && semi - amp <= 12 && data[semi] != ';') {
      semi++;
    }
    if (semi >= end || data[semi] != ';') {
      throw error(amp, "'&' must start an entity such as &amp; (write & as &amp;)");
    }
    String ref = new String(data, amp + 1, semi - amp - 1, StandardCharsets.ISO_8859_1);
    switch (ref) {
      case "lt" -> out.append('<');
      case "gt" -> out.append('>');
      case "amp" -> out.append('&');
      case "quot" -> out.append('"');
      case "apos" -> out.append('\'');
      default -> out.appendCodePoint(charReference(ref, amp));
    }
    return semi + 1;
  }

  private int charReference(String ref, int at) throws DatasetFormatException {
    if (!ref.startsWith("#") || ref.length() < 2) {
      throw error(
          at,
          "undefined entity &"
              + ref
              + "; (only &lt; &gt; &amp; &quot; &apos; and &#...; are supported; no DTD entities)");
    }
    int cp;
    try {
      cp =
          ref.charAt(1) == 'x'
              ? Integer.parseInt(ref.substring(2), 16)
              : Integer.parseInt(ref.substring(1), 10);
    } catch (NumberFormatException e) {
      throw error(at, "malformed character reference &" + ref + ";");
    }
    if (!isXmlChar(cp)) {
      throw error(at, "character reference &" + ref + "; is not a legal XML character");
    }
    return cp;
  }

  private static boolean isXmlChar(int cp) {
    return cp == 0x9
        || cp == 0xA
        || cp == 0xD
        || (cp >= 0x20 && cp <= 0xD7FF)
        || (cp >= 0xE000 && cp <= 0xFFFD)
        || (cp >= 0x10000 && cp <= 0x10FFFF);
  }

  private void markupDeclaration(List<XmlElement> stack) throws DatasetFormatException {
    if (startsWith(pos, "<!--")) {
      int start = pos;
      skipPast(4, "-->", "comment");
      if (indexOf("--", start + 4, pos - 3) >= 0) {
        throw error(start, "'--' is not allowed inside a comment");
      }
    } else if (startsWith(pos, "<![CDATA[")) {
      if (stack.isEmpty()) {
        throw error(pos, "CDATA section outside the root element");
      }
      int start = pos + 9;
      int end = indexOf("]]>", start, data.length);
      if (end < 0) {
        throw error(pos, "unclosed CDATA section (missing ']]>')");
      }
      String text = decodeUtf8(data, start, end).replace("\r\n", "\n").replace('\r', '\n');
      stack.get(stack.size() - 1).addDecodedText(text.strip());
      pos = end + 3;
    } else if (startsWith(pos, "<!DOCTYPE")) {
      throw error(
          pos,
          "DOCTYPE declarations are refused: annotation files need none, and DTDs allow external"
              + " entities (XXE) and entity expansion attacks; remove the <!DOCTYPE ...> line");
    } else {
      throw error(pos, "unexpected markup '<!' (expected a comment or CDATA section)");
    }
  }

  private XmlElement startTag(List<XmlElement> stack) throws DatasetFormatException {
    int start = pos;
    pos++;
    String name = name("element name");
    XmlElement element = new XmlElement(name, start, data);
    while (true) {
      boolean spaced = skipSpaces();
      if (pos >= data.length) {
        throw error(start, "unclosed start tag <" + name + " (end of file reached)");
      }
      byte b = data[pos];
      if (b == '>') {
        pos++;
        selfClosed = false;
        return element;
      }
      if (b == '/') {
        if (pos + 1 < data.length && data[pos + 1] == '>') {
          pos += 2;
          selfClosed = true;
          return element;
        }
        throw error(pos, "expected '/>' in <" + name + ">");
      }
      if (!spaced) {
        throw error(pos, "expected white space, '>' or '/>' in <" + name + ">");
      }
      attribute(element);
    }
  }

  private void attribute(XmlElement element) throws DatasetFormatException {
    int at = pos;
    String attributeName = name("attribute name");
    skipSpaces();
    if (pos >= data.length || data[pos] != '=') {
      throw error(pos, "expected '=' after attribute " + attributeName);
    }
    pos++;
    skipSpaces();
    if (pos >= data.length || (data[pos] != '"' && data[pos] != '\'')) {
      throw error(pos, "attribute " + attributeName + " must have a quoted value");
    }
    byte quote = data[pos];
    int start = ++pos;
    int end = start;
    while (end < data.length && data[end] != quote) {
      if (data[end] == '<') {
        throw error(end, "'<' is not allowed in attribute " + attributeName);
      }
      end++;
    }
    if (end >= data.length) {
      throw error(at, "unterminated value of attribute " + attributeName);
    }
    pos = end + 1;
    if (element.hasAttribute(attributeName)) {
      throw error(at, "duplicate attribute " + attributeName);
    }
    element.addAttribute(attributeName, decodeText(start, end));
  }

  private void endTag(List<XmlElement> stack) throws DatasetFormatException {
    int start = pos;
    pos += 2;
    String name = name("end tag name");
    skipSpaces();
    if (pos >= data.length || data[pos] != '>') {
      throw error(pos, "expected '>' to close </" + name + ">");
    }
    pos++;
    if (stack.isEmpty()) {
      throw error(start, "end tag </" + name + "> without a matching start tag");
    }
    XmlElement open = stack.remove(stack.size() - 1);
    if (!open.name.equals(name)) {
      int[] lc = lineColumn(open.offset);
      throw error(
          start,
          "end tag </"
              + name
              + "> does not match <"
              + open.name
              + "> opened at line "
              + lc[0]
              + ":"
              + lc[1]);
    }
  }

  private String name(String what) throws DatasetFormatException {
    int start = pos;
    final byte[] d = data;
    while (pos < d.length) {
      byte b = d[pos];
      if (isSpace(b) || b == '>' || b == '/' || b == '=' || b == '<' || b == '"' || b == '\'') {
        break;
      }
      pos++;
    }
    if (pos == start) {
      throw error(start, "missing " + what);
    }
    byte first = d[start];
    if ((first >= '0' && first <= '9') || first == '-' || first == '.') {
      throw error(start, "illegal " + what + " starting with '" + (char) first + "'");
    }
    return intern(start, pos);
  }

  private String intern(int start, int end) {
    int len = end - start;
    outer:
    for (int k = 0; k < KNOWN_BYTES.length; k++) {
      byte[] known = KNOWN_BYTES[k];
      if (known.length != len) {
        continue;
      }
      for (int i = 0; i < len; i++) {
        if (known[i] != data[start + i]) {
          continue outer;
        }
      }
      return KNOWN_NAMES[k];
    }
    return decodeUtf8(data, start, end);
  }

  private boolean skipSpaces() {
    int start = pos;
    while (pos < data.length && isSpace(data[pos])) {
      pos++;
    }
    return pos > start;
  }

  private void skipPast(int prefixLength, String terminator, String what)
      throws DatasetFormatException {
    int end = indexOf(terminator, pos + prefixLength, data.length);
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
    if (at + prefix.length() > data.length) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (data[at + i] != (byte) prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /** Decodes UTF-8 that {@link #parse} has already validated. */
  static String decodeUtf8(byte[] bytes, int start, int end) {
    return new String(bytes, start, end - start, StandardCharsets.UTF_8);
  }

  /** Refuses bytes that are not UTF-8, naming the line and column of the first bad byte. */
  private void validateUtf8() throws DatasetFormatException {
    final byte[] d = data;
    int i = 0;
    while (i < d.length && d[i] >= 0) {
      i++;
    }
    if (i == d.length) {
      return;
    }
    ByteBuffer in = ByteBuffer.wrap(d);
    CharBuffer out = CharBuffer.allocate(d.length);
    CoderResult result =
        StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT)
            .decode(in, out, true);
    if (result.isError()) {
      throw error(
          in.position(),
          "bytes that are not UTF-8 (labelImg writes UTF-8; re-save the file as UTF-8)");
    }
  }

  private DatasetFormatException error(int offset, String reason) {
    int[] lc = lineColumn(offset);
    return new DatasetFormatException(source, lc[0], lc[1], "malformed XML: " + reason);
  }

  /** The 1-based line and column (in characters) of a byte offset of {@code data}. */
  int[] lineColumn(int offset) {
    return lineColumn(data, offset);
  }

  /** The 1-based line and column (in characters) of a byte offset of a UTF-8 document. */
  static int[] lineColumn(byte[] document, int offset) {
    int line = 1;
    int lineStart = 0;
    int limit = Math.min(offset, document.length);
    for (int i = 0; i < limit; i++) {
      if (document[i] == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    int column = 1;
    for (int i = lineStart; i < limit; i++) {
      if ((document[i] & 0xC0) != 0x80) {
        column++;
      }
    }
    return new int[] {line, column};
  }
}
