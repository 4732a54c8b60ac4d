package dev.detect.train.tensorboard;

import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.<seconds>.<host>.<pid>.<n>}): TFRecord
 * files of {@code tensorflow.Event} protos, each starting with the {@code brain.Event:2} version
 * record, then scalar summaries.
 *
 * <p>Crash-safe: the records of the current file are kept in memory and every event rewrites the
 * whole file atomically (a temporary file, flushed to disk, renamed), so TensorBoard, which reads
 * event files while they grow, never sees a torn record, even after a kill. When the current file
 * passes {@link #DEFAULT_ROLL_BYTES} the writer rolls over to a new file whose name sorts after it
 * (TensorBoard reads a folder's event files in name order), which keeps each rewrite cheap. Not
 * thread-safe.
 */
public final class EventFileWriter implements AutoCloseable {
  /** The size (bytes) past which the writer starts a new event file. */
  public static final int DEFAULT_ROLL_BYTES = 1 << 20;

  private final Path dir;
  private final String stem;
  private final int rollBytes;
  private final ByteArrayOutputStream records = new ByteArrayOutputStream();
  private int sequence;
  private Path file;
  private boolean closed;

  private EventFileWriter(Path dir, String stem, int rollBytes) throws IOException {
    this.dir = dir;
    this.stem = stem;
    this.rollBytes = rollBytes;
    startFile();
  }

  /** Creates a new event file in {@code dir} (created if needed). */
  public static EventFileWriter create(Path dir) throws IOException {
    return create(dir, DEFAULT_ROLL_BYTES);
  }

  /**
   * Creates a new event file in {@code dir} (created if needed) that rolls over to a new file when
   * it passes {@code rollBytes}.
   */
  public static EventFileWriter create(Path dir, int rollBytes) throws IOException {
    Objects.requireNonNull(dir, "dir");
    if (rollBytes < 1) {
      throw new IllegalArgumentException("rollBytes must be >= 1, got " + rollBytes);
    }
    Files.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    // Seconds, then host and pid: names sort by start time, as TensorBoard expects; the pid and a
    // counter keep two writers of the same second apart.
    long seconds = System.currentTimeMillis() / 1000;
    long pid = ProcessHandle.current().pid();
    String base = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d", seconds, host, pid);
    String stem = base;
    for (int i = 1; Files.exists(dir.resolve(stem + ".000000")); i++) {
      stem = String.format(Locale.ROOT, "%s-%d", base, i);
    }
    return new EventFileWriter(dir, stem, rollBytes);
  }

  /** The event file written now (a later one after a roll-over). */
  public Path file() {
    return file;
  }

  /** Writes scalars (tag → value) at {@code step} in one event. */
  public void scalars(long step, Map<String, Double> values) {
    Summary.Builder summary = Summary.newBuilder();
    values.forEach(
        (tag, v) ->
            summary.addValue(
                Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
    try {
      if (records.size() >= rollBytes) {
        sequence++;
        startFile();
      }
      write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TensorBoard event to " + file, e);
    }
  }

  private void startFile() throws IOException {
    file = dir.resolve(String.format(Locale.ROOT, "%s.%06d", stem, sequence));
    records.reset();
    write(Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build());
  }

  private void write(Event event) throws IOException {
    if (closed) {
      throw new IllegalStateException("event writer for " + file + " is closed");
    }
    records.write(TfRecordFileWriter.frame(event.toByteArray()));
    AtomicFiles.write(file, records::writeTo);
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  /** Ends writing; every event is already on disk. */
  @Override
  public void close() {
    closed = true;
  }
}
