package dev.detect.core.textproto;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Typed access to scalar values. */
class TextProtoScalarTest {
  private static TextProtoScalar scalar(String literal) throws DatasetFormatException {
    return TextProtoDocument.parse("v: " + literal + "\n", "t").root().field("v").get().scalar();
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1|1",
        "-1|-1",
        "0x1F|31",
        "-0X1f|-31",
        "017|15",
        "0|0",
        "9223372036854775807|9223372036854775807",
        "-9223372036854775808|-9223372036854775808"
      })
  void asLong_readsEveryIntegerForm(String literal, long expected) throws Exception {
    assertEquals(expected, scalar(literal).asLong());
    assertEquals(TextProtoScalar.Kind.NUMBER, scalar(literal).kind());
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "1.5|1.5",
        ".5|0.5",
        "1e-8|1e-8",
        "1.0f|1.0",
        "1E5|100000",
        "-0.0|-0.0",
        "1.|1.0",
        "5f|5",
        "0x10|16",
        "010|8",
        "-2.5e+3F|-2500"
      })
  void asDouble_readsEveryNumberForm(String literal, double expected) throws Exception {
    assertEquals(expected, scalar(literal).asDouble());
  }

  @Test
  void asDouble_readsFloatSpecials() throws Exception {
    assertEquals(Double.POSITIVE_INFINITY, scalar("inf").asDouble());
    assertEquals(Double.NEGATIVE_INFINITY, scalar("-inf").asDouble());
    assertEquals(Double.NEGATIVE_INFINITY, scalar("-Infinity").asDouble());
    assertTrue(Double.isNaN(scalar("nan").asDouble()));
    assertEquals(TextProtoScalar.Kind.IDENTIFIER, scalar("-inf").kind());
  }

  @Test
  void asString_resolvesEscapesAndJoinsAdjacentLiterals() throws Exception {
    assertEquals("a\n\t\\'\"b", scalar("'a\\n\\t\\\\\\'\\\"b'").asString());
    assertEquals("AA\n", scalar("\"\\101\\x41\\xa\"").asString());
    assertEquals("\u00e9\ud83d\ude00", scalar("\"\\u00e9\\U0001F600\"").asString());
    assertEquals("\ud83d\ude00", scalar("\"\\ud83d\\ude00\"").asString());
    assertEquals("\u00e9", scalar("\"\\303\\251\"").asString()); // UTF-8 bytes as octal
    assertEquals("abcd", scalar("'a' \"b\"\n  'c' # x\n 'd'").asString());
    assertEquals("caf\u00e9", scalar("'caf\u00e9'").asString());
    assertEquals("", scalar("''").asString());
  }

  @Test
  void asBytes_keepsRawBytes() throws Exception {
    assertArrayEquals(new byte[] {(byte) 0xff, 0, 'a'}, scalar("'\\377\\0a'").asBytes());
  }

  @Test
  void asBoolean_acceptsProtobufSpellings() throws Exception {
    for (String t : new String[] {"true", "True", "t", "1"}) {
      assertTrue(scalar(t).asBoolean(), t);
    }
    for (String f : new String[] {"false", "False", "f", "0"}) {
      assertFalse(scalar(f).asBoolean(), f);
    }
    assertThrows(DatasetFormatException.class, () -> scalar("yes").asBoolean());
  }

  @Test
  void asIdentifier_returnsEnumValue() throws Exception {
    assertEquals("RELU_6", scalar("RELU_6").asIdentifier());
  }

  @Test
  void accessors_onWrongKind_throwLocatedError() throws Exception {
    TextProtoDocument doc = TextProtoDocument.parse("a {\n  id: 'x'\n}\n", "map.pbtxt");
    TextProtoScalar id = doc.root().message("a").get().field("id").get().scalar();
    DatasetFormatException e = assertThrows(DatasetFormatException.class, id::asLong);
    assertEquals("map.pbtxt:2:7: expected an integer for field 'id', found 'x'", e.getMessage());
    assertThrows(DatasetFormatException.class, () -> scalar("1.5").asLong());
    assertThrows(DatasetFormatException.class, () -> scalar("5").asString());
    assertThrows(DatasetFormatException.class, () -> scalar("'5'").asDouble());
    assertThrows(DatasetFormatException.class, () -> scalar("foo").asDouble());
    assertThrows(DatasetFormatException.class, () -> scalar("5").asIdentifier());
    assertThrows(DatasetFormatException.class, () -> scalar("9223372036854775808").asLong());
    assertThrows(DatasetFormatException.class, () -> scalar("2147483648").asInt());
  }

  @Test
  void literalAndText_describeTheValue() throws Exception {
    assertEquals("'it\\'s'", scalar("'it\\'s'").literal());
    assertEquals("it's", scalar("'it\\'s'").text());
    assertEquals("-1.5", scalar("-1.5").text());
    assertEquals("- 1", scalar("- 1").literal());
  }

  @Test
  void quote_escapesSoThatParsingGivesTheValueBack() throws Exception {
    String value = "a'b\"c\\d\ne\tf\u0001g\u007f\u00e9\ud83d\ude00";
    for (char q : new char[] {'"', '\''}) {
      String literal = TextProtoScalar.quote(value, q);
      assertEquals(value, scalar(literal).asString());
    }
    assertEquals("'it\\'s'", TextProtoScalar.quote("it's", '\''));
    assertThrows(IllegalArgumentException.class, () -> TextProtoScalar.quote("x", '`'));
    assertThrows(IllegalArgumentException.class, () -> TextProtoScalar.quote("\ud800", '"'));
  }

  @Test
  void listSyntax_exposesElements() throws Exception {
    TextProtoField f = TextProtoDocument.parse("r: [1.0, 2.0, 0.5]", "t").root().field("r").get();
    assertTrue(f.isList());
    assertFalse(f.isMessage());
    assertEquals(3, f.scalars().size());
    assertEquals(0.5, f.scalars().get(2).asDouble());
    assertThrows(IllegalStateException.class, f::scalar);
  }
}
