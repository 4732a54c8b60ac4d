package dev.detect.io.voc;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.WriteResult;
import dev.detect.io.internal.ClassNameRules;
import dev.detect.io.internal.Decimals;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Writes one PASCAL VOC XML file per image, byte for byte in labelImg's layout (v1.8.6 {@code
 * PascalVocWriter}): no XML declaration, tab indentation, LF line ends, the element order {@code
 * folder, filename, path, source/database, size (width, height, depth), segmented, object*}, each
 * object as {@code name, pose, truncated, difficult, bndbox (xmin, ymin, xmax, ymax)}, and {@code
 * verified="yes"} on the root only for verified images.
 *
 * <p>Integral coordinates are written without a decimal point ({@code 81}); others as the shortest
 * decimal that reads back to the same value, so non-labelImg coordinates survive a round trip.
 * Empty values are written as {@code <folder/>}, as lxml does. Files are named {@code <image base
 * name>.xml} and written atomically. Immutable and thread-safe.
 */
public final class VocWriter implements AnnotationWriter {
  private static final VocWriter INSTANCE = new VocWriter();

  private VocWriter() {}

  /** The writer (it has no settings). */
  public static VocWriter defaults() {
    return INSTANCE;
  }

  /**
   * Writes {@code <base name>.xml} for every image into the folder {@code output} (created if
   * missing). Existing files of the same names are replaced.
   *
   * @throws IllegalArgumentException when two images would share one XML name (e.g. {@code a.jpg}
   *     and {@code a.png}) or a text holds a character XML 1.0 cannot carry; nothing is written
   *     then
   */
  @Override
  public WriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    ClassNameRules.requireWritable(
        annotations.labels(),
        "PASCAL VOC XML <name>",
        EnumSet.of(ClassNameRules.NO_EDGE_WHITESPACE, ClassNameRules.XML_CHARACTERS));
    List<Path> targets = new ArrayList<>(annotations.size());
    Map<String, String> owners = new HashMap<>();
    List<byte[]> contents = new ArrayList<>(annotations.size());
    for (ImageAnnotation image : annotations) {
      String xmlName = xmlFileName(image.fileName());
      String previous = owners.putIfAbsent(xmlName, image.fileName());
      if (previous != null) {
        throw new IllegalArgumentException(
            "images "
                + previous
                + " and "
                + image.fileName()
                + " would both be written to "
                + xmlName
                + "; rename one image");
      }
      targets.add(output.resolve(xmlName));
      contents.add(toXml(image).getBytes(StandardCharsets.UTF_8));
    }
    for (int i = 0; i < targets.size(); i++) {
      AtomicFiles.writeBytes(targets.get(i), contents.get(i));
    }
    return new WriteResult(targets, annotations.size(), annotations.objectCount(), List.of());
  }

  /** The XML file name for an image: its base name with {@code .xml} ({@code a/b.jpg -> b.xml}). */
  public static String xmlFileName(String imageFileName) {
    Objects.requireNonNull(imageFileName, "imageFileName");
    return ImageFinder.stripExtension(ImageFinder.baseName(imageFileName)) + ".xml";
  }

  /**
   * The XML text of one image, exactly as labelImg would write it.
   *
   * @throws IllegalArgumentException when a text holds a character XML 1.0 cannot carry
   */
  public String toXml(ImageAnnotation image) {
    Objects.requireNonNull(image, "image");
    StringBuilder sb = new StringBuilder(512 + 256 * image.objects().size());
    sb.append(image.verified() ? "<annotation verified=\"yes\">\n" : "<annotation>\n");
    element(sb, "\t", "folder", image.folder().orElse(""));
    element(sb, "\t", "filename", image.fileName());
    element(sb, "\t", "path", image.path().orElse(image.fileName()));
    sb.append("\t<source>\n\t\t<database>Unknown</database>\n\t</source>\n\t<size>\n");
    sb.append("\t\t<width>").append(image.width()).append("</width>\n");
    sb.append("\t\t<height>").append(image.height()).append("</height>\n");
    sb.append("\t\t<depth>").append(image.depth()).append("</depth>\n");
    sb.append("\t</size>\n\t<segmented>0</segmented>\n");
    for (ObjectAnnotation object : image.objects()) {
      sb.append("\t<object>\n");
      element(sb, "\t\t", "name", object.label());
      element(sb, "\t\t", "pose", object.pose());
      sb.append("\t\t<truncated>").append(object.truncated() ? '1' : '0').append("</truncated>\n");
      sb.append("\t\t<difficult>").append(object.difficult() ? '1' : '0').append("</difficult>\n");
      PixelBox box = object.box();
      sb.append("\t\t<bndbox>\n");
      coordinate(sb, "xmin", box.xmin());
      coordinate(sb, "ymin", box.ymin());
      coordinate(sb, "xmax", box.xmax());
      coordinate(sb, "ymax", box.ymax());
      sb.append("\t\t</bndbox>\n\t</object>\n");
    }
    return sb.append("</annotation>\n").toString();
  }

  private static void coordinate(StringBuilder sb, String name, double value) {
    sb.append("\t\t\t<").append(name).append('>');
    Decimals.append(sb, value).append("</").append(name).append(">\n");
  }

  private static void element(StringBuilder sb, String indent, String name, String text) {
    sb.append(indent).append('<').append(name);
    if (text.isEmpty()) {
      sb.append("/>\n");
      return;
    }
    sb.append('>');
    escape(sb, text);
    sb.append("</").append(name).append(">\n");
  }

  /** Escapes text content as lxml does ({@code & < >}; CR as a character reference). */
  private static void escape(StringBuilder sb, String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '&' -> sb.append("&amp;");
        case '<' -> sb.append("&lt;");
        case '>' -> sb.append("&gt;");
        case '\r' -> sb.append("&#13;");
        default -> {
          if (c < 0x20 && c != '\t' && c != '\n' || c == 0xFFFE || c == 0xFFFF) {
            throw new IllegalArgumentException(
                "character U+"
                    + Integer.toHexString(c)
                    + " cannot be written in XML 1.0, in text '"
                    + text
                    + "'");
          }
          sb.append(c);
        }
      }
    }
  }
}
