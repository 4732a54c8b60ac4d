package dev.detect.core.textproto;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Number and string literal rules of protobuf text format: checking a number's form, converting
 * numbers, unescaping and quoting strings. No regular expressions.
 */
final class Literals {
  private Literals() {}

  /** The form of a number literal. */
  enum NumberForm {
    DECIMAL,
    HEX,
    OCTAL,
    FLOAT,
    INVALID
  }

  /** Classifies an unsigned number literal ({@code 1}, {@code 0x1F}, {@code 017}, {@code 1.5f}). */
  static NumberForm classify(String s) {
    int n = s.length();
    if (n == 0) {
      return NumberForm.INVALID;
    }
    if (n > 1 && s.charAt(0) == '0' && (s.charAt(1) == 'x' || s.charAt(1) == 'X')) {
      return n > 2 && allDigits(s, 2, n, 16) ? NumberForm.HEX : NumberForm.INVALID;
    }
    if (n > 1 && s.charAt(0) == '0' && TextProtoLexer.isDigit(s.charAt(1))) {
      return allDigits(s, 1, n, 8) ? NumberForm.OCTAL : NumberForm.INVALID;
    }
    return classifyDecimal(s);
  }

  private static NumberForm classifyDecimal(String s) {
    int n = s.length();
    int i = skipDigits(s, 0);
    int digits = i;
    boolean isFloat = false;
    if (i < n && s.charAt(i) == '.') {
      isFloat = true;
      int j = skipDigits(s, i + 1);
      digits += j - i - 1;
      i = j;
    }
    if (digits == 0) {
      return NumberForm.INVALID;
    }
    if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
      isFloat = true;
      i++;
      if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
        i++;
      }
      int j = skipDigits(s, i);
      if (j == i) {
        return NumberForm.INVALID;
      }
      i = j;
    }
    if (i < n && (s.charAt(i) == 'f' || s.charAt(i) == 'F')) {
      isFloat = true;
      i++;
    }
    if (i != n) {
      return NumberForm.INVALID;
    }
    return isFloat ? NumberForm.FLOAT : NumberForm.DECIMAL;
  }

  private static int skipDigits(String s, int i) {
    while (i < s.length() && TextProtoLexer.isDigit(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean allDigits(String s, int from, int to, int radix) {
    for (int i = from; i < to; i++) {
      if (Character.digit(s.charAt(i), radix) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an identifier names a float special value ({@code inf}, {@code infinity}, {@code nan}).
   */
  static boolean isFloatSpecial(String identifier) {
    return identifier.equalsIgnoreCase("inf")
        || identifier.equalsIgnoreCase("infinity")
        || identifier.equalsIgnoreCase("nan");
  }

  /**
   * The integer value of an unsigned integer literal with an optional sign.
   *
   * @throws NumberFormatException when not an integer or out of the signed 64-bit range
   */
  static long parseLong(boolean negative, String s) {
    NumberForm form = classify(s);
    String digits;
    int radix;
    switch (form) {
      case DECIMAL -> {
        digits = s;
        radix = 10;
      }
      case HEX -> {
        digits = s.substring(2);
        radix = 16;
      }
      case OCTAL -> {
        digits = s.substring(1);
        radix = 8;
      }
      default -> throw new NumberFormatException("not an integer");
    }
    return Long.parseLong(negative ? "-" + digits : digits, radix);
  }

  /**
   * The value of a number literal or float special identifier, with an optional sign.
   *
   * @throws NumberFormatException when not a number
   */
  static double parseDouble(boolean negative, String s) {
    double value;
    if (isFloatSpecial(s)) {
      value = s.equalsIgnoreCase("nan") ? Double.NaN : Double.POSITIVE_INFINITY;
    } else {
      NumberForm form = classify(s);
      switch (form) {
        case HEX -> value = new java.math.BigInteger(s.substring(2), 16).doubleValue();
        case OCTAL -> value = new java.math.BigInteger(s.substring(1), 8).doubleValue();
        case DECIMAL, FLOAT -> {
          char last = s.charAt(s.length() - 1);
          String body = last == 'f' || last == 'F' ? s.substring(0, s.length() - 1) : s;
          value = Double.parseDouble(body);
        }
        default -> throw new NumberFormatException("not a number");
      }
    }
    return negative ? -value : value;
  }

  /**
   * The bytes of a quoted string literal (quotes included), escapes resolved. The literal must have
   * passed the lexer, so its escapes are well formed.
   */
  static byte[] unescape(String literal) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(literal.length());
    int end = literal.length() - 1;
    int i = 1;
    while (i < end) {
      char c = literal.charAt(i);
      if (c != '\\') {
        int cp = literal.codePointAt(i);
        if (Character.isSurrogate(c) && Character.charCount(cp) == 1) {
          writeUtf8(out, 0xFFFD);
        } else {
          writeUtf8(out, cp);
        }
        i += Character.charCount(cp);
        continue;
      }
      i = unescapeOne(literal, i + 1, end, out);
    }
    return out.toByteArray();
  }

  /** Resolves the escape whose letter is at {@code i}; returns the index after it. */
  private static int unescapeOne(String s, int i, int end, ByteArrayOutputStream out) {
    char e = s.charAt(i++);
    switch (e) {
      case 'a' -> out.write(7);
      case 'b' -> out.write('\b');
      case 'f' -> out.write('\f');
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(0x0B);
      case 'x', 'X' -> {
        int start = i;
        while (i < end && i - start < 2 && Character.digit(s.charAt(i), 16) >= 0) {
          i++;
        }
        out.write(Integer.parseInt(s.substring(start, i), 16));
      }
      case 'u', 'U' -> {
        int len = e == 'u' ? 4 : 8;
        int cp = Integer.parseInt(s.substring(i, i + len), 16);
        i += len;
        if (Character.isHighSurrogate((char) cp)
            && e == 'u'
            && s.startsWith("\\u", i)
            && i + 6 <= end
            && Character.isLowSurrogate((char) Integer.parseInt(s.substring(i + 2, i + 6), 16))) {
          cp =
              Character.toCodePoint(
                  (char) cp, (char) Integer.parseInt(s.substring(i + 2, i + 6), 16));
          i += 6;
        }
        writeUtf8(out, cp >= 0xD800 && cp <= 0xDFFF ? 0xFFFD : cp);
      }
      default -> {
        if (e >= '0' && e <= '7') {
          int start = i - 1;
          while (i < end && i - start < 3 && s.charAt(i) >= '0' && s.charAt(i) <= '7') {
            i++;
          }
          out.write(Integer.parseInt(s.substring(start, i), 8) & 0xFF);
        } else {
          out.write(e); // \\ \' \" \?
        }
      }
    }
    return i;
  }

  private static void writeUtf8(ByteArrayOutputStream out, int cp) {
    byte[] b = new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8);
    out.write(b, 0, b.length);
  }

  /**
   * A quoted literal for {@code value}: backslash, the quote character and control characters are
   * escaped ({@code \n}, {@code \r}, {@code \t}, else 3-digit octal); other characters, non-ASCII
   * included, are kept as they are (the file is UTF-8).
   *
   * @throws IllegalArgumentException if {@code value} has an unpaired surrogate (not encodable)
   */
  static String quote(String value, char quote) {
    StringBuilder sb = new StringBuilder(value.length() + 2).append(quote);
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '\\' || c == quote) {
        sb.append('\\').append(c);
      } else if (c == '\n') {
        sb.append("\\n");
      } else if (c == '\r') {
        sb.append("\\r");
      } else if (c == '\t') {
        sb.append("\\t");
      } else if (c < 0x20 || c == 0x7f) {
        sb.append('\\').append((char) ('0' + (c >> 6))).append((char) ('0' + ((c >> 3) & 7)));
        sb.append((char) ('0' + (c & 7)));
      } else if (Character.isHighSurrogate(c)
          && i + 1 < value.length()
          && Character.isLowSurrogate(value.charAt(i + 1))) {
        sb.append(c).append(value.charAt(++i));
      } else if (Character.isSurrogate(c)) {
        throw new IllegalArgumentException(
            "string has an unpaired surrogate U+" + Integer.toHexString(c) + " at index " + i);
      } else {
        sb.append(c);
      }
    }
    return sb.append(quote).toString();
  }
}
