package dev.detect.train.tensorboard;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Reads event files the way TensorBoard does while they grow: every complete record, both CRCs
 * checked; a record the file ends inside (still being written, or torn by a crash) ends the read
 * without an error, and a later read picks it up once it is complete. A CRC mismatch is an error.
 * An independent implementation of the framing, so tests do not check the writer with itself.
 */
public final class EventRecords {
  private EventRecords() {}

  /** The complete records of {@code file} as it is now; a torn last record is left out. */
  public static List<byte[]> complete(Path file) throws IOException {
    return complete(ByteBuffer.wrap(Files.readAllBytes(file)), file.toString());
  }

  /**
   * The complete records that were appended to {@code channel} since the last call, read through
   * that same open handle (as a tailing reader holds the file it opened); the channel's position is
   * left after the last complete record, so a record still being written is read next time.
   */
  public static List<byte[]> next(FileChannel channel) throws IOException {
    long start = channel.position();
    ByteBuffer b = ByteBuffer.allocate(Math.toIntExact(Math.max(0, channel.size() - start)));
    while (b.hasRemaining() && channel.read(b) >= 0) {
      // read to the size seen above
    }
    b.flip();
    List<byte[]> records = complete(b, "channel");
    channel.position(start + b.position());
    return records;
  }

  /**
   * The complete records from {@code b}'s position; leaves the position after the last complete
   * one.
   */
  static List<byte[]> complete(ByteBuffer b, String name) throws IOException {
    b.order(ByteOrder.LITTLE_ENDIAN);
    List<byte[]> out = new ArrayList<>();
    while (b.remaining() >= 12) {
      int at = b.position();
      long length = b.getLong(at);
      if (b.getInt(at + 8) != masked(b, at, 8)) {
        throw new IOException(name + ": length CRC mismatch at byte " + at);
      }
      if (length < 0 || length > b.remaining() - 16) {
        break; // torn or still being written
      }
      int n = (int) length;
      if (b.getInt(at + 12 + n) != masked(b, at + 12, n)) {
        throw new IOException(name + ": data CRC mismatch at byte " + at);
      }
      byte[] payload = new byte[n];
      b.get(at + 12, payload);
      out.add(payload);
      b.position(at + 16 + n);
    }
    return out;
  }

  private static int masked(ByteBuffer b, int off, int len) {
    CRC32C crc = new CRC32C();
    crc.update(b.slice(off, len));
    int c = (int) crc.getValue();
    return ((c >>> 15) | (c << 17)) + 0xa282ead8;
  }
}
