package dev.detect.train.tensorboard;

import dev.detect.io.tfrecord.TfRecordFileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Map;
import org.tensorflow.proto.Event;
import org.tensorflow.proto.Summary;

/**
 * Writes TensorBoard event files ({@code events.out.tfevents.<time>.<host>}): a TFRecord file of
 * {@code tensorflow.Event} protos, starting with the {@code brain.Event:2} version record, then
 * scalar summaries. Each event is flushed as it is written, so TensorBoard sees it while training
 * runs; a crash loses at most the record being written, which TensorBoard skips. Not thread-safe.
 */
public final class EventFileWriter implements AutoCloseable {
  private final Path file;
  private final OutputStream out;

  private EventFileWriter(Path file) throws IOException {
    this.file = file;
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    write(Event.newBuilder().setWallTime(now()).setFileVersion("brain.Event:2").build());
  }

  /** Creates a new event file in {@code dir} (created if needed). */
  public static EventFileWriter create(Path dir) throws IOException {
    Files.createDirectories(dir);
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "localhost";
    }
    long seconds = System.currentTimeMillis() / 1000;
    Path file = dir.resolve(String.format(Locale.ROOT, "events.out.tfevents.%d.%s", seconds, host));
    for (int i = 1; Files.exists(file); i++) {
      file =
          dir.resolve(String.format(Locale.ROOT, "events.out.tfevents.%d.%s.%d", seconds, host, i));
    }
    return new EventFileWriter(file);
  }

  /** The event file. */
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
      write(Event.newBuilder().setWallTime(now()).setStep(step).setSummary(summary).build());
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write TensorBoard event to " + file, e);
    }
  }

  private void write(Event event) throws IOException {
    out.write(TfRecordFileWriter.frame(event.toByteArray()));
    out.flush();
  }

  private static double now() {
    return System.currentTimeMillis() / 1000.0;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
