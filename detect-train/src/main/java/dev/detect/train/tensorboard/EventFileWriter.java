package dev.detect.train.tensorboard;

import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
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
 * <p>An append-only log, as TensorFlow's own {@code EventsWriter} writes it, not an atomically
 * replaced file like detect's other outputs ({@link AtomicFiles}): a live TensorBoard opens an
 * event file once and keeps reading what is appended to that same file, so replacing it by a rename
 * would hide every later event from it. The file is created exclusively, the version record goes
 * first, and each event is appended as one complete framed record (length, masked CRC of the
 * length, data, masked CRC of the data) in a single write to the OS, so TensorBoard sees it at
 * once; the file is then flushed to disk ({@code fsync}), so when {@link #scalars} returns the
 * event is on disk (the folder is flushed too when a file is created).
 *
 * <p>Crash behaviour: each record is on disk before the next is written, so a kill or a power loss
 * in the middle of an append can damage only the last record of the file: cut short (the file ends
 * inside it) or, after a power loss on some file systems, with bytes that fail its CRC. It is not
 * an atomic write: that event is lost, the ones before it are not. TensorBoard's loader stops at
 * such a record without an error (it takes a truncated record for one still being written and
 * retries from its start later), so it shows every event before it. A strict TFRecord reader (such
 * as {@code TfRecordFileReader}) reports it as a truncated or corrupt record. If an append fails (a
 * full disk), the next event starts a new file, so a damaged record is only ever a file's last.
 *
 * <p>When the current file passes {@link #DEFAULT_ROLL_BYTES} (or the size given to {@link
 * #create(Path, int)}) the writer rolls over to a new file whose name sorts after it (TensorBoard
 * reads a folder's event files in name order). Not thread-safe.
 */
public final class EventFileWriter implements AutoCloseable {
  /** The size (bytes) past which the writer starts a new event file. */
  public static final int DEFAULT_ROLL_BYTES = 1 << 20;

  private final Path dir;
  private final String stem;
  private final int rollBytes;
  private int sequence;
  private Path file;
  private FileChannel channel;

  /** Bytes written to the current file. */
  private long size;

  /** The last append failed, so the file may end inside a record: the next event starts a file. */
  private boolean broken;

  private boolean closed;

  private EventFileWriter(Path dir, String stem, FileChannel channel, int rollBytes)
      throws IOException {
    this.dir = dir;
    this.stem = stem;
    this.rollBytes = rollBytes;
    this.file = fileName(dir, stem, 0);
    this.channel = channel;
    this.size = channel.position();
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
    AtomicFiles.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    // Seconds, then host and pid: names sort by start time, as TensorBoard expects; the pid and a
    // counter keep two writers of the same second apart (a name is taken exclusively, so two
    // writers never share one).
    long seconds = System.currentTimeMillis() / 1000;
    long pid = ProcessHandle.current().pid();
    String base = String.format(Locale.ROOT, "events.out.tfevents.%010d.%s.%d", seconds, host, pid);
    for (int i = 0; ; i++) {
      String stem = i == 0 ? base : String.format(Locale.ROOT, "%s-%d", base, i);
      FileChannel channel;
      try {
        channel = openNew(fileName(dir, stem, 0));
      } catch (FileAlreadyExistsException e) {
        continue;
      }
      try {
        return new EventFileWriter(dir, stem, channel, rollBytes);
      } catch (IOException | RuntimeException e) {
        closeQuietly(channel);
        throw e;
      }
    }
  }

  /** The event file written now (a later one after a roll-over). */
  public Path file() {
    return file;
  }

  /**
   * Writes scalars (tag → value) at {@code step} in one event, appended to the file and flushed to
   * disk before this returns.
   *
   * @throws UncheckedIOException when the event cannot be written
   * @throws IllegalStateException when the writer is closed
   */
  public void scalars(long step, Map<String, Double> values) {
    if (closed) {
      throw new IllegalStateException("event writer for " + file + " is closed");
    }
    Summary.Builder summary = Summary.newBuilder();
    values.forEach(
        (tag, v) ->
            summary.addValue(
                Summary.Value.newBuilder().setTag(tag).setSimpleValue(v.floatValue())));
    try {
      if (broken || size >= rollBytes) {
        rollOver();
      }
      size +=
          append(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TensorBoard event to " + file, e);
    }
  }

  /**
   * Ends the current file and starts the next one, whose name sorts after it. If this fails the
   * next event tries again with the next name.
   */
  private void rollOver() throws IOException {
    closeChannel();
    sequence++;
    file = fileName(dir, stem, sequence);
    channel = openNew(file);
    broken = false;
    size = channel.position();
  }

  private static Path fileName(Path dir, String stem, int sequence) {
    return dir.resolve(String.format(Locale.ROOT, "%s.%06d", stem, sequence));
  }

  /**
   * Creates {@code file}, which must not exist, holding the version record, and returns it open for
   * appending after that record. The file appears under its name only with the record on disk (a
   * temporary file, whose name TensorBoard ignores, gets a second name by a hard link, which fails
   * when the name is taken), so even a kill at this moment leaves no empty or torn event file;
   * where the file system has no hard links it is created under its name and written at once.
   *
   * @throws FileAlreadyExistsException when {@code file} exists
   */
  private static FileChannel openNew(Path file) throws IOException {
    Path dir = file.getParent();
    // no "tfevents" in the name: TensorBoard skips it; umask permissions, like any event file
    Path temp = AtomicFiles.newFile(dir, ".event-", ".tmp");
    FileChannel channel = null;
    boolean linked = false;
    try {
      channel = FileChannel.open(temp, StandardOpenOption.WRITE);
      writeVersion(channel);
      try {
        Files.createLink(file, temp);
        linked = true;
      } catch (UnsupportedOperationException | FileSystemException e) {
        if (e instanceof FileAlreadyExistsException taken) {
          throw taken;
        }
        closeQuietly(channel); // no hard links here: create it under its name
        channel = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        writeVersion(channel);
      }
      Files.delete(temp);
      AtomicFiles.fsyncDirectory(dir);
      return channel;
    } catch (IOException | RuntimeException e) {
      if (channel != null) {
        closeQuietly(channel);
      }
      Files.deleteIfExists(temp);
      if (linked) {
        Files.deleteIfExists(file);
      }
      throw e;
    }
  }

  /** Writes the {@code brain.Event:2} record and flushes it to disk. */
  private static void writeVersion(FileChannel channel) throws IOException {
    ByteBuffer record = ByteBuffer.wrap(TfRecordFileWriter.frame(version().toByteArray()));
    while (record.hasRemaining()) {
      channel.write(record);
    }
    channel.force(false);
  }

  private static Event version() {
    return Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build();
  }

  /**
   * Appends one framed record with a single write (a regular file takes it whole; the loop only
   * goes on after a short write), then flushes the file to disk; returns the bytes written.
   */
  private long append(Event event) throws IOException {
    ByteBuffer record = ByteBuffer.wrap(TfRecordFileWriter.frame(event.toByteArray()));
    try {
      while (record.hasRemaining()) {
        channel.write(record);
      }
      channel.force(false);
    } catch (IOException | RuntimeException e) {
      // The file may now end inside this record: later events go to a new file, so a torn record
      // is only ever the last one of a file.
      broken = true;
      throw e;
    }
    return record.capacity();
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  /** Flushes the current file to disk and closes it (only closes it after a failed append). */
  private void closeChannel() throws IOException {
    FileChannel c = channel;
    channel = null;
    if (c == null) {
      return;
    }
    if (broken) {
      closeQuietly(c);
      return;
    }
    try (c) {
      c.force(false);
    }
  }

  private static void closeQuietly(FileChannel c) {
    try {
      c.close();
    } catch (IOException e) {
      // already failed; the caller reports the first error
    }
  }

  /**
   * Ends writing and closes the file; every event written is already on disk. Calling it again does
   * nothing.
   *
   * @throws UncheckedIOException when the file cannot be flushed or closed
   */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      closeChannel();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot close TensorBoard event file " + file, e);
    }
  }
}
