package dev.detect.io.tfrecord;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.zip.CRC32C;

/**
 * One TFRecord record (length, length CRC, payload, payload CRC) built in a direct buffer around
 * image bytes read straight from their file: the image is read at {@link #HEADROOM}, and once the
 * rest of the Example is known its bytes and the framing are put in front of it. So image bytes are
 * copied only twice, from the file into the buffer and from the buffer into the output; hashing and
 * CRC read them in place.
 *
 * <p>Buffers come from a {@link Pool} and go back to it with {@link #release()}.
 */
final class FramedRecord {
  /** Room before the image for the framing header and the Example's other fields. */
  static final int HEADROOM = 64 * 1024;

  private static final int HEADER = 12;
  private static final int FOOTER = 4;

  private final Pool pool;
  private final ByteBuffer buffer;
  private final int start;
  private final int end;
  private final int payload;

  private FramedRecord(Pool pool, ByteBuffer buffer, int start, int end, int payload) {
    this.pool = pool;
    this.buffer = buffer;
    this.start = start;
    this.end = end;
    this.payload = payload;
  }

  /**
   * Frames the record whose payload is {@code prefix} followed by the {@code imageLength} bytes at
   * {@link #HEADROOM} of {@code image} (a buffer from {@code pool}, which the record then owns).
   */
  static FramedRecord frame(Pool pool, ByteBuffer image, byte[] prefix, int imageLength) {
    ByteBuffer b = image;
    int imageAt = HEADROOM;
    if (prefix.length + HEADER > HEADROOM) {
      // An Example with thousands of objects: move the image to a buffer with room for them.
      imageAt = prefix.length + HEADER;
      b = allocate((long) imageAt + imageLength + FOOTER);
      b.put(imageAt, image, HEADROOM, imageLength);
      pool.give(image);
    }
    b.clear(); // absolute indexes from here on; the image's limit must not stop the footer
    int start = imageAt - prefix.length - HEADER;
    int payload = prefix.length + imageLength;
    b.putLong(start, payload);
    CRC32C crc = new CRC32C();
    crc.update(b.slice(start, 8));
    b.putInt(start + 8, Crc32c.mask((int) crc.getValue()));
    b.put(start + HEADER, prefix);
    crc.reset();
    crc.update(b.slice(start + HEADER, payload));
    b.putInt(imageAt + imageLength, Crc32c.mask((int) crc.getValue()));
    return new FramedRecord(
        b == image ? pool : null, b, start, imageAt + imageLength + FOOTER, payload);
  }

  /** The payload length (the Example's serialized size). */
  int payloadLength() {
    return payload;
  }

  /** The framed length: payload plus 16 bytes of framing. */
  int length() {
    return end - start;
  }

  /** A fresh view of the framed bytes (position 0, limit {@link #length()}). */
  ByteBuffer bytes() {
    return buffer.slice(start, end - start);
  }

  /** Gives the buffer back to its pool; the record must not be used afterwards. */
  void release() {
    if (pool != null) {
      pool.give(buffer);
    }
  }

  static ByteBuffer allocate(long capacity) {
    if (capacity > Integer.MAX_VALUE) {
      throw new IllegalArgumentException("record of " + capacity + " bytes is above 2 GiB");
    }
    return ByteBuffer.allocateDirect((int) capacity).order(ByteOrder.LITTLE_ENDIAN);
  }

  /**
   * Direct buffers shared by the threads of one write. Holds as many buffers as were in use at once
   * (the writer bounds that), each as large as the largest image it held.
   */
  static final class Pool {
    private static final int MIN_CAPACITY = 1 << 20;
    private final Queue<ByteBuffer> free = new ConcurrentLinkedQueue<>();

    /**
     * A buffer with room for an image of at least {@code imageLength} bytes at {@link #HEADROOM}
     * and the 4-byte CRC after it; position 0, limit its capacity.
     */
    ByteBuffer take(long imageLength) {
      long needed = HEADROOM + imageLength + FOOTER;
      ByteBuffer b = free.poll();
      if (b == null || b.capacity() < needed) {
        long capacity = Math.max(MIN_CAPACITY, Long.highestOneBit(needed - 1) << 1);
        b = allocate(capacity <= Integer.MAX_VALUE - 8 ? capacity : needed);
      }
      return b.clear();
    }

    /** Takes back a buffer from {@link #take}. */
    void give(ByteBuffer buffer) {
      free.add(buffer);
    }
  }
}
