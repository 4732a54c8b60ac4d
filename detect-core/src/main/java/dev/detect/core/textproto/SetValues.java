package dev.detect.core.textproto;

/** Chooses the literal form for {@link TextProtoDocument#set(String, String)}. */
final class SetValues {
  private SetValues() {}

  /**
   * The literal to write for {@code value}, given the existing scalar (null for a new field).
   *
   * @throws IllegalArgumentException if the value cannot replace the existing value's kind
   */
  static String literalFor(TextProtoScalar existing, String value, String path) {
    if (!value.isEmpty() && (value.charAt(0) == '"' || value.charAt(0) == '\'')) {
      TextProtoScalar parsed = TextProtoParser.parseLiteral(value, null);
      if (parsed.kind() == TextProtoScalar.Kind.STRING) {
        return value;
      }
    }
    if (existing != null && existing.kind() == TextProtoScalar.Kind.STRING) {
      return Literals.quote(value, existing.quoteChar());
    }
    boolean number = isNumber(value);
    boolean identifier = TextProtoPath.isFieldName(value) && value.charAt(0) != '[';
    if (existing == null) {
      return number || identifier ? value : Literals.quote(value, '"');
    }
    if (existing.kind() == TextProtoScalar.Kind.NUMBER && !number) {
      throw new IllegalArgumentException(
          "path '"
              + path
              + "' holds the number "
              + existing.literal()
              + "; '"
              + value
              + "' is not a number");
    }
    if (!number && !identifier) {
      throw new IllegalArgumentException(
          "path '"
              + path
              + "' holds the identifier "
              + existing.literal()
              + "; '"
              + value
              + "' is neither an identifier nor a number (quote it to write a string)");
    }
    return value;
  }

  /** Whether {@code s} is a number literal, optionally negative, or a float special value. */
  static boolean isNumber(String s) {
    String body = s.startsWith("-") ? s.substring(1) : s;
    return Literals.isFloatSpecial(body) || Literals.classify(body) != Literals.NumberForm.INVALID;
  }
}
