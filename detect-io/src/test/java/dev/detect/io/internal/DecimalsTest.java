package dev.detect.io.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.math.MathContext;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class DecimalsTest {
  @Test
  void format_integralValuesWithoutDecimalPoint() {
    assertEquals("81", Decimals.format(81.0));
    assertEquals("-3", Decimals.format(-3.0));
    assertEquals("0", Decimals.format(-0.0));
    assertEquals("1.5", Decimals.format(1.5));
    assertEquals("0.001", Decimals.format(0.001));
    assertEquals("465.28470754898194", Decimals.format(465.28470754898194));
    assertEquals("10000000000000000", Decimals.format(1e16));
    assertThrows(IllegalArgumentException.class, () -> Decimals.format(Double.NaN));
  }

  @Test
  void format_isShortestWhereJdk17ToStringIsNot() {
    // JDK 17 prints 2.0E-3 style fine but is known to over-print some values (JDK-4511638).
    double v = 2.82879384806159E17 / 1e10;
    String s = Decimals.format(v);
    assertEquals(v, Double.parseDouble(s));
    assertTrue(s.replace(".", "").replaceFirst("^0+", "").length() <= 17, s);
  }

  @Test
  void parse_acceptsPlainAndScientificDecimals() {
    assertEquals(81.0, Decimals.parse("81"));
    assertEquals(81.0, Decimals.parse(" 81\n"));
    assertEquals(-2.5, Decimals.parse("-2.5"));
    assertEquals(0.5, Decimals.parse(".5"));
    assertEquals(1.0, Decimals.parse("1."));
    assertEquals(1000.0, Decimals.parse("1e3"));
    assertEquals(465.28470754898194, Decimals.parse("465.28470754898194"));
    assertEquals(1e-24, Decimals.parse("0.000000000000000000000001"));
  }

  @Test
  void parse_refusesWhatIsNotAFiniteDecimal() {
    for (String bad :
        new String[] {
          "",
          " ",
          ".",
          "-",
          "+",
          "abc",
          "NaN",
          "Infinity",
          "1d",
          "0x10",
          "1,5",
          "1e999",
          "--1",
          "1.2.3"
        }) {
      assertTrue(Double.isNaN(Decimals.parse(bad)), bad);
    }
  }

  @Property(tries = 3000)
  void formatThenParse_isLosslessAndShortest(@ForAll double value) {
    if (!Double.isFinite(value)) {
      return;
    }
    String s = Decimals.format(value);
    double back = Decimals.parse(s);
    assertEquals(value == 0 ? 0.0 : value, back, s);
    assertTrue(!s.contains("E") && !s.contains("e"), s);
    BigDecimal d = new BigDecimal(s);
    if (d.precision() > 1 && !(value == Math.rint(value))) {
      BigDecimal shorter = new BigDecimal(value).round(new MathContext(d.precision() - 1));
      assertTrue(shorter.doubleValue() != value, "shorter " + shorter + " also reads back: " + s);
    }
  }

  @Property(tries = 3000)
  void parse_agreesWithDoubleParseDouble(@ForAll double value) {
    if (Double.isFinite(value)) {
      String s = Double.toString(value);
      assertEquals(Double.parseDouble(s), Decimals.parse(s), s);
    }
  }
}
