package dev.detect.train.checkpoint;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.CRC32C;
import java.util.zip.DataFormatException;

/**
 * Reads the key/value entries of an immutable LevelDB-style table, the format of TensorFlow's
 * {@code tensorflow/core/lib/io/table} that checkpoint {@code .index} files use (<a
 * href="https://github.com/google/leveldb/blob/main/doc/table_format.md">table_format.md</a>).
 *
 * <p>A 48-byte footer at the end holds the block handles (varint offset and size) of the metaindex
 * and index blocks and a magic number; the index block's values are the handles of the data blocks.
 * Every block is followed by a 5-byte trailer: a compression type (0 none, 1 Snappy) and the masked
 * CRC32C of the stored block contents and the type byte. Blocks hold prefix-compressed keys
 * followed by restart offsets (fixed32 each) and their count (fixed32).
 */
final class TableFile {
  /** TensorFlow's table magic, {@code kTableMagicNumber}. */
  static final long MAGIC = 0xdb4775248b80fb57L;

  static final int FOOTER_LENGTH = 48;
  private static final int TRAILER_LENGTH = 5;
  private static final int MASK_DELTA = 0xa282ead8;

  private final Path file;
  private final byte[] b;

  /** Receives one entry; may throw a {@link DatasetFormatException} for a bad value. */
  interface EntryVisitor {
    void visit(String key, byte[] value) throws IOException;
  }

  private TableFile(Path file, byte[] b) {
    this.file = file;
    this.b = b;
  }

  /**
   * Visits every entry of every data block of the table {@code bytes} (read from {@code file}), in
   * key order.
   *
   * @throws DatasetFormatException when the footer, a block handle, a block's checksum, its
   *     compression or its entries are malformed; the message names the block's byte offset
   */
  static void forEachEntry(Path file, byte[] bytes, EntryVisitor visitor) throws IOException {
    TableFile t = new TableFile(file, bytes);
    int footer = bytes.length - FOOTER_LENGTH;
    if (footer < 0) {
      throw new DatasetFormatException(file, "not a TensorFlow table (too short)");
    }
    int[] pos = {footer};
    t.handle(t.b, pos, -1); // metaindex: TensorFlow writes it empty
    long[] index = t.handle(t.b, pos, -1);
    t.readBlock(
        index[0],
        index[1],
        (key, value) -> {
          int[] p = {0};
          long[] data = t.handle(value, p, index[0]);
          t.readBlock(data[0], data[1], visitor);
        });
  }

  /**
   * Decodes a block handle (offset, size) from {@code src} at {@code pos}; {@code where} is the
   * offset of the block holding it, -1 for the footer.
   */
  private long[] handle(byte[] src, int[] pos, long where) throws DatasetFormatException {
    long offset = varint(src, pos, src.length, where);
    long size = varint(src, pos, src.length, where);
    if (offset < 0 || size < 0 || offset + size + TRAILER_LENGTH > b.length - FOOTER_LENGTH) {
      throw corrupt(
          where, "block handle (offset " + offset + ", size " + size + ") lies outside the file");
    }
    return new long[] {offset, size};
  }

  /** Checks the trailer of the block at {@code offset}, decompresses it and visits its entries. */
  private void readBlock(long offset, long size, EntryVisitor visitor) throws IOException {
    int off = (int) offset;
    int n = (int) size;
    int type = b[off + n] & 0xFF;
    int stored = ByteBuffer.wrap(b, off + n + 1, 4).order(ByteOrder.LITTLE_ENDIAN).getInt();
    CRC32C crc = new CRC32C();
    crc.update(b, off, n + 1);
    int actual = (int) crc.getValue();
    if (unmask(stored) != actual) {
      throw corrupt(
          offset,
          String.format(
              "checksum mismatch (stored crc32c %08x, computed %08x): the file is damaged;"
                  + " copy it again",
              unmask(stored), actual));
    }
    byte[] contents;
    if (type == 0) {
      contents = Arrays.copyOfRange(b, off, off + n);
    } else if (type == 1) {
      try {
        contents = SnappyBlock.decompress(b, off, n);
      } catch (DataFormatException e) {
        throw new DatasetFormatException(
            file,
            "corrupt checkpoint index: block at byte "
                + offset
                + ": bad Snappy data: "
                + e.getMessage(),
            e);
      }
    } else {
      throw corrupt(
          offset,
          "unknown compression type "
              + type
              + " (supported: 0 none, 1 Snappy); was the file written by TensorFlow?");
    }
    entries(offset, contents, visitor);
  }

  /** Walks the prefix-compressed entries of one decompressed block. */
  private void entries(long offset, byte[] c, EntryVisitor visitor) throws IOException {
    if (c.length < 4) {
      throw corrupt(offset, "block of " + c.length + " bytes has no restart count");
    }
    ByteBuffer bb = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
    long restarts = Integer.toUnsignedLong(bb.getInt(c.length - 4));
    long end = c.length - 4 - 4 * restarts;
    if (end < 0) {
      throw corrupt(offset, restarts + " restarts do not fit in a block of " + c.length + " bytes");
    }
    int[] pos = {0};
    byte[] key = new byte[0];
    while (pos[0] < end) {
      long shared = varint(c, pos, (int) end, offset);
      long nonShared = varint(c, pos, (int) end, offset);
      long valueLength = varint(c, pos, (int) end, offset);
      if (shared > key.length || nonShared + valueLength > end - pos[0]) {
        throw corrupt(offset, "entry at block byte " + pos[0] + " overruns the block");
      }
      byte[] k = Arrays.copyOf(key, (int) (shared + nonShared));
      System.arraycopy(c, pos[0], k, (int) shared, (int) nonShared);
      pos[0] += (int) nonShared;
      byte[] value = Arrays.copyOfRange(c, pos[0], pos[0] + (int) valueLength);
      pos[0] += (int) valueLength;
      key = k;
      visitor.visit(new String(k, StandardCharsets.UTF_8), value);
    }
  }

  private long varint(byte[] src, int[] pos, int end, long where) throws DatasetFormatException {
    long result = 0;
    for (int shift = 0; shift < 64 && pos[0] < end; shift += 7) {
      byte x = src[pos[0]++];
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw corrupt(where, "truncated or overlong varint");
  }

  /** LevelDB stores {@code rotateRight(crc, 15) + 0xa282ead8} so that CRCs of CRCs differ. */
  static int unmask(int masked) {
    int rot = masked - MASK_DELTA;
    return (rot >>> 17) | (rot << 15);
  }

  /** The inverse of {@link #unmask}. */
  static int mask(int crc) {
    return ((crc >>> 15) | (crc << 17)) + MASK_DELTA;
  }

  private DatasetFormatException corrupt(long blockOffset, String reason) {
    String where =
        blockOffset < 0
            ? "footer at byte " + (b.length - FOOTER_LENGTH)
            : "block at byte " + blockOffset;
    return new DatasetFormatException(file, "corrupt checkpoint index: " + where + ": " + reason);
  }
}
