package dev.detect.io.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * Resolves an annotation's image file name or path against the image folder, refusing names that
 * escape it: {@code ../} segments, absolute paths, and symbolic links (of the file or of a folder
 * on the way) whose real target lies outside the folder. Every reader and writer that opens an
 * image named by an annotation goes through here, so a hostile annotation file cannot make the
 * library read (or copy into a TFRecord) a file such as {@code /etc/passwd}.
 *
 * <p>With {@code allowOutsideRoot} the name is resolved as given (the user opted in).
 */
public final class ImagePaths {
  private final Path root;
  private final boolean allowOutsideRoot;
  private volatile Path realRoot;

  /** Why a name was refused; the message names the bad path and what to do. */
  public static final class Refused extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient Path resolved;
    private final boolean outsideRoot;

    Refused(Path resolved, String message, boolean outsideRoot) {
      super(message);
      this.resolved = resolved;
      this.outsideRoot = outsideRoot;
    }

    /** True when the name leads outside the root; false when it is not a usable file name. */
    public boolean outsideRoot() {
      return outsideRoot;
    }

    /** Where the name resolved to (the root when the name is not a valid path at all). */
    public Path resolved() {
      return resolved;
    }
  }

  /**
   * A resolver for {@code root}.
   *
   * @param allowOutsideRoot resolve names outside the root too (the user's explicit opt-in)
   */
  public ImagePaths(Path root, boolean allowOutsideRoot) {
    this.root = root.toAbsolutePath().normalize();
    this.allowOutsideRoot = allowOutsideRoot;
  }

  /** The absolute, normalized image folder. */
  public Path root() {
    return root;
  }

  /**
   * The file {@code name} denotes under the root.
   *
   * @throws Refused when the name is not a valid path, denotes the root itself, or (unless allowed)
   *     leads outside the root, directly or through a symbolic link
   */
  public Path resolve(String name) throws Refused {
    Path file;
    try {
      file = root.resolve(name).normalize();
    } catch (InvalidPathException e) {
      throw new Refused(
          root, "invalid image file name '" + name + "' (" + e.getReason() + "); rename it", false);
    }
    if (file.equals(root)) {
      throw new Refused(
          file, "image file name '" + name + "' names the image folder itself", false);
    }
    if (allowOutsideRoot) {
      return file;
    }
    if (!file.startsWith(root)) {
      throw new Refused(
          file,
          "image path '"
              + name
              + "' resolves to "
              + file
              + ", outside the image folder "
              + root
              + "; use a name relative to the folder without '..' or an absolute path, or allow"
              + " paths outside the root explicitly",
          true);
    }
    Path real = realPathIfExists(file);
    if (real != null && !real.startsWith(realRoot())) {
      throw new Refused(
          file,
          "image path '"
              + name
              + "' is a symbolic link to "
              + real
              + ", outside the image folder "
              + root
              + "; copy the image into the folder, or allow paths outside the root explicitly",
          true);
    }
    return file;
  }

  /** True when {@code name} resolves inside the root (or outside paths are allowed). */
  public boolean accepts(String name) {
    try {
      resolve(name);
      return true;
    } catch (Refused e) {
      return false;
    }
  }

  private Path realRoot() {
    if (realRoot == null) {
      Path r = realPathIfExists(root);
      realRoot = r != null ? r : root;
    }
    return realRoot;
  }

  private static Path realPathIfExists(Path p) {
    if (!Files.exists(p)) {
      return null;
    }
    try {
      return p.toRealPath();
    } catch (IOException e) {
      return null;
    }
  }
}
