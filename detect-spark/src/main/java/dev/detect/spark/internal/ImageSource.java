package dev.detect.spark.internal;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.tfrecord.TfRecordEncoder;
import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * Reads annotated images through Hadoop's {@link FileSystem} (file:, hdfs:, s3a: …) and encodes
 * them with detect-io's {@link TfRecordEncoder}, with the same checks as on one machine: a name
 * that leads outside the image root is an invalid image unless allowed.
 */
public final class ImageSource {
  private final Path root;
  private final boolean allowOutsideRoot;
  private final Configuration conf;

  /** Images under {@code rootUri}. */
  public ImageSource(String rootUri, boolean allowOutsideRoot, Configuration conf) {
    this.root = new Path(rootUri);
    this.allowOutsideRoot = allowOutsideRoot;
    this.conf = conf;
  }

  /**
   * The file {@code name} denotes under the root, or empty (with the reason in {@code why}) when it
   * leads outside it and that is not allowed.
   */
  Optional<Path> resolve(String name, StringBuilder why) {
    boolean absolute = name.startsWith("/") || name.matches("^[A-Za-z][A-Za-z0-9+.-]*:.*");
    if (allowOutsideRoot) {
      return Optional.of(absolute ? new Path(name) : new Path(root, name));
    }
    if (absolute || escapes(name)) {
      why.append("image path '")
          .append(name)
          .append("' leads outside the image folder ")
          .append(root)
          .append("; use a name relative to the folder without '..' or an absolute path, or allow")
          .append(" paths outside the root explicitly");
      return Optional.empty();
    }
    return Optional.of(new Path(root, name));
  }

  private static boolean escapes(String name) {
    Deque<String> parts = new ArrayDeque<>();
    for (String s : name.replace('\\', '/').split("/", -1)) {
      if (s.equals("..")) {
        if (parts.isEmpty()) {
          return true;
        }
        parts.removeLast();
      } else if (!s.isEmpty() && !s.equals(".")) {
        parts.addLast(s);
      }
    }
    return parts.isEmpty();
  }

  /**
   * Reads and encodes one image; a missing, unreadable or refused file goes through the encoder's
   * invalid-images policy.
   *
   * @throws DatasetFormatException under a {@code FAIL} policy, naming the file
   */
  public TfRecordEncoder.Outcome encode(TfRecordEncoder encoder, ImageAnnotation image)
      throws DatasetFormatException {
    StringBuilder why = new StringBuilder();
    Optional<Path> file = resolve(image.fileName(), why);
    if (file.isEmpty()) {
      return encoder.invalid(image, root + "/" + image.fileName(), why.toString());
    }
    Path f = file.get();
    byte[] bytes;
    try {
      bytes = read(f);
    } catch (FileNotFoundException e) {
      return encoder.notFound(image, f.toString());
    } catch (IOException e) {
      return encoder.unreadable(image, f.toString(), e);
    }
    return encoder.encode(image, f.toString(), bytes);
  }

  private byte[] read(Path file) throws IOException {
    FileSystem fs = file.getFileSystem(conf);
    FileStatus status = fs.getFileStatus(file);
    if (status.isDirectory()) {
      throw new IOException(file + " is a folder");
    }
    if (status.getLen() > Integer.MAX_VALUE - 1024 * 1024) {
      throw new IOException("image of " + status.getLen() + " bytes is too large (2 GiB)");
    }
    try (InputStream in = fs.open(file)) {
      return in.readAllBytes();
    }
  }
}
