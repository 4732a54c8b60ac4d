package dev.detect.io.voc;

import static dev.detect.io.voc.VocReaderTest.write;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.testing.HostileImages;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile XML (XXE, entity expansion, XInclude, processing instructions) and image paths leading
 * out of the image folder: refused naming file and line, and no other file is ever read.
 */
class VocReaderHostileTest {
  private static final String MARKER = "MARKER-7f3c2a-must-never-be-read";

  @TempDir Path tmp;
  Path dir;
  Path secret;

  @BeforeEach
  void folders() throws IOException {
    dir = Files.createDirectories(tmp.resolve("annotations"));
    secret = Files.writeString(tmp.resolve("secret.txt"), MARKER);
  }

  private DatasetFormatException refused(String text, int line, String reason) throws IOException {
    Path xml = write(dir, "h.xml", text);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(xml));
    assertTrue(e.getMessage().startsWith(xml.toString()), e.getMessage());
    assertEquals(Optional.of(line), e.line(), e.getMessage());
    assertTrue(e.getMessage().contains(reason), e.getMessage());
    assertFalse(e.getMessage().contains(MARKER), "the entity's file was read: " + e.getMessage());
    return e;
  }

  private static String annotation(String inner) {
    return "<annotation>\n<filename>a.jpg</filename>\n<size><width>4</width><height>4</height>"
        + "</size>\n"
        + inner
        + "</annotation>\n";
  }

  @Test
  void read_externalEntityToAnExistingFile_isRefusedWithoutReadingIt() throws IOException {
    refused(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [\n<!ENTITY xxe SYSTEM \""
            + secret.toUri()
            + "\">]>\n"
            + annotation("<folder>&xxe;</folder>"),
        2,
        "DOCTYPE declarations are refused");
  }

  @Test
  void read_externalEntityToAMissingFileOrUrl_isRefusedWithoutTryingIt() throws IOException {
    Path missing = tmp.resolve("never-created.txt");
    refused(
        "<!DOCTYPE a [<!ENTITY x SYSTEM \""
            + missing.toUri()
            + "\"><!ENTITY y SYSTEM \"http://127.0.0.1:9/x\">]>"
            + annotation("<folder>&x;&y;</folder>"),
        1,
        "DOCTYPE");
    assertFalse(Files.exists(missing));
  }

  @Test
  void read_parameterEntity_isRefused() throws IOException {
    refused(
        "<?xml version=\"1.0\"?>\n<!DOCTYPE annotation [\n<!ENTITY % remote SYSTEM \""
            + secret.toUri()
            + "\">\n%remote;\n]>\n"
            + annotation(""),
        2,
        "DOCTYPE declarations are refused");
  }

  @Test
  void read_doctypeAfterOrInsideTheRoot_isRefused() throws IOException {
    refused(annotation("") + "<!DOCTYPE annotation []>\n", 5, "DOCTYPE declarations are refused");
    refused(annotation("<!DOCTYPE x [<!ENTITY a \"b\">]>\n"), 4, "DOCTYPE");
  }

  @Test
  void read_entityDeclarationWithoutDoctypeOrLowerCaseDoctype_isRefused() throws IOException {
    refused("<!ENTITY x \"y\">\n" + annotation(""), 1, "unexpected markup '<!'");
    refused("\n<!doctype annotation>\n" + annotation(""), 2, "unexpected markup '<!'");
  }

  @Test
  void read_quadraticBlowupEntityReference_isRefused() throws IOException {
    // Without a DTD, a long run of references to an undefined entity fails at the first one.
    refused(
        annotation("<folder>" + "&a;".repeat(100_000) + "</folder>"), 4, "undefined entity &a;");
  }

  @Test
  void read_xincludeElement_isIgnoredAndNothingIsIncluded() throws IOException {
    String text =
        "<annotation xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
            + "<filename>a.jpg</filename><size><width>4</width><height>4</height></size>\n"
            + "<folder>f</folder>\n<xi:include href=\""
            + secret
            + "\"/>\n</annotation>";
    ReadResult r = VocReader.defaults().read(write(dir, "xi.xml", text));
    ImageAnnotation image = r.annotations().images().get(0);
    assertEquals("a.jpg", image.fileName());
    assertFalse(r.toString().contains(MARKER), r.toString());
    assertFalse(image.toString().contains(MARKER), image.toString());
  }

  @Test
  void read_xincludeInsideTextElement_isRefusedAndNothingIsIncluded() throws IOException {
    String text =
        "<annotation xmlns:xi=\"http://www.w3.org/2001/XInclude\">\n"
            + "<filename>a.jpg</filename><size><width>4</width><height>4</height></size>\n"
            + "<folder><xi:include href=\""
            + secret.toUri()
            + "\" parse=\"text\"/></folder>\n</annotation>";
    DatasetFormatException e = refused(text, 3, "<folder> holds the child element <xi:include>");
    assertFalse(e.getMessage().contains(MARKER), e.getMessage());
  }

  @Test
  void read_processingInstructions_areSkippedNotExecuted() throws IOException {
    String text =
        "<?xml version=\"1.0\"?>\n<?xml-stylesheet type=\"text/xsl\" href=\""
            + secret.toUri()
            + "\"?>\n"
            + annotation("<?php readfile('" + secret + "'); ?>\n");
    ReadResult r = VocReader.defaults().read(write(dir, "pi.xml", text));
    assertEquals(1, r.annotations().size());
    assertFalse(r.toString().contains(MARKER), r.toString());
  }

  @Test
  void read_unclosedProcessingInstruction_isRefused() throws IOException {
    refused("<?xml version=\"1.0\"?>\n<?evil " + annotation(""), 2, "processing instruction");
  }

  private static String sizeless(String fileName, String path) {
    return "<annotation><filename>"
        + fileName
        + "</filename><path>"
        + path
        + "</path><object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>2</xmax>"
        + "<ymax>2</ymax></bndbox></object></annotation>";
  }

  @Test
  void read_sizeFromAnImageOutsideTheFolder_isRefusedUnlessAllowed() throws IOException {
    Path outside = Files.write(tmp.resolve("elsewhere.jpg"), HostileImages.jpeg(7, 5));
    Path xml = write(dir, "a.xml", sizeless("a.jpg", outside.toString()));
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(xml));
    assertTrue(e.getMessage().startsWith(xml.toString()), e.getMessage());
    assertTrue(e.getMessage().contains("not trying [" + outside + "]"), e.getMessage());
    assertTrue(e.getMessage().contains("allowPathsOutsideRoot(true)"), e.getMessage());
    ImageAnnotation read =
        VocReader.builder()
            .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
            .build()
            .read(xml)
            .annotations()
            .images()
            .get(0);
    assertEquals(7, read.width());
  }

  @Test
  void read_sizeFromASymlinkOrDotDotFileName_isRefused() throws IOException {
    Path outside = Files.write(tmp.resolve("elsewhere.jpg"), HostileImages.jpeg(7, 5));
    Files.createSymbolicLink(dir.resolve("link.jpg"), outside);
    for (String name : new String[] {"link.jpg", "../elsewhere.jpg"}) {
      Path xml = write(dir, "b.xml", sizeless(name, name));
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> VocReader.defaults().read(xml));
      assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
    }
  }

  @Test
  void read_sizeFromAnAbsolutePathInsideTheFolder_isRead() throws IOException {
    Path inside = Files.write(dir.resolve("c.jpg"), HostileImages.jpeg(3, 2));
    Path xml = write(dir, "c.xml", sizeless("c.jpg", inside.toString()));
    assertEquals(3, VocReader.defaults().read(xml).annotations().images().get(0).width());
  }

  @Test
  void read_fileNameOutsideTheFolder_isRefusedEvenWithASize() throws IOException {
    Path outside = Files.write(tmp.resolve("elsewhere.jpg"), HostileImages.jpeg(7, 5));
    Path images = Files.createDirectories(tmp.resolve("images"));
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    Files.createSymbolicLink(dir.resolve("link.jpg"), outside);
    for (String name :
        new String[] {"../elsewhere.jpg", "../../etc/passwd", outside.toString(), "link.jpg"}) {
      Path xml = write(dir, "d.xml", annotation("").replace("a.jpg", name));
      for (VocReader reader :
          new VocReader[] {
            VocReader.defaults(),
            VocReader.builder()
                .options(ReaderOptions.builder().imageDirectory(images).build())
                .build()
          }) {
        DatasetFormatException e =
            assertThrows(DatasetFormatException.class, () -> reader.read(xml));
        assertTrue(e.getMessage().startsWith(xml + ":2:1: <filename>: "), e.getMessage());
        assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
        assertTrue(e.getMessage().contains("--allow-outside-root"), e.getMessage());
      }
      ImageAnnotation read =
          VocReader.builder()
              .options(ReaderOptions.builder().allowPathsOutsideRoot(true).build())
              .build()
              .read(xml)
              .annotations()
              .images()
              .get(0);
      assertEquals(name, read.fileName());
    }
  }

  @Test
  void read_absolutePathElementAsLabelImgWritesIt_isKept() throws IOException {
    Path xml = write(dir, "p.xml", annotation("<path>/home/someone/images/a.jpg</path>\n"));
    assertEquals(
        Optional.of("/home/someone/images/a.jpg"),
        VocReader.defaults().read(xml).annotations().images().get(0).path());
  }
}
