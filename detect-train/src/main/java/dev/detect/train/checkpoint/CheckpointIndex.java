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
  private final Map<String, Entry> entries;

  /** One tensor in the checkpoint. */
  public record Entry(String name, DataType dtype, long[] shape) {}

  private CheckpointIndex(Map<String, Entry> entries) {
    this.entries = Collections.unmodifiableMap(entries);
  }

  /**
   * Reads {@code prefix.index} (a prefix like {@code model_dir/ckpt-1000} or {@code model.ckpt}).
   * Reads TF1-era indexes (uncompressed blocks) and TF2 ones ({@code ckpt-0.index}, {@code
   * variables.index}: Snappy-compressed blocks), of any number of data blocks, and checks every
   * block's CRC32C.
   *
   * @throws NoSuchFileException when the index is missing
   * @throws DatasetFormatException when it is not a V2 checkpoint index, or it is damaged (a
   *     block's checksum, an unknown compression type, bad Snappy data or a malformed entry); the
   *     message names the file and the block's byte offset or the entry
   */
  public static CheckpointIndex read(Path prefix) throws IOException {
    Path index = prefix.resolveSibling(prefix.getFileName() + ".index");
    byte[] b = Files.readAllBytes(index);
    if (b.length < TableFile.FOOTER_LENGTH) {
      throw new DatasetFormatException(index, "not a TensorFlow V2 checkpoint index (too short)");
    }
    if (ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong(b.length - 8)
        != TableFile.MAGIC) {
      throw new DatasetFormatException(
          index,
          "not a TensorFlow V2 checkpoint index (bad magic); V1 checkpoints (.ckpt without .index) are not supported");
    }
    Map<String, Entry> entries = new LinkedHashMap<>();
    TableFile.forEachEntry(
        index,
        b,
        (name, value) -> {
          if (name.isEmpty()) {
            return; // the BundleHeaderProto
          }
          entries.put(name, entry(index, name, value));
        });
    return new CheckpointIndex(entries);
  }

  private static Entry entry(Path index, String name, byte[] value) throws DatasetFormatException {
    BundleEntryProto e;
    try {
      e = BundleEntryProto.parseFrom(value);
    } catch (InvalidProtocolBufferException ex) {
      throw new DatasetFormatException(
          index, "corrupt checkpoint index: entry " + name + ": " + ex.getMessage(), ex);
    }
    TensorShapeProto s = e.getShape();
    long[] shape = new long[s.getDimCount()];
    for (int i = 0; i < shape.length; i++) {
      shape[i] = s.getDim(i).getSize();
      if (shape[i] < 0) {
        throw new DatasetFormatException(
            index, "corrupt checkpoint index: entry " + name + " has dimension " + shape[i]);
      }
    }
    return new Entry(name, e.getDtype(), shape);
  }

  /** Tensor names to entries, in key order. */
  public Map<String, Entry> entries() {
    return entries;
  }
}
