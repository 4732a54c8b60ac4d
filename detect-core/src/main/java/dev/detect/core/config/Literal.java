package dev.detect.core.config;

import dev.detect.core.textproto.TextProtoScalar;
import java.math.BigDecimal;

/** Text-format literals for typed edits. */
final class Literal {
  private Literal() {}

  /** A float literal: plain decimal with at least one fraction digit, or {@code 1.0e-08} style. */
  static String of(double value) {
    if (Double.isNaN(value) || Double.isInfinite(value)) {
      throw new IllegalArgumentException("not a finite number: " + value);
    }
    double abs = Math.abs(value);
    if (abs == 0 || (abs >= 1e-4 && abs < 1e9)) {
      String plain = BigDecimal.valueOf(value).stripTrailingZeros().toPlainString();
      return plain.contains(".") ? plain : plain + ".0";
    }
    return Double.toString(value).replace('E', 'e');
  }

  static String of(long value) {
    return Long.toString(value);
  }

  static String of(boolean value) {
    return Boolean.toString(value);
  }

  static String quoted(String value) {
    return TextProtoScalar.quote(value, '"');
  }
}
