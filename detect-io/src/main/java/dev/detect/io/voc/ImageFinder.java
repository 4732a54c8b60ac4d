package dev.detect.io.voc;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

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
    String lower = fileName.toLowerCase(Locale.ROOT);
    for (String ext : EXTENSIONS) {
      if (lower.endsWith(ext)) {
        return true;
      }
    }
    return false;
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
