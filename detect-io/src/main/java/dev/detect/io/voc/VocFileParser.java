package dev.detect.io.voc;

import static dev.detect.io.voc.XmlPullParser.START;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.internal.Decimals;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Turns one VOC XML file into an {@link ImageAnnotation}, by tag name, never by position, in one
 * pass over the bytes. Immutable; the per-thread buffers live in {@link ThreadState}.
 */
final class VocFileParser {
  private static final String[] COORDINATES = {"xmin", "ymin", "xmax", "ymax"};

  /** Names and values met in nearly every file, shared rather than decoded again. */
  private static final String[] COMMON = {
    "annotation",
    "folder",
    "filename",
    "path",
    "source",
    "database",
    "size",
    "width",
    "height",
    "depth",
    "segmented",
    "object",
    "name",
    "pose",
    "truncated",
    "difficult",
    "bndbox",
    "xmin",
    "ymin",
    "xmax",
    "ymax",
    "occluded",
    "part",
    "owner",
    "actions",
    "0",
    "1",
    "Unspecified",
    "Unknown"
  };

  /** Where images are looked up, or null for each XML file's own folder. */
  private final Path imageDirectory;

  /** Whether images named by {@code <path>} may lie outside the image folder. */
  private final boolean allowPathsOutsideRoot;

  VocFileParser(Path imageDirectory) {
    this(imageDirectory, false);
  }

  VocFileParser(Path imageDirectory, boolean allowPathsOutsideRoot) {
    this.imageDirectory = imageDirectory;
    this.allowPathsOutsideRoot = allowPathsOutsideRoot;
  }

  /** One parsed file: the annotation and its warnings (usually none). */
  record Parsed(ImageAnnotation image, List<Warning> warnings) {}

  /** A reusable read buffer and string cache for one thread. */
  static final class ThreadState {
    final StringCache cache = new StringCache(COMMON);
    byte[] buffer = new byte[16 * 1024];

