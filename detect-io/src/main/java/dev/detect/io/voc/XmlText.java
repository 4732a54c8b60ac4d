package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import java.nio.charset.StandardCharsets;

/** Decodes XML character data: the five predefined entities, character references, line ends. */
final class XmlText {
  private XmlText() {}

  /**
   * Decodes {@code data[start, end)}: entities and character references are resolved, CR LF and
   * lone CR become LF; {@code ]]>} is refused.
   *
   * @param parser reports errors with the file's line and column
   */
  static String decode(XmlPullParser parser, byte[] data, int start, int end)
      throws DatasetFormatException {
    StringBuilder sb = new StringBuilder(end - start);
    int i = start;
    int run = start;
    while (i < end) {
      byte b = data[i];
      if (b != '&' && b != '\r' && b != '>') {
        i++;
        continue;
      }
      sb.append(StringCache.decode(data, run, i));
      if (b == '&') {
        i = entity(parser, data, i, end, sb);
      } else if (b == '\r') {
        sb.append('\n');
        i += (i + 1 < end && data[i + 1] == '\n') ? 2 : 1;
      } else {
        if (i >= start + 2 && data[i - 1] == ']' && data[i - 2] == ']') {
          throw parser.error(i - 2, "']]>' is not allowed in text");
        }
        sb.append('>');
        i++;
      }
      run = i;
    }
    sb.append(StringCache.decode(data, run, end));
    return sb.toString();
  }

  /** Decodes the entity at {@code data[amp]} into {@code out}; returns the index after it. */
  private static int entity(XmlPullParser parser, byte[] data, int amp, int end, StringBuilder out)
      throws DatasetFormatException {
    int semi = amp + 1;
    while (semi < end && semi - amp <= 12 && data[semi] != ';') {
      semi++;
    }
    if (semi >= end || data[semi] != ';') {
      throw parser.error(amp, "'&' must start an entity such as &amp; (write & as &amp;)");
    }
    String ref = new String(data, amp + 1, semi - amp - 1, StandardCharsets.ISO_8859_1);
    switch (ref) {
      case "lt" -> out.append('<');
      case "gt" -> out.append('>');
      case "amp" -> out.append('&');
      case "quot" -> out.append('"');
      case "apos" -> out.append('\'');
      default -> out.appendCodePoint(characterReference(parser, ref, amp));
    }
    return semi + 1;
  }

  private static int characterReference(XmlPullParser parser, String ref, int at)
      throws DatasetFormatException {
    if (!ref.startsWith("#") || ref.length() < 2) {
      throw parser.error(
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
      throw parser.error(at, "malformed character reference &" + ref + ";");
    }
    if (!isXmlChar(cp)) {
      throw parser.error(at, "character reference &" + ref + "; is not a legal XML character");
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
}
