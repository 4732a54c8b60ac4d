package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import dev.detect.io.internal.Decimals;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Turns one VOC XML file into an {@link ImageAnnotation}, by tag name, never by position. */
final class VocFileParser {
  private static final String[] COORDINATES = {"xmin", "ymin", "xmax", "ymax"};

  /** Where images are looked up, or null for each XML file's own folder. */
  private final Path imageDirectory;

  VocFileParser(Path imageDirectory) {
    this.imageDirectory = imageDirectory;
  }

  /** One parsed file: the annotation and its warnings (usually none). */
  record Parsed(ImageAnnotation image, List<Warning> warnings) {}

  /** Per-file state while mapping the element tree. */
  private final class FileContext {
    final Path xml;
    final String source;
    final byte[] document;
    List<Warning> warnings = List.of();

    FileContext(Path xml, byte[] document) {
      this.xml = xml;
      this.source = xml.toString();
      this.document = document;
    }

    void warn(String message) {
      if (warnings.isEmpty()) {
        warnings = new ArrayList<>(2);
      }
      warnings.add(new Warning(source, message));
    }

    DatasetFormatException error(XmlElement at, String reason) {
      int[] lc = XmlParser.lineColumn(document, at.offset);
      return new DatasetFormatException(source, lc[0], lc[1], reason);
    }

    Path imageDir() {
      if (imageDirectory != null) {
        return imageDirectory;
      }
      Path parent = xml.toAbsolutePath().getParent();
      return parent != null ? parent : Path.of("");
    }
  }

  Parsed parse(Path xml) throws IOException {
    return parse(xml, Files.readAllBytes(xml));
  }

  /** Parses {@code bytes} as the content of {@code xml} (whose folder is used to find images). */
  Parsed parse(Path xml, byte[] bytes) throws IOException {
    FileContext ctx = new FileContext(xml, bytes);
    XmlElement root = XmlParser.parse(bytes, ctx.source);
    if (!root.name.equals("annotation")) {
      throw ctx.error(
          root, "root element is <" + root.name + ">, expected <annotation>: not PASCAL VOC XML");
    }
    String verified = root.attribute("verified");
    ImageAnnotation.Builder builder = imageBuilder(ctx, root);
    builder.verified("yes".equals(verified) || "true".equals(verified) || "1".equals(verified));
    List<String> ignored = null;
    int objectIndex = 0;
    for (XmlElement child : root.children()) {
      String name = child.name;
      if (name.equals("object")) {
        builder.addObject(object(ctx, child, ++objectIndex));
      } else if (name.equals("segmented") && !isZeroOrEmpty(child)) {
        ignored = note(ignored, "segmented=" + child.text() + " (masks are not read)");
      } else if (!isModelled(name)) {
        ignored = note(ignored, name);
      }
      if (name.equals("object")) {
        for (XmlElement part : child.children()) {
          if (!isModelledInObject(part.name)) {
            ignored = note(ignored, "object/" + part.name);
          }
        }
      }
    }
    if (ignored != null) {
      ctx.warn("ignored elements that the annotation model does not hold: " + ignored);
    }
    return new Parsed(builder.build(), ctx.warnings);
  }

  private static List<String> note(List<String> list, String what) {
    List<String> out = list == null ? new ArrayList<>(2) : list;
    if (!out.contains(what)) {
      out.add(what);
    }
    return out;
  }

  private static boolean isModelled(String name) {
    return switch (name) {
      case "folder", "filename", "path", "source", "size", "segmented", "object" -> true;
      default -> false;
    };
  }

  private static boolean isModelledInObject(String name) {
    return switch (name) {
      case "name", "pose", "truncated", "difficult", "bndbox" -> true;
      default -> false;
    };
  }

  private static boolean isZeroOrEmpty(XmlElement e) {
    String t = e.text();
    return t.isEmpty() || t.equals("0");
  }

  private ImageAnnotation.Builder imageBuilder(FileContext ctx, XmlElement root)
      throws IOException {
    String folder = optionalText(root.child("folder"));
    String path = optionalText(root.child("path"));
    String fileName = fileName(ctx, optionalText(root.child("filename")));
    XmlElement size = root.child("size");
    int width = size == null ? 0 : dimension(ctx, size, "width");
    int height = size == null ? 0 : dimension(ctx, size, "height");
    XmlElement depthElement = size == null ? null : size.child("depth");
    int depth =
        depthElement == null || depthElement.text().isEmpty() ? 0 : depth(ctx, depthElement);
    if (width <= 0 || height <= 0) {
      ImageInfo info = readImage(ctx, size, fileName, path);
      width = info.orientationSwapsAxes() ? info.height() : info.width();
      height = info.orientationSwapsAxes() ? info.width() : info.height();
      if (depth == 0) {
        depth = info.channels() <= 2 ? 1 : 3;
      }
    }
    return ImageAnnotation.builder(fileName, width, height)
        .folder(folder)
        .path(path)
        .depth(depth == 0 ? 3 : depth);
  }

  private static String optionalText(XmlElement e) {
    if (e == null) {
      return null;
    }
    String t = e.text();
    return t.isEmpty() ? null : t;
  }

