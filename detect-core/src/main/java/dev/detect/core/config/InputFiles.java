package dev.detect.core.config;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.PathMatcher;
import java.util.ArrayList;
import java.util.List;

/** Resolves config paths, expanding a glob in the file name as {@code tf.io.gfile.glob} does. */
final class InputFiles {
  private InputFiles() {}

  static Path resolve(Path base, String path) {
    return base.resolve(path);
  }

  /** Whether the file name has glob characters ({@code * ? [}). */
  static boolean isGlob(String path) {
    String name = Path.of(path).getFileName() == null ? "" : Path.of(path).getFileName().toString();
    return name.indexOf('*') >= 0 || name.indexOf('?') >= 0 || name.indexOf('[') >= 0;
  }

  /**
   * The files a path names: itself if it exists, or the files of its folder matching the glob in
   * its file name (sorted).
   */
  static List<Path> expand(Path base, String path) throws IOException {
    Path p = resolve(base, path);
    if (!isGlob(path)) {
      return Files.exists(p) ? List.of(p) : List.of();
    }
    Path dir = p.getParent() == null ? base : p.getParent();
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    String glob = p.getFileName().toString().replace("\\", "\\\\").replace("{", "\\{");
    PathMatcher matcher = dir.getFileSystem().getPathMatcher("glob:" + glob);
    List<Path> out = new ArrayList<>();
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path f : files) {
        if (matcher.matches(f.getFileName())) {
          out.add(f);
        }
      }
    }
    out.sort(null);
    return out;
  }
}
