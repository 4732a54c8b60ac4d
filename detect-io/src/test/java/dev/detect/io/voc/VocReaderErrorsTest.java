package dev.detect.io.voc;

import static dev.detect.io.voc.VocReaderTest.BOX;
import static dev.detect.io.voc.VocReaderTest.labelImg;
import static dev.detect.io.voc.VocReaderTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed and hostile VOC files: every error names the file, line:column and element. */
class VocReaderErrorsTest {
  @TempDir Path dir;

  private DatasetFormatException refused(String name, String text) throws IOException {
    Path xml = write(dir, name, text);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(xml));
    assertTrue(e.getMessage().startsWith(xml.toString()), e.getMessage());
    return e;
  }

  private static String object(String name, String bndbox) {
    return "<object>\n\t\t<name>" + name + "</name>\n\t\t" + bndbox + "\n\t</object>";
  }

  @Test
  void read_nonNumericCoordinate_namesLineElementAndValue() throws IOException {
    String bad = "<bndbox><xmin>abc</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax></bndbox>";
    DatasetFormatException e =
        refused("n.xml", labelImg("n.jpg", "5", "5", object("a", BOX) + "\n\t" + object("b", bad)));
    assertEquals(Optional.of(15), e.line());
    assertTrue(e.getMessage().contains("object[2]/bndbox/xmin"), e.getMessage());
    assertTrue(e.getMessage().contains("'abc'"), e.getMessage());
  }

  @Test
  void read_missingBndboxChild_namesTheElement() throws IOException {
    String bad = "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax></bndbox>";
    DatasetFormatException e = refused("m.xml", labelImg("m.jpg", "5", "5", object("a", bad)));
    assertTrue(e.getMessage().contains("object[1]/bndbox/ymax is missing"), e.getMessage());
  }

  @Test
  void read_missingBndbox_isRefused() throws IOException {
    DatasetFormatException e = refused("b.xml", labelImg("b.jpg", "5", "5", object("a", "")));
    assertTrue(e.getMessage().contains("object[1] (a) has no <bndbox>"), e.getMessage());
  }

  @Test
  void read_missingName_isRefused() throws IOException {
    String text = labelImg("x.jpg", "5", "5", "<object>" + BOX + "</object>");
    DatasetFormatException e = refused("x.xml", text);
    assertTrue(e.getMessage().contains("object[1] has no <name>"), e.getMessage());
    assertTrue(e.line().isPresent());
  }

  @Test
  void read_badFlagAndSize_areRefused() throws IOException {
    String obj = "<object><name>a</name><difficult>yes</difficult>" + BOX + "</object>";
    assertTrue(
        refused("f.xml", labelImg("f.jpg", "5", "5", obj))
            .getMessage()
            .contains("object[1]/difficult must be 0 or 1, got 'yes'"));
    assertTrue(
        refused("s.xml", labelImg("s.jpg", "5.5", "5", ""))
            .getMessage()
            .contains("size/width must be a whole number"));
  }

  @Test
  void read_nameWithChildElement_isRefusedNotReadAsTheTextAroundIt() throws IOException {
    String obj = "<object>\n<name>dog<b>x</b></name>" + BOX + "</object>";
    DatasetFormatException e = refused("c.xml", labelImg("c.jpg", "5", "5", obj));
    assertEquals(Optional.of(10), e.line());
    assertTrue(e.getMessage().contains("<name> holds the child element <b>"), e.getMessage());
  }

  @Test
  void read_everyTextElementWithChildElement_isRefused() throws IOException {
    String box = "<bndbox><xmin>1</xmin><ymin>1</ymin><xmax>3</xmax><ymax>3</ymax></bndbox>";
    String[][] cases = {
      {"folder", labelImg("a.jpg", "5", "5", "").replace("<folder>f", "<folder>f<i/>")},
      {"filename", labelImg("a.jpg<i>b</i>", "5", "5", "")},
      {"path", labelImg("a.jpg", "5", "5", "<path>p<i/></path>")},
      {"width", labelImg("a.jpg", "5<i>0</i>", "5", "")},
      {"height", labelImg("a.jpg", "5", "<i>5</i>5", "")},
      {"depth", labelImg("a.jpg", "5", "5", "").replace("<depth>3", "<depth>3<i/>")},
      {"segmented", labelImg("a.jpg", "5", "5", "<segmented>0<i>1</i></segmented>")},
      {
        "pose",
        labelImg("a.jpg", "5", "5", object("a", BOX).replace("<name>", "<pose>x<i/></pose><name>"))
      },
      {
        "difficult",
        labelImg(
            "a.jpg",
            "5",
            "5",
            object("a", BOX).replace("<name>", "<difficult>0<i>1</i></difficult><name>"))
      },
      {"xmax", labelImg("a.jpg", "5", "5", object("a", box.replace("<xmax>3", "<xmax>3<i>9</i>")))},
    };
    for (String[] c : cases) {
      DatasetFormatException e = refused(c[0] + ".xml", c[1]);
      assertTrue(e.line().isPresent(), e.getMessage());
      assertTrue(
          e.getMessage().contains("<" + c[0] + "> holds the child element <i>"), e.getMessage());
    }
  }

  @Test
  void read_unclosedTag_givesLineAndColumn() throws IOException {
    DatasetFormatException e =
        refused("u.xml", "<annotation>\n  <filename>a.jpg</filename>\n  <size>\n</annotation>\n");
    assertEquals(Optional.of(4), e.line());
    assertEquals(Optional.of(1), e.column());
    assertTrue(e.getMessage().contains("does not match <size> opened at line 3:3"), e.getMessage());
  }

  @Test
  void read_truncatedFile_namesTheUnclosedElement() throws IOException {
    DatasetFormatException e = refused("t.xml", "<annotation>\n\t<folder>x</folder>\n\t<size>");
    assertTrue(e.getMessage().contains("unclosed element <size>"), e.getMessage());
    assertEquals(Optional.of(3), e.line());
  }

  @Test
  void read_notVoc_isRefused() throws IOException {
    assertTrue(refused("h.xml", "<html/>").getMessage().contains("expected <annotation>"));
    assertTrue(refused("e.xml", "").getMessage().contains("no root element"));
    assertTrue(refused("j.xml", "{\"a\": 1}").getMessage().contains("text outside the root"));
    assertTrue(
        refused("two.xml", "<annotation/><annotation/>")
            .getMessage()
            .contains("content after the root element"));
  }

  @Test
  void read_externalEntity_isRefusedWithoutFetchingIt() throws IOException {
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [<!ENTITY xxe SYSTEM"
            + " \"file:///etc/passwd\">]>\n<annotation><filename>&xxe;</filename></annotation>";
    DatasetFormatException e = refused("xxe.xml", xxe);
    assertTrue(e.getMessage().contains("DOCTYPE declarations are refused"), e.getMessage());
    assertEquals(Optional.of(2), e.line());
  }

  @Test
  void read_billionLaughs_isRefused() throws IOException {
    StringBuilder sb = new StringBuilder("<!DOCTYPE lolz [<!ENTITY lol \"lol\">");
    for (int i = 1; i < 10; i++) {
      sb.append("<!ENTITY lol").append(i).append(" \"");
      sb.append(("&lol" + (i == 1 ? "" : i - 1) + ";").repeat(10)).append("\">");
    }
    sb.append("]><annotation><folder>&lol9;</folder></annotation>");
    assertTrue(refused("lol.xml", sb.toString()).getMessage().contains("DOCTYPE"));
  }

  @Test
  void read_undefinedEntityWithoutDoctype_isRefused() throws IOException {
    DatasetFormatException e =
        refused("ent.xml", "<annotation><folder>&xxe;</folder></annotation>");
    assertTrue(e.getMessage().contains("undefined entity &xxe;"), e.getMessage());
  }

  @Test
  void read_notUtf8_isRefusedWithPosition() throws IOException {
    Path xml = dir.resolve("l.xml");
    byte[] start = "<annotation>\n<filename>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] end = "</filename></annotation>".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = new byte[start.length + 1 + end.length];
    System.arraycopy(start, 0, bytes, 0, start.length);
    bytes[start.length] = (byte) 0xE9;
    System.arraycopy(end, 0, bytes, start.length + 1, end.length);
    Files.write(xml, bytes);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(xml));
    assertTrue(e.getMessage().contains(":2:11: "), e.getMessage());
  }

  @Test
  void read_manyMalformedFiles_reportsTheFirstByNameAndCountsTheRest() throws IOException {
    String good = labelImg("g.jpg", "5", "5", "");
    for (int i = 0; i < 100; i++) {
      String name = String.format("f%03d", i);
      write(
          dir, name + ".xml", i % 10 == 3 ? "<annotation>" : good.replace("g.jpg", name + ".jpg"));
    }
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(dir));
    assertTrue(e.getMessage().startsWith(dir.resolve("f003.xml").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("and 9 more malformed files"), e.getMessage());
    assertEquals(9, e.getSuppressed().length);
  }
}
