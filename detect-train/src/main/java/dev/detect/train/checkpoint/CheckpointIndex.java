package dev.detect.train.checkpoint;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.tensorflow.proto.BundleEntryProto;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.TensorShapeProto;

/**
 * The table of contents of a TensorFlow V2 checkpoint ({@code prefix.index}): every tensor's name,
 * dtype and shape, read from the index file's LevelDB-style table without loading any tensor data.
 * Used to restore by name and shape (fine-tuning) and to explain what did not match.
 */
public final class CheckpointIndex {
  private static final long MAGIC = 0xdb4775248b80fb57L;
  private final Map<String, Entry> entries;

  /** One tensor in the checkpoint. */
  public record Entry(String name, DataType dtype, long[] shape) {}

  private CheckpointIndex(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * Reads {@code prefix.index} (a prefix like {@code model_dir/ckpt-1000} or {@code model.ckpt}).
   *
   * @throws NoSuchFileException when the index is missing
   * @throws DatasetFormatException when it is not a V2 checkpoint index
   */
  public static CheckpointIndex read(Path prefix) throws IOException {
    Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
    byte[] b = Files.readAllBytes(index);
    if (b.length < 48) {
      throw new DatasetFormatException(index, "not a TensorFlow V2 checkpoint index (too short)");
    }
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    if (bb.getLong(b.length - 8) != MAGIC) {
      throw new DatasetFormatException(
          index,
          "not a TensorFlow V2 checkpoint index (bad magic); V1 checkpoints (.ckpt without .index) are not supported");
    }
    int[] pos = {b.length - 48};
    varint(b, pos); // metaindex offset
    varint(b, pos); // metaindex size
    long indexOffset = varint(b, pos);
    long indexSize = varint(b, pos);
    Map<String, Entry> entries = new LinkedHashMap<>();
    try {
      readBlock(
          b,
          (int) indexOffset,
          (int) indexSize,
          (key, value) -> {
            int[] p = {0};
            long off = varint(value, p);
            long size = varint(value, p);
            readBlock(
                b,
                (int) off,
                (int) size,
                (name, entry) -> {
                  if (name.isEmpty()) {
                    return; // the BundleHeaderProto
                  }
                  BundleEntryProto e = BundleEntryProto.parseFrom(entry);
                  TensorShapeProto s = e.getShape();
                  long[] shape = new long[s.getDimCount()];
                  for (int i = 0; i < shape.length; i++) {
                    shape[i] = s.getDim(i).getSize();
                  }
                  entries.put(name, new Entry(name, e.getDtype(), shape));
                });
          });
    } catch (InvalidProtocolBufferException | RuntimeException e) {
      throw new DatasetFormatException(index, "corrupt checkpoint index: " + e.getMessage(), e);
    }
    return new CheckpointIndex(entries);
  }

  /** Tensor names to entries, in key order. */
  public Map<String, Entry> entries() {
    return entries;
  }

  private interface BlockVisitor {
    void visit(String key, byte[] value) throws InvalidProtocolBufferException;
  }

  /** Walks the key/value entries of one table block (prefix-compressed keys). */
  private static void readBlock(byte[] b, int off, int size, BlockVisitor visitor)
      throws InvalidProtocolBufferException {
    ByteBuffer bb = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN);
    int numRestarts = bb.getInt(off + size - 4);
    int end = off + size - 4 - 4 * numRestarts;
    int[] pos = {off};
    byte[] key = new byte[0];
    while (pos[0] < end) {
      int shared = (int) varint(b, pos);
      int nonShared = (int) varint(b, pos);
      int valueLength = (int) varint(b, pos);
      byte[] k = new byte[shared + nonShared];
      System.arraycopy(key, 0, k, 0, shared);
      System.arraycopy(b, pos[0], k, shared, nonShared);
      pos[0] += nonShared;
      byte[] value = new byte[valueLength];
      System.arraycopy(b, pos[0], value, 0, valueLength);
      pos[0] += valueLength;
      key = k;
      visitor.visit(new String(k, java.nio.charset.StandardCharsets.UTF_8), value);
    }
  }

  private static long varint(byte[] b, int[] pos) {
    long result = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      byte x = b[pos[0]++];
      result |= (long) (x & 0x7F) << shift;
      if ((x & 0x80) == 0) {
        return result;
      }
    }
    throw new IllegalStateException("varint too long");
  }
}
