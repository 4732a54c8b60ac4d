package dev.detect.io.voc;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the image an annotation file describes, for when the XML lacks its size or name. */
final class ImageFinder {
  /** Extensions tried, in order, when a file name has none. */
  static final List<String> EXTENSIONS =
      List.of(
          ".jpg", ".jpeg", ".png", ".JPG", ".JPEG", ".PNG", ".bmp", ".gif", ".webp", ".BMP", ".GIF",
          ".WEBP", ".tif", ".tiff");

  private ImageFinder() {}

  /** True when {@code fileName} ends with a known image extension (any case). */
  static boolean hasImageExtension(String fileName) {
    int dot = fileName.lastIndexOf('.');
    int length = fileName.length() - dot;
    for (int i = 0, n = EXTENSIONS.size(); dot >= 0 && i < n; i++) {
      String ext = EXTENSIONS.get(i);
      if (ext.length() == length && fileName.regionMatches(true, dot, ext, 0, length)) {
        return true;
      }
    }
    return false;
  }

  /** True when both names are equal without their last extension ({@code a.jpg}, {@code a.xml}). */
  static boolean sameBaseName(String a, String b) {
    int dotA = a.lastIndexOf('.');
    int dotB = b.lastIndexOf('.');
    int lengthA = dotA > 0 ? dotA : a.length();
    int lengthB = dotB > 0 ? dotB : b.length();
    return lengthA == lengthB && a.regionMatches(0, b, 0, lengthA);
  }

  /** The existing file {@code dir/base + ext} for the first extension that exists, or null. */
  static Path withAnyExtension(Path dir, String base, List<Path> tried) {
    for (String ext : EXTENSIONS) {
      Path candidate = resolve(dir, base + ext);
      if (candidate != null) {
        tried.add(candidate);
        if (Files.isRegularFile(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  /**
   * The candidate locations of an image: {@code dir/fileName}, {@code dir/<base name of path>},
   * then {@code path} itself (absolute, or relative to {@code dir}).
   */
  static List<Path> candidates(Path dir, String fileName, String recordedPath) {
    List<Path> out = new ArrayList<>(3);
    addIfValid(out, resolve(dir, fileName));
    if (recordedPath != null && !recordedPath.isEmpty()) {
      String base = baseName(recordedPath);
      if (!base.equals(fileName)) {
        addIfValid(out, resolve(dir, base));
      }
      try {
        addIfValid(out, dir.resolve(recordedPath));
      } catch (InvalidPathException e) {
        // a path recorded on another operating system; the base name was tried above
      }
    }
    return out;
  }

  /** The first candidate that is a regular file, or null. */
  static Path firstExisting(List<Path> candidates) {
    for (Path p : candidates) {
      if (Files.isRegularFile(p)) {
        return p;
      }
    }
    return null;
  }

  /** The last segment of a path recorded with {@code /} or {@code \} separators. */
  static String baseName(String recordedPath) {
    int slash = Math.max(recordedPath.lastIndexOf('/'), recordedPath.lastIndexOf('\\'));
    return recordedPath.substring(slash + 1);
  }

  /** The name without its last extension ({@code a.b.jpg -> a.b}). */
  static String stripExtension(String name) {
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }

  private static void addIfValid(List<Path> out, Path p) {
    if (p != null && !out.contains(p)) {
      out.add(p);
    }
  }

  private static Path resolve(Path dir, String name) {
    try {
      return dir.resolve(name);
    } catch (InvalidPathException e) {
      return null;
    }
  }
}