    /** Reads the whole file into {@link #buffer}; returns its length. */
    int read(Path file) throws IOException {
      if (file.getFileSystem() != FileSystems.getDefault()) {
        buffer = Files.readAllBytes(file);
        return buffer.length;
      }
      try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
        long length = in.length();
        if (length > Integer.MAX_VALUE - 16) {
          throw new DatasetFormatException(file, "file too large for an annotation: " + length);
        }
        if (buffer.length < length) {
          buffer = new byte[(int) Math.max(length, buffer.length * 2L)];
        }
        in.readFully(buffer, 0, (int) length);
        return (int) length;
      }
    }
  }

  /** Reads and parses one file with one thread's state. */
  Parsed parse(Path xml, ThreadState state) throws IOException {
    int length = state.read(xml);
    return parse(xml, state.buffer, length, state.cache);
  }

  /** Parses {@code bytes[0, length)} as the content of {@code xml} (whose folder has images). */
  Parsed parse(Path xml, byte[] bytes, int length, StringCache cache) throws IOException {
    String source = xml.toString();
    XmlPullParser p = new XmlPullParser(bytes, length, source, cache);
    VocFile file = new VocFile(xml, source, p.document(), imageDirectory, allowPathsOutsideRoot);
    try {
      return map(file, p);
    } catch (StringCache.MalformedUtf8 e) {
      throw file.error(
          e.offset,
          "text with bytes that are not UTF-8 (labelImg writes UTF-8; re-save the file as UTF-8)");
    }
  }

  private static Parsed map(VocFile f, XmlPullParser p) throws IOException {
    p.nextTag();
    if (!p.name().equals("annotation")) {
      throw f.error(
          p.tagOffset(),
          "root element is <" + p.name() + ">, expected <annotation>: not PASCAL VOC XML");
    }
    String verified = p.attribute("verified");
    f.verified = "yes".equals(verified) || "true".equals(verified) || "1".equals(verified);
    while (p.nextTag() == START) {
      String name = p.name();
      switch (name) {
        case "folder" -> f.folder = optionalText(p, f.folder, true);
        case "filename" -> {
          if (f.fileName == null) {
            f.fileNameOffset = p.tagOffset();
          }
          f.fileName = optionalText(p, f.fileName, false);
        }
        case "path" -> f.path = optionalText(p, f.path, false);
        case "size" -> size(f, p);
        case "object" -> f.objects.add(object(f, p, f.objects.size() + 1));
        case "source" -> p.skipElement();
        case "segmented" -> {
          p.readText();
          String t = p.sharedText();
          if (!t.isEmpty() && !t.equals("0")) {
            f.ignore("segmented=" + t + " (masks are not read)");
          }
        }
        default -> {
          f.ignore(name);
          p.skipElement();
        }
      }
    }
    p.finish();
    return new Parsed(f.build(), f.warnings);
  }

  /** The element's text, or null when empty; the first of repeated elements wins. */
  private static String optionalText(XmlPullParser p, String previous, boolean shared)
      throws DatasetFormatException {
    if (previous != null) {
      p.skipElement();
      return previous;
    }
    p.readText();
    String t = shared ? p.sharedText() : p.text();
    return t.isEmpty() ? null : t;
  }

  private static void size(VocFile f, XmlPullParser p) throws DatasetFormatException {
    if (f.sizeOffset >= 0) {
      p.skipElement();
      return;
    }
    f.sizeOffset = p.tagOffset();
    while (p.nextTag() == START) {
      switch (p.name()) {
        case "width" -> f.width = dimension(f, p, "width");
        case "height" -> f.height = dimension(f, p, "height");
        case "depth" -> f.depth = depth(f, p);
        default -> p.skipElement();
      }
    }
  }

  private static int dimension(VocFile f, XmlPullParser p, String name)
      throws DatasetFormatException {
    int at = p.tagOffset();
    p.readText();
    if (!p.hasRawText() && p.text().isEmpty()) {
      return 0;
    }
    double v = value(p);
    if (Double.isNaN(v)) {
      throw notANumber(f, p, at, "size/" + name);
    }
    if (v < 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw f.error(
          at, "size/" + name + " must be a whole number of pixels, got '" + p.text() + "'");
    }
    return (int) v;
  }

  private static int depth(VocFile f, XmlPullParser p) throws DatasetFormatException {
    int at = p.tagOffset();
    p.readText();
    if (!p.hasRawText() && p.text().isEmpty()) {
      return 0;
    }
    double v = value(p);
    if (Double.isNaN(v)) {
      throw notANumber(f, p, at, "size/depth");
    }
    if (v != 1 && v != 2 && v != 3 && v != 4) {
      throw f.error(at, "size/depth must be 1 (grayscale) or 3 (colour), got '" + p.text() + "'");
    }
    return (int) v;
  }

  private static ObjectAnnotation object(VocFile f, XmlPullParser p, int index)
      throws DatasetFormatException {
    int objectAt = p.tagOffset();
    String label = null;
    int labelAt = -1;
    String pose = null;
    Boolean truncated = null;
    Boolean difficult = null;
    double[] box = null;
    while (p.nextTag() == START) {
      String name = p.name();
      if (name.equals("name") && label == null) {
        labelAt = p.tagOffset();
        p.readText();
        label = p.sharedText();
      } else if (name.equals("pose") && pose == null) {
        p.readText();
        pose = p.sharedText();
      } else if (name.equals("truncated") && truncated == null) {
        truncated = flag(f, p, index, "truncated");
      } else if (name.equals("difficult") && difficult == null) {
        difficult = flag(f, p, index, "difficult");
      } else if (name.equals("bndbox") && box == null) {
        box = bndbox(f, p, index);
      } else {
        f.ignore("object/" + name);
        p.skipElement();
      }
    }
    if (label == null || label.isEmpty()) {
      String where = objectPath(index, null);
      throw f.error(
          label == null ? objectAt : labelAt,
          where
              + (label == null ? " has no <name>" : "/name is empty")
              + ": every object needs a class name");
    }
    if (box == null) {
      throw f.error(
          objectAt,
          objectPath(index, null) + " (" + label + ") has no <bndbox>: every object needs a box");
    }
    return new ObjectAnnotation(
        label,
        PixelBox.ofCorners(box[0], box[1], box[2], box[3]),
        difficult != null && difficult,
        truncated != null && truncated,
        pose == null ? ObjectAnnotation.UNSPECIFIED_POSE : pose);
  }

  /** The element path {@code object[i]/name} of an error message (built only on error). */
  private static String objectPath(int index, String child) {
    return "object[" + index + "]" + (child == null ? "" : "/" + child);
  }

  private static double[] bndbox(VocFile f, XmlPullParser p, int index)
      throws DatasetFormatException {
    int boxAt = p.tagOffset();
    double[] c = new double[4];
    int seen = 0;
    while (p.nextTag() == START) {
      int k = coordinateIndex(p.name());
      if (k < 0 || (seen & (1 << k)) != 0) {
        p.skipElement();
        continue;
      }
      int at = p.tagOffset();
      p.readText();
      c[k] = value(p);
      if (Double.isNaN(c[k])) {
        throw notANumber(f, p, at, objectPath(index, "bndbox/" + COORDINATES[k]));
      }
      seen |= 1 << k;
    }
    for (int k = 0; k < 4; k++) {
      if ((seen & (1 << k)) == 0) {
        throw f.error(
            boxAt,
            objectPath(index, "bndbox/" + COORDINATES[k])
                + " is missing: <bndbox> needs xmin, ymin, xmax, ymax");
      }
    }
    return c;
  }

  private static int coordinateIndex(String name) {
    return switch (name) {
      case "xmin" -> 0;
      case "ymin" -> 1;
      case "xmax" -> 2;
      case "ymax" -> 3;
      default -> -1;
    };
  }

  private static boolean flag(VocFile f, XmlPullParser p, int index, String name)
      throws DatasetFormatException {
    int at = p.tagOffset();
    p.readText();
    String t = p.sharedText();
    return switch (t) {
      case "", "0", "false", "False" -> false;
      case "1", "true", "True" -> true;
      default -> throw f.error(at, objectPath(index, name) + " must be 0 or 1, got '" + t + "'");
    };
  }

  /** The text just read as a finite number, or NaN when it is not one. */
  private static double value(XmlPullParser p) {
    return p.hasRawText()
        ? Decimals.parse(p.document(), p.rawStart(), p.rawEnd())
        : Decimals.parse(p.text());
  }

  private static DatasetFormatException notANumber(
      VocFile f, XmlPullParser p, int at, String elementPath) {
    String text = p.text();
    return f.error(
        at,
        elementPath
            + (text.isEmpty() ? " is empty" : " = '" + text + "' is not a number")
            + ": expected a decimal number of pixels");
  }
}
