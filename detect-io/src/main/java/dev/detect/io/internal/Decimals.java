package dev.detect.io.internal;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;

/**
 * Fast, strict decimal text for annotation coordinates: parsing without regular expressions and
 * formatting as integers where integral, else as the shortest plain decimal that reads back to the
 * same {@code double} (lossless).
 */
public final class Decimals {
  /** Powers of ten exactly representable as doubles (10^0 … 10^22). */
  private static final double[] POW10 = new double[23];

  /** Integral values below this magnitude print as integers ({@code 81}, not {@code 81.0}). */
  private static final double INTEGRAL_LIMIT = 1e15;

  static {
    double p = 1;
    for (int i = 0; i < POW10.length; i++) {
      POW10[i] = p;
      p *= 10;
    }
  }

  private Decimals() {}

  /**
   * Parses a plain or scientific decimal ({@code 81}, {@code -3}, {@code 64.0994}, {@code 1e3})
   * from {@code bytes[start, end)} (ASCII). Leading and trailing ASCII whitespace is ignored.
   *
   * @return the value, or {@code NaN} when the text is empty or not a finite decimal number (words
   *     such as {@code NaN}, {@code Infinity}, hexadecimal and Java suffixes such as {@code 1d} are
   *     refused)
   */
  public static double parse(byte[] bytes, int start, int end) {
    while (start < end && isSpace(bytes[start])) {
      start++;
    }
    while (end > start && isSpace(bytes[end - 1])) {
      end--;
    }
    if (start == end) {
      return Double.NaN;
    }
    int i = start;
    boolean negative = false;
    if (bytes[i] == '-' || bytes[i] == '+') {
      negative = bytes[i] == '-';
      i++;
    }
    long mantissa = 0;
    int digits = 0;
    int fractionDigits = 0;
    boolean dot = false;
    for (; i < end; i++) {
      byte b = bytes[i];
      if (b >= '0' && b <= '9') {
        if (digits >= 15 || fractionDigits >= 22) {
          return slowParse(bytes, start, end);
        }
        mantissa = mantissa * 10 + (b - '0');
        if (mantissa != 0) {
          digits++;
        }
        if (dot) {
          fractionDigits++;
        }
      } else if (b == '.' && !dot) {
        dot = true;
      } else {
        return slowParse(bytes, start, end);
      }
    }
    if (i == start || (dot && end - start == 1) || !hasDigit(bytes, start, end)) {
      return Double.NaN;
    }
    // Clinger's fast path: both operands are exact doubles, so one division rounds correctly.
    double value = fractionDigits == 0 ? mantissa : mantissa / POW10[fractionDigits];
    return negative ? -value : value;
  }

  /** Like {@link #parse(byte[], int, int)} for text. */
  public static double parse(CharSequence text) {
    int n = text.length();
    byte[] ascii = new byte[n];
    for (int i = 0; i < n; i++) {
      char c = text.charAt(i);
      if (c > 0x7f) {
        return Double.NaN;
      }
      ascii[i] = (byte) c;
    }
    return parse(ascii, 0, n);
  }

  private static double slowParse(byte[] bytes, int start, int end) {
    boolean digit = false;
    for (int i = start; i < end; i++) {
      byte b = bytes[i];
      boolean ok =
          (b >= '0' && b <= '9') || b == '.' || b == 'e' || b == 'E' || b == '-' || b == '+';
      if (!ok) {
        return Double.NaN;
      }
      digit |= b >= '0' && b <= '9';
    }
    if (!digit) {
      return Double.NaN;
    }
    try {
      double v =
          Double.parseDouble(new String(bytes, start, end - start, StandardCharsets.ISO_8859_1));
      return Double.isFinite(v) ? v : Double.NaN;
    } catch (NumberFormatException e) {
      return Double.NaN;
    }
  }

  private static boolean hasDigit(byte[] bytes, int start, int end) {
    for (int i = start; i < end; i++) {
      if (bytes[i] >= '0' && bytes[i] <= '9') {
        return true;
      }
    }
    return false;
  }

  private static boolean isSpace(byte b) {
    return b == ' ' || b == '\t' || b == '\n' || b == '\r';
  }

  /**
   * Appends {@code value}: integral values as integers ({@code 81}; {@code -0.0} as {@code 0}),
   * others as the shortest plain decimal (no exponent) that parses back to exactly {@code value}.
   *
   * @throws IllegalArgumentException when {@code value} is not finite
   */
  public static StringBuilder append(StringBuilder out, double value) {
    if (!Double.isFinite(value)) {
      throw new IllegalArgumentException("value must be finite, got " + value);
    }
    if (value == Math.rint(value) && Math.abs(value) < INTEGRAL_LIMIT) {
      return out.append((long) value);
    }
    return out.append(shortest(value));
  }

  /** {@link #append(StringBuilder, double)} as a string. */
  public static String format(double value) {
    return append(new StringBuilder(24), value).toString();
  }

  private static String shortest(double value) {
    String s = Double.toString(value);
    BigDecimal decimal = new BigDecimal(s);
    // JDK 17's Double.toString is lossless but may be longer than needed for 16+ digits (fixed in
    // JDK 19): search the shortest precision that still reads back to the same double.
    if (decimal.precision() > 15) {
      BigDecimal exact = new BigDecimal(value);
      for (int p = 15; p < decimal.precision(); p++) {
        BigDecimal candidate = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
        if (candidate.doubleValue() == value) {
          decimal = candidate;
          break;
        }
      }
    }
    return decimal.stripTrailingZeros().toPlainString();
  }
}
