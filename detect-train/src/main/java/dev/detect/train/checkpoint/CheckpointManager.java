package dev.detect.train.checkpoint;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.textproto.TextProtoDocument;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.stream.Stream;
import org.tensorflow.Session;

/**
 * Checkpoints in a model folder, as TensorFlow lays them out: {@code ckpt-<step>.index} and {@code
 * ckpt-<step>.data-00000-of-00001}, and a {@code checkpoint} state file naming the latest and the
 * kept ones (readable by TensorFlow's {@code tf.train.latest_checkpoint}).
 *
 * <p>Saving is crash-safe: the session writes into a temporary folder, the files are flushed to
 * disk and renamed into place (data first, index last), and only then is the state file replaced
 * atomically; so {@code latest} never names a checkpoint that is incomplete, even after a kill or a
 * power loss. The newest {@code keep} checkpoints are kept.
 */
public final class CheckpointManager {
  /** The state file name. */
  public static final String STATE_FILE = "checkpoint";

  private final Path dir;
  private final int keep;

  /** A checkpoint: its path prefix ({@code dir/ckpt-100}) and step. */
  public record Checkpoint(Path prefix, long step) {}

  /**
   * A manager for {@code dir}.
   *
   * @param keep how many of the newest checkpoints to keep, at least 1
   */
  public CheckpointManager(Path dir, int keep) {
    this.dir = Objects.requireNonNull(dir, "dir");
    if (keep < 1) {
      throw new IllegalArgumentException("keep must be >= 1, got " + keep);
    }
    this.keep = keep;
  }

  /** The folder. */
  public Path directory() {
    return dir;
  }

  /**
   * Deletes what a killed save left behind: temporary folders and files in the folder and in its
   * {@code best/} folder. Call it only while no other process saves into this folder (the trainer
   * does, once, before it starts).
   *
   * @return how many leftovers were deleted
   */
  public int deleteLeftovers() throws IOException {
    return AtomicFiles.deleteStaleTemporaries(dir)
        + AtomicFiles.deleteStaleTemporaries(dir.resolve("best"));
  }

  /** The checkpoints named by the state file, oldest first (empty when there is none). */
  public List<Checkpoint> all() throws IOException {
    Path state = dir.resolve(STATE_FILE);
    if (!Files.exists(state)) {
      return List.of();
    }
    TextProtoDocument doc;
    try {
      doc = TextProtoDocument.read(state);
    } catch (DatasetFormatException e) {
      throw new DatasetFormatException(state, "corrupt checkpoint state file: " + e.reason(), e);
    }
    List<Checkpoint> out = new ArrayList<>();
    for (String p : doc.getAll("all_model_checkpoint_paths")) {
      checkpoint(p).ifPresent(out::add);
    }
    Optional<String> latest = doc.get("model_checkpoint_path");
    if (latest.isPresent()
        && out.stream()
            .noneMatch(
                c ->
                    c.prefix()
                        .getFileName()
                        .toString()
                        .equals(Path.of(latest.get()).getFileName().toString()))) {
      checkpoint(latest.get()).ifPresent(out::add);
    }
    out.sort(Comparator.comparingLong(Checkpoint::step));
    return out;
  }

  /** The latest complete checkpoint, if any. */
  public Optional<Checkpoint> latest() throws IOException {
    List<Checkpoint> all = all();
    return all.isEmpty() ? Optional.empty() : Optional.of(all.get(all.size() - 1));
  }

  private Optional<Checkpoint> checkpoint(String path) {
    Path prefix = dir.resolve(path).normalize();
    String name = prefix.getFileName().toString();
    int dash = name.lastIndexOf('-');
    long step;
    try {
      step = Long.parseLong(name.substring(dash + 1));
    } catch (NumberFormatException | IndexOutOfBoundsException e) {
      step = -1;
    }
    if (!Files.exists(prefix.resolveSibling(name + ".index"))) {
      return Optional.empty();
    }
    return Optional.of(new Checkpoint(prefix, step));
  }

  /**
   * Saves every variable of {@code session}'s graph as {@code ckpt-<step>}, makes it the latest and
   * deletes checkpoints beyond the newest {@code keep}.
   */
  public Checkpoint save(Session session, long step) throws IOException {
    AtomicFiles.createDirectories(dir);
    String name = "ckpt-" + step;
    Path tmp = AtomicFiles.newTempDirectory(dir.resolve(name));
    try {
      try {
        session.save(tmp.resolve(name).toString());
      } catch (RuntimeException e) {
        // TensorFlow's message names the temporary folder: name the checkpoint asked for
        throw AtomicFiles.cannotWrite(
            dir.resolve(name),
            new IOException(AtomicFiles.namingTarget(e.getMessage(), tmp, dir), e));
      }
      List<Path> files;
      try (Stream<Path> s = Files.list(tmp)) {
        files =
            s.filter(p -> p.getFileName().toString().startsWith(name + "."))
                .sorted(Comparator.comparing((Path p) -> p.toString().endsWith(".index")))
                .toList();
      }
      if (files.stream().noneMatch(f -> f.toString().endsWith(".index"))) {
        throw AtomicFiles.cannotWrite(
            dir.resolve(name), new IOException("TensorFlow wrote no " + name + ".index"));
      }
      for (Path f : files) {
        AtomicFiles.move(f, dir.resolve(f.getFileName()));
      }
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
    List<Checkpoint> kept = new ArrayList<>(all());
    kept.removeIf(c -> c.step() == step);
    kept.add(new Checkpoint(dir.resolve(name), step));
    List<Checkpoint> dropped = new ArrayList<>();
    while (kept.size() > keep) {
      dropped.add(kept.remove(0));
    }
    writeState(kept);
    for (Checkpoint c : dropped) {
      delete(c);
    }
    return kept.get(kept.size() - 1);
  }

  /**
   * Copies checkpoint {@code prefix} to {@code dir/best/} (replacing the previous best, atomically
   * per file, index last) so that pruning never deletes it.
   */
  public void keepBest(Path prefix) throws IOException {
    Path best = dir.resolve("best");
    AtomicFiles.createDirectories(best);
    String name = prefix.getFileName().toString();
    List<Path> files;
    try (Stream<Path> s = Files.list(prefix.getParent())) {
      files =
          s.filter(p -> p.getFileName().toString().startsWith(name + "."))
              .sorted(Comparator.comparing((Path p) -> p.toString().endsWith(".index")))
              .toList();
    }
    for (Path f : files) {
      AtomicFiles.copy(f, best.resolve(f.getFileName()));
    }
    AtomicFiles.writeString(
        best.resolve(STATE_FILE),
        "model_checkpoint_path: \"" + name + "\"\nall_model_checkpoint_paths: \"" + name + "\"\n");
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(best, "ckpt-*")) {
      for (Path p : ds) {
        if (!p.getFileName().toString().startsWith(name + ".")) {
          Files.deleteIfExists(p);
        }
      }
    }
  }

  private void writeState(List<Checkpoint> kept) throws IOException {
    StringBuilder sb = new StringBuilder();
    sb.append("model_checkpoint_path: \"")
        .append(kept.get(kept.size() - 1).prefix().getFileName())
        .append("\"\n");
    for (Checkpoint c : kept) {
      sb.append("all_model_checkpoint_paths: \"").append(c.prefix().getFileName()).append("\"\n");
    }
    AtomicFiles.writeString(dir.resolve(STATE_FILE), sb.toString());
  }

  private void delete(Checkpoint c) throws IOException {
    String name = c.prefix().getFileName().toString();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, name + ".*")) {
      for (Path p : ds) {
        Files.deleteIfExists(p);
      }
    }
  }
}
