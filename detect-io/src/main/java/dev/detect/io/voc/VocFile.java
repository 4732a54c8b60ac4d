package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import dev.detect.io.internal.ImagePaths;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What one VOC XML file said, collected while parsing, and how it becomes an {@link
 * ImageAnnotation}: the file name and size are completed from the image when the XML lacks them.
 */
final class VocFile {
  final Path xml;
  final String source;
  final byte[] document;
  private final Path imageDirectory;
  private final boolean allowPathsOutsideRoot;

  boolean verified;
  String folder;
  String fileName;

  /** Byte offset of the {@code <filename>} read, or -1 when there is none. */
  int fileNameOffset = -1;

  String path;

  /** Byte offset of {@code <size>}, or -1 when there is none. */
  int sizeOffset = -1;

  int width;
  int height;
  int depth;
  final List<ObjectAnnotation> objects = new ArrayList<>();
  List<Warning> warnings = List.of();
  private List<String> ignored;

  VocFile(Path xml, String source, byte[] document, Path imageDirectory, boolean allowOutsideRoot) {
    this.allowPathsOutsideRoot = allowOutsideRoot;
    this.xml = xml;
    this.source = source;
    this.document = document;
    this.imageDirectory = imageDirectory;
  }

  /** Notes an element the model does not hold (reported once per file). */
  void ignore(String what) {
    if (ignored == null) {
      ignored = new ArrayList<>(2);
    }
    if (!ignored.contains(what)) {
      ignored.add(what);
    }
  }

  void warn(String message) {
    if (warnings.isEmpty()) {
      warnings = new ArrayList<>(2);
    }
    warnings.add(new Warning(source, message));
  }

  /** An error located at a byte offset of the document. */
  DatasetFormatException error(int offset, String reason) {
    int[] lc = XmlPullParser.lineColumn(document, offset);
    return new DatasetFormatException(source, lc[0], lc[1], reason);
  }

  private Path imageDir() {
    if (imageDirectory != null) {
      return imageDirectory;
    }
    Path parent = xml.toAbsolutePath().getParent();
    return parent != null ? parent : Path.of("");
  }

  /** The annotation, with the file name and size completed from the image where needed. */
  ImageAnnotation build() throws IOException {
    checkFileNameInsideRoot();
    String name = resolveFileName();
    if (width <= 0 || height <= 0) {
      ImageInfo info = readImage(name);
      width = info.orientationSwapsAxes() ? info.height() : info.width();
      height = info.orientationSwapsAxes() ? info.width() : info.height();
      if (depth == 0) {
        depth = info.channels() <= 2 ? 1 : 3;
      }
    }
    if (ignored != null) {
      warn("ignored elements that the annotation model does not hold: " + ignored);
    }
    return ImageAnnotation.builder(name, width, height)
        .folder(folder)
        .path(path)
        .depth(depth == 0 ? 3 : depth)
        .verified(verified)
        .objects(objects)
        .build();
  }

  /**
   * Refuses a {@code <filename>} that leads outside the image folder ({@code ../}, an absolute
   * path, a symbolic link to elsewhere) unless allowed. {@code <path>} is not checked: labelImg
   * writes the absolute path of the image there; it is kept as written and used to find the image
   * only inside the folder.
   */
  private void checkFileNameInsideRoot() throws DatasetFormatException {
    if (fileName == null || allowPathsOutsideRoot) {
      return;
    }
    try {
      new ImagePaths(imageDir(), false).resolve(fileName);
    } catch (ImagePaths.Refused e) {
      throw error(
          fileNameOffset,
          "<filename>: "
              + e.getMessage()
              + " (or ReaderOptions.builder().allowPathsOutsideRoot(true), --allow-outside-root)");
    }
  }

  private String resolveFileName() {
    String xmlName = xml.getFileName().toString();
    if (fileName == null) {
      String xmlBase = ImageFinder.stripExtension(xmlName);
      Path found = ImageFinder.withAnyExtension(imageDir(), xmlBase, new ArrayList<>());
      if (found != null) {
        warn("no <filename>; using the image found beside it: " + found.getFileName());
        return found.getFileName().toString();
      }
      warn(
          "no <filename> and no image "
              + xmlBase
              + ".* in "
              + imageDir()
              + "; assuming "
              + xmlBase
              + ".jpg");
      return xmlBase + ".jpg";
    }
    String name = fileName;
    if (!ImageFinder.hasImageExtension(fileName)) {
      Path found = ImageFinder.withAnyExtension(imageDir(), fileName, new ArrayList<>());
      if (found != null) {
        name = found.getFileName().toString();
        warn("<filename>" + fileName + "</filename> has no image extension; using " + name);
      } else {
        warn(
            "<filename>"
                + fileName
                + "</filename> has no image extension and no image "
                + fileName
                + ".* was found in "
                + imageDir()
                + "; kept as written");
      }
    }
    if (!ImageFinder.sameBaseName(name, xmlName)) {
      warn(
          "<filename>"
              + fileName
              + "</filename> differs from the XML file name "
              + xmlName
              + "; the <filename> is used");
    }
    return name;
  }

  private ImageInfo readImage(String name) throws IOException {
    List<Path> candidates = ImageFinder.candidates(imageDir(), name, path);
    List<String> refused = new ArrayList<>();
    ImagePaths paths = new ImagePaths(imageDir(), allowPathsOutsideRoot);
    candidates.removeIf(
        c -> {
          if (paths.accepts(c.toString())) {
            return false;
          }
          refused.add(c.toString());
          return true;
        });
    Path image = ImageFinder.firstExisting(candidates);
    String why = sizeOffset < 0 ? "has no <size>" : "has no positive <width>/<height> in <size>";
    if (image == null) {
      String reason =
          why
              + " and the image to read the size from was not found; tried "
              + candidates
              + (refused.isEmpty()
                  ? ""
                  : " (not trying "
                      + refused
                      + ": outside the image folder; allow with"
                      + " ReaderOptions.builder().allowPathsOutsideRoot(true), --allow-outside-root)")
              + ". Pass the image folder with ReaderOptions.builder().imageDirectory(dir) (--images DIR"
              + " on the command line)";
      throw sizeOffset < 0 ? new DatasetFormatException(xml, reason) : error(sizeOffset, reason);
    }
    ImageInfo info = ImageHeaders.read(image);
    warn(
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
}