  private String fileName(FileContext ctx, String recorded) {
    String xmlName = ctx.xml.getFileName().toString();
    String xmlBase = ImageFinder.stripExtension(xmlName);
    if (recorded == null) {
      List<Path> tried = new ArrayList<>();
      Path found = ImageFinder.withAnyExtension(ctx.imageDir(), xmlBase, tried);
      if (found != null) {
        ctx.warn("no <filename>; using the image found beside it: " + found.getFileName());
        return found.getFileName().toString();
      }
      ctx.warn(
          "no <filename> and no image "
              + xmlBase
              + ".* in "
              + ctx.imageDir()
              + "; assuming "
              + xmlBase
              + ".jpg");
      return xmlBase + ".jpg";
    }
    String fileName = recorded;
    if (!ImageFinder.hasImageExtension(recorded)) {
      List<Path> tried = new ArrayList<>();
      Path found = ImageFinder.withAnyExtension(ctx.imageDir(), recorded, tried);
      if (found != null) {
        fileName = found.getFileName().toString();
        ctx.warn("<filename>" + recorded + "</filename> has no image extension; using " + fileName);
      } else {
        ctx.warn(
            "<filename>"
                + recorded
                + "</filename> has no image extension and no image "
                + recorded
                + ".* was found in "
                + ctx.imageDir()
                + "; kept as written");
      }
    }
    if (!ImageFinder.stripExtension(fileName).equals(xmlBase)) {
      ctx.warn(
          "<filename>"
              + recorded
              + "</filename> differs from the XML file name "
              + xmlName
              + "; the <filename> is used");
    }
    return fileName;
  }

  private ImageInfo readImage(FileContext ctx, XmlElement size, String fileName, String path)
      throws IOException {
    List<Path> candidates = ImageFinder.candidates(ctx.imageDir(), fileName, path);
    Path image = ImageFinder.firstExisting(candidates);
    String why = size == null ? "has no <size>" : "has no positive <width>/<height> in <size>";
    if (image == null) {
      String reason =
          why
              + " and the image to read the size from was not found; tried "
              + candidates
              + ". Pass the image folder with VocReader.builder().imageDirectory(...)";
      throw size == null ? new DatasetFormatException(ctx.xml, reason) : ctx.error(size, reason);
    }
    ImageInfo info = ImageHeaders.read(image);
    ctx.warn(
        why
            + "; read the size "
            + info.width()
            + "x"
            + info.height()
            + (info.orientationSwapsAxes() ? " (EXIF-rotated, as labelImg shows it)" : "")
            + " from "
            + image);
    return info;
  }

  private static int dimension(FileContext ctx, XmlElement size, String name)
      throws DatasetFormatException {
    XmlElement e = size.child(name);
    if (e == null || e.text().isEmpty()) {
      return 0;
    }
    double v = number(ctx, e, "size/" + name);
    if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw ctx.error(
          e, "size/" + name + " must be a whole number of pixels, got '" + e.text() + "'");
    }
    return (int) v;
  }

  private static int depth(FileContext ctx, XmlElement e) throws DatasetFormatException {
    double v = number(ctx, e, "size/depth");
    if (v != 1 && v != 2 && v != 3 && v != 4) {
      throw ctx.error(e, "size/depth must be 1 (grayscale) or 3 (colour), got '" + e.text() + "'");
    }
    return (int) v;
  }

  private static ObjectAnnotation object(FileContext ctx, XmlElement object, int index)
      throws DatasetFormatException {
    String where = "object[" + index + "]";
    XmlElement nameElement = object.child("name");
    if (nameElement == null || nameElement.text().isEmpty()) {
      throw ctx.error(
          nameElement == null ? object : nameElement,
          where
              + (nameElement == null ? " has no <name>" : "/name is empty")
              + ": every object needs a class name");
    }
    XmlElement poseElement = object.child("pose");
    String pose = poseElement == null ? ObjectAnnotation.UNSPECIFIED_POSE : poseElement.text();
    boolean truncated = flag(ctx, object, "truncated", where);
    boolean difficult = flag(ctx, object, "difficult", where);
    XmlElement box = object.child("bndbox");
    if (box == null) {
      throw ctx.error(
          object,
          where + " (" + nameElement.text() + ") has no <bndbox>: every object needs a box");
    }
    double[] c = new double[4];
    for (int i = 0; i < 4; i++) {
      XmlElement e = box.child(COORDINATES[i]);
      if (e == null) {
        throw ctx.error(
            box,
            where
                + "/bndbox/"
                + COORDINATES[i]
                + " is missing: <bndbox> needs xmin, ymin, xmax, ymax");
      }
      c[i] = number(ctx, e, where + "/bndbox/" + COORDINATES[i]);
    }
    return new ObjectAnnotation(
        nameElement.text(), PixelBox.ofCorners(c[0], c[1], c[2], c[3]), difficult, truncated, pose);
  }

  private static boolean flag(FileContext ctx, XmlElement object, String name, String where)
      throws DatasetFormatException {
    XmlElement e = object.child(name);
    if (e == null) {
      return false;
    }
    String t = e.text();
    return switch (t) {
      case "", "0", "false", "False" -> false;
      case "1", "true", "True" -> true;
      default -> throw ctx.error(e, where + "/" + name + " must be 0 or 1, got '" + t + "'");
    };
  }

  /** The element's value as a finite number, or an error naming the element and value. */
  private static double number(FileContext ctx, XmlElement e, String elementPath)
      throws DatasetFormatException {
    double v =
        e.hasRawText()
            ? Decimals.parse(e.document(), e.rawTextStart(), e.rawTextEnd())
            : Decimals.parse(e.text());
    if (Double.isNaN(v)) {
      String text = e.text();
      throw ctx.error(
          e,
          elementPath
              + (text.isEmpty() ? " is empty" : " = '" + text + "' is not a number")
              + ": expected a decimal number of pixels");
    }
    return v;
  }
}
