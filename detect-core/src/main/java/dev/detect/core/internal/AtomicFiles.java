package dev.detect.core.internal;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * The one way detect writes files: content goes to a temporary file in the target's folder, is
 * flushed to disk ({@code fsync}), renamed over the target, and the folder is flushed too; so after
 * a crash or a kill at any moment the target is either the old complete version, absent, or the new
 * complete version, never half-written. (TensorBoard event files are the one exception: they are
 * append-only logs, since a live TensorBoard keeps reading the file it opened; see detect-train's
 * {@code EventFileWriter}.)
 *
 * <p>Temporary names are {@link #TEMP_PREFIX}{@code <random>.tmp}: hidden, and never containing the
 * target's name, so no reader that picks files up by pattern ({@code *tfevents*}, {@code ckpt-*},
 * {@code train.record-*}, {@code *.xml}) ever sees one. Leftovers of a killed process can be swept
 * by {@link #deleteStaleTemporaries(Path)}.
 */
public final class AtomicFiles {
  /** The name prefix of every temporary file or folder this class creates. */
  public static final String TEMP_PREFIX = ".detect-tmp-";

  private static final String TEMP_SUFFIX = ".tmp";

  private AtomicFiles() {}

  /** Something that writes the whole content to a stream. */
  @FunctionalInterface
  public interface Content {
    /** Writes the content (the stream is closed by the caller). */
    void writeTo(OutputStream out) throws IOException;
  }

  /** Writes {@code text} as UTF-8 to {@code target} atomically, replacing it if it exists. */
  public static void writeString(Path target, String text) throws IOException {
    Objects.requireNonNull(text, "text");
    write(target, out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
  }

  /** Writes {@code bytes} to {@code target} atomically, replacing it if it exists. */
  public static void writeBytes(Path target, byte[] bytes) throws IOException {
    Objects.requireNonNull(bytes, "bytes");
    write(target, out -> out.write(bytes));
  }

  /** Copies the file {@code source} to {@code target} atomically, replacing it if it exists. */
  public static void copy(Path source, Path target) throws IOException {
    Objects.requireNonNull(source, "source");
    write(
        target,
        out -> {
          try (InputStream in = Files.newInputStream(source)) {
            in.transferTo(out);
          }
        });
  }

  /**
   * Writes {@code target} atomically from {@code content}. When {@code content} throws, the
   * temporary file is deleted, {@code target} is left as it was and the exception propagates.
   */
  public static void write(Path target, Content content) throws IOException {
    Objects.requireNonNull(content, "content");
    try (PendingFile file = open(target)) {
      content.writeTo(file.stream());
      file.commit();
    }
  }

  /**
   * Opens a temporary file that becomes {@code target} on {@link PendingFile#commit()}, for writers
   * that stream (TFRecord shards): closing it without a commit deletes it.
   */
  public static PendingFile open(Path target) throws IOException {
    Path abs = Objects.requireNonNull(target, "target").toAbsolutePath();
    Path dir = abs.getParent();
    Path tmp;
    try {
      Files.createDirectories(dir);
      if (Files.isDirectory(abs)) {
        throw new OutputException("cannot write " + target + ": it is a folder", null);
      }
      tmp = newFile(dir, TEMP_PREFIX, TEMP_SUFFIX);
    } catch (IOException e) {
      throw cannotWrite(target, e, false);
    }
    try {
      return new PendingFile(target, abs, tmp);
    } catch (IOException e) {
      Files.deleteIfExists(tmp);
      throw cannotWrite(target, e, false);
    } catch (RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
  }

  /**
   * An exception for a failure to write {@code target} whose message names {@code target} as the
   * caller gave it (never a temporary file of this class) and says why in words: "cannot write
   * out/x.csv: out is not a folder", "… permission denied in folder /data", "… No space left on
   * device". The cause is kept; an exception this method made is returned unchanged.
   *
   * @param target the file or folder the caller asked for
   * @param cause what failed
   */
  public static IOException cannotWrite(Path target, IOException cause) {
    return cannotWrite(target, cause, true);
  }

  /**
   * Creates the folder {@code dir} and its missing parents, like {@link Files#createDirectories},
   * but a failure names {@code dir} and the reason ({@link #cannotWrite(Path, IOException)}), e.g.
   * a parent that is a file.
   *
   * @return {@code dir}
   */
  public static Path createDirectories(Path dir) throws IOException {
    try {
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw cannotWrite(dir, e, true);
    }
  }

  /**
   * {@code message} with the temporary folder {@code tmp} (from {@link #newTempDirectory}) named as
   * the {@code target} it becomes, for messages of code that wrote inside it (TensorFlow's, a
   * nested {@link #write}): the user never sees a temporary name.
   */
  public static String namingTarget(String message, Path tmp, Path target) {
    if (message == null) {
      return "failed";
    }
    return message
        .replace(tmp.toAbsolutePath().toString(), target.toString())
        .replace(tmp.toString(), target.toString());
  }

  /**
   * {@code e}, or when its message names the temporary folder {@code tmp} (a file written inside it
   * failed), a copy whose message names {@code target} instead (see {@link #namingTarget(String,
   * Path, Path)}); the cause is {@code e}.
   */
  public static IOException namingTarget(IOException e, Path tmp, Path target) {
    String message = e.getMessage();
    if (message == null
        || !(message.contains(tmp.toString())
            || message.contains(tmp.toAbsolutePath().toString()))) {
      return e;
    }
    return new OutputException(namingTarget(message, tmp, target), e);
  }

  private static IOException cannotWrite(Path target, IOException cause, boolean folder) {
    if (cause instanceof OutputException) {
      return cause;
    }
    return new OutputException(
        "cannot write " + target + ": " + reason(target, cause, folder), cause);
  }

  /** Why writing {@code target} (a folder when {@code folder}) failed, in the user's terms. */
  private static String reason(Path target, IOException e, boolean folder) {
    Path inTheWay = fileInTheWay(folder ? target : target.getParent());
    if (inTheWay != null) {
      return inTheWay + " is not a folder";
    }
    if (!folder && Files.isDirectory(target)) {
      return "it is a folder";
    }
    Path parent = target.toAbsolutePath().getParent();
    if (e instanceof AccessDeniedException denied) {
      Path file = denied.getFile() == null ? null : Path.of(denied.getFile());
      return file == null || isTemporary(file) || file.equals(parent)
          ? "permission denied in folder " + parent
          : "permission denied on " + file;
    }
    if (e instanceof FileSystemException fse) {
      String file = fse.getFile();
      String shown = file == null || isTemporary(Path.of(file)) ? target.toString() : file;
      if (fse.getReason() != null) {
        return fse.getReason() + (shown.equals(target.toString()) ? "" : " (" + shown + ")");
      }
      if (e instanceof NoSuchFileException) {
        return "no such file or folder " + shown;
      }
      return e.getClass().getSimpleName() + " " + shown;
    }
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }

  /**
   * The nearest existing path at or above {@code dir} when it is not a folder (a file where a
   * folder is needed), else null; named as given, so a relative path stays relative.
   */
  private static Path fileInTheWay(Path dir) {
    for (Path p = dir; p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        return Files.isDirectory(p) ? null : p;
      }
    }
    return null;
  }

  /** An {@link IOException} whose message already names the output and the reason. */
  private static final class OutputException extends IOException {
    private static final long serialVersionUID = 1L;

    OutputException(String message, IOException cause) {
      super(message, cause);
    }
  }

  /**
   * A temporary file being written that becomes its target on {@link #commit()}. Not thread-safe.
   */
  public static final class PendingFile implements AutoCloseable {
    private final Path given;
    private final Path target;
    private final Path tmp;
    private final FileChannel channel;
    private final OutputStream stream;
    private boolean done;

    private PendingFile(Path given, Path target, Path tmp) throws IOException {
      this.given = given;
      this.target = target;
      this.tmp = tmp;
      this.channel = FileChannel.open(tmp, StandardOpenOption.WRITE);
      // Closing the stream must not close the channel: commit() still has to fsync it.
      // A failed write (a full disk) names the target, not the temporary file.
      this.stream =
          new FilterOutputStream(Channels.newOutputStream(channel)) {
            @Override
            public void write(int b) throws IOException {
              try {
                out.write(b);
              } catch (IOException e) {
                throw cannotWrite(e);
              }
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
              try {
                out.write(b, off, len);
              } catch (IOException e) {
                throw cannotWrite(e);
              }
            }

            @Override
            public void close() throws IOException {
              flush();
            }
          };
    }

    /**
     * {@code cause} as a failure to write this file's target ({@link AtomicFiles#cannotWrite(Path,
     * IOException)}), for writers that write through {@link #channel()} or {@link #temporaryFile()}
     * themselves.
     */
    public IOException cannotWrite(IOException cause) {
      return AtomicFiles.cannotWrite(given, cause, false);
    }

    /** The file this becomes on commit. */
    public Path target() {
      return target;
    }

    /**
     * The temporary file itself, for writers that open a second channel on it with other options
     * (such as {@code O_DIRECT}); {@link #commit()} still syncs and renames it.
     */
    public Path temporaryFile() {
      return tmp;
    }

    /**
     * The temporary file's channel, for writers that need a channel rather than a stream (e.g. to
     * truncate); do not close it.
     */
    public FileChannel channel() {
      return channel;
    }

    /** The stream to write the content to (unbuffered; closing it is allowed and harmless). */
    public OutputStream stream() {
      return stream;
    }

    /**
     * Flushes the content to disk without renaming it yet: the slow step of {@link #commit()}, and
     * the one that fails on a full or failing disk, so that several files can be synced first and
     * then renamed together.
     */
    public void sync() throws IOException {
      if (done) {
        throw new IllegalStateException("the file for " + target + " is already closed");
      }
      try {
        stream.flush();
        channel.force(true);
      } catch (IOException e) {
        throw cannotWrite(e);
      }
    }

    /** Flushes the content to disk and renames it over the target; afterwards this is closed. */
    public Path commit() throws IOException {
      if (done) {
        throw new IllegalStateException("the file for " + target + " is already closed");
      }
      done = true;
      boolean ok = false;
      try {
        stream.flush();
        channel.force(true);
        channel.close();
        keepPermissionsOf(target, tmp);
        rename(tmp, target);
        fsyncDirectory(target.getParent());
        ok = true;
        return target;
      } catch (IOException e) {
        throw cannotWrite(e);
      } finally {
        if (!ok) {
          channel.close();
          Files.deleteIfExists(tmp);
        }
      }
    }

    /** Deletes the temporary file unless {@link #commit()} succeeded. */
    @Override
    public void close() throws IOException {
      if (done) {
        return;
      }
      done = true;
      try {
        channel.close();
      } finally {
        Files.deleteIfExists(tmp);
      }
    }
  }

  /**
   * Flushes the finished file {@code tmp} to disk and renames it over {@code target}, then flushes
   * the folder. Both must be in the same folder or file system.
   */
  public static void move(Path tmp, Path target) throws IOException {
    try {
      fsync(tmp);
      rename(tmp, target);
    } catch (IOException e) {
      throw cannotWrite(target, e, false);
    }
    fsyncDirectory(target.toAbsolutePath().getParent());
  }

  /**
   * A new, empty temporary folder beside {@code target} (same file system), named like every
   * temporary of this class; fill it, then {@link #commitDirectory(Path, Path)} it.
   */
  public static Path newTempDirectory(Path target) throws IOException {
    return newTempDirectory(target, "");
  }

  /**
   * Like {@link #newTempDirectory(Path)}, with {@code tag} in the name so that {@link
   * #deleteStaleTemporaries(Path, String)} can sweep just these leftovers.
   */
  public static Path newTempDirectory(Path target, String tag) throws IOException {
    Path parent = Objects.requireNonNull(target, "target").toAbsolutePath().getParent();
    String prefix = TEMP_PREFIX + tag(tag);
    try {
      Files.createDirectories(parent);
      return newDirectory(parent, prefix, "");
    } catch (IOException e) {
      throw cannotWrite(target, e, true);
    }
  }

  /**
   * A new, empty file {@code dir/prefix<random>suffix} with the permissions any new file gets (0666
   * less the process umask, as a shell or ImageIO would create it; {@code Files.createTempFile}
   * makes owner-only files, which renamed into place would hide every output from other users, e.g.
   * a TF Serving account).
   */
  public static Path newFile(Path dir, String prefix, String suffix) throws IOException {
    return newUnique(dir, prefix, suffix, p -> Files.createFile(p));
  }

  /** Like {@link #newFile}, a new folder (0777 less the umask). */
  private static Path newDirectory(Path dir, String prefix, String suffix) throws IOException {
    return newUnique(dir, prefix, suffix, p -> Files.createDirectory(p));
  }

  /** Creates {@code dir/prefix<random>suffix} with {@code create}, retrying a name taken. */
  private static Path newUnique(Path dir, String prefix, String suffix, Creator create)
      throws IOException {
    for (int attempt = 0; ; attempt++) {
      try {
        return create.create(dir.resolve(prefix + randomPart() + suffix));
      } catch (java.nio.file.FileAlreadyExistsException e) {
        if (attempt == 100) {
          throw e;
        }
      }
    }
  }

  private interface Creator {
    Path create(Path path) throws IOException;
  }

  private static String randomPart() {
    return Long.toUnsignedString(java.util.concurrent.ThreadLocalRandom.current().nextLong(), 36);
  }

  /** A file that replaces {@code target} keeps the target's permissions (POSIX file systems). */
  private static void keepPermissionsOf(Path target, Path replacement) throws IOException {
    try {
      if (Files.isRegularFile(target)) {
        Files.setPosixFilePermissions(replacement, Files.getPosixFilePermissions(target));
      }
    } catch (UnsupportedOperationException | java.nio.file.NoSuchFileException e) {
      // not a POSIX file system, or the target went away: the new file's own permissions stay
    }
  }

  private static String tag(String tag) {
    Objects.requireNonNull(tag, "tag");
    if (tag.contains("/") || tag.contains("\\") || tag.contains("*")) {
      throw new IllegalArgumentException("tag must be a plain name part, got '" + tag + "'");
    }
    return tag.isEmpty() ? "" : tag + "-";
  }

  /**
   * Makes the finished folder {@code tmp} (from {@link #newTempDirectory}) the folder {@code
   * target}: flushes every file and folder below it to disk, renames it, flushes the parent. An
   * existing {@code target} is first renamed aside and deleted after the swap, so a crash leaves
   * {@code target} complete (old or new) or absent, never partial.
   */
  public static void commitDirectory(Path tmp, Path target) throws IOException {
    try {
      swapDirectory(tmp, target);
    } catch (IOException e) {
      throw cannotWrite(target, e, true);
    }
  }

  private static void swapDirectory(Path tmp, Path target) throws IOException {
    Path out = target.toAbsolutePath();
    fsyncTree(tmp);
    Path old = null;
    if (Files.exists(out, LinkOption.NOFOLLOW_LINKS)) {
      // named like tmp, so a sweep for tmp's leftovers also finds it
      old = tmp.resolveSibling(tmp.getFileName() + "-old");
      deleteTree(old);
      rename(out, old);
    }
    try {
      rename(tmp, out);
    } catch (IOException e) {
      if (old != null) {
        rename(old, out); // put the previous version back
      }
      throw e;
    }
    fsyncDirectory(out.getParent());
    if (old != null) {
      deleteTree(old);
    }
  }

  /** Deletes {@code root} and everything below it; nothing when it does not exist. */
  public static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }

  /**
   * Deletes the temporary files and folders this class left in {@code dir} (not below it) when a
   * process was killed mid-write. Call it only where no other writer can be busy in {@code dir}.
   *
   * @return how many were deleted
   */
  public static int deleteStaleTemporaries(Path dir) throws IOException {
    return deleteStaleTemporaries(dir, "");
  }

  /**
   * Deletes the temporary folders that {@link #newTempDirectory(Path, String)} made with {@code
   * tag} in {@code dir}, and what their commit left; other writers' temporaries are kept.
   *
   * @return how many were deleted
   */
  public static int deleteStaleTemporaries(Path dir, String tag) throws IOException {
    if (!Files.isDirectory(dir)) {
      return 0;
    }
    List<Path> stale = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, TEMP_PREFIX + tag(tag) + "*")) {
      ds.forEach(stale::add);
    }
    for (Path p : stale) {
      deleteTree(p);
    }
    return stale.size();
  }

  /** Whether {@code file}'s name is one of this class's temporary names. */
  public static boolean isTemporary(Path file) {
    Path name = file.getFileName();
    return name != null && name.toString().startsWith(TEMP_PREFIX);
  }

  /** Flushes the regular file {@code file} to disk. */
  public static void fsync(Path file) throws IOException {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
      ch.force(true);
    }
  }

  /**
   * Flushes the folder {@code dir} (its entries: renames, creations) to disk. Platforms that cannot
   * open a folder for this (Windows) are skipped: there the rename itself is durable enough.
   */
  public static void fsyncDirectory(Path dir) {
    try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
      ch.force(true);
    } catch (IOException e) {
      // not supported on this platform / file system
    }
  }

  private static void fsyncTree(Path root) throws IOException {
    List<Path> dirs = new ArrayList<>();
    try (Stream<Path> s = Files.walk(root)) {
      for (Path p : s.toList()) {
        if (Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
          fsync(p);
        } else if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
          dirs.add(p);
        }
      }
    }
    for (Path d : dirs) {
      fsyncDirectory(d);
    }
  }

  private static void rename(Path from, Path to) throws IOException {
    try {
      Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(from, to, StandardCopyOption.REPLACE_EXISTING);
    }
  }
}
