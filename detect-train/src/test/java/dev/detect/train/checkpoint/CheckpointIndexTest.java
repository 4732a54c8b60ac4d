package dev.detect.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32C;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TString;

/**
 * Reading checkpoint indexes: the real TF1 and TF2 zoo files (uncompressed and Snappy-compressed
 * blocks), a many-block index written by TensorFlow itself, and damaged copies.
 */
class CheckpointIndexTest {
  static final Path MODELS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data")).resolve("models");
  static final Path TF2 = MODELS.resolve("tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8");
  static final Path CKPT0 = TF2.resolve("checkpoint/ckpt-0");
  static final Path SAVED_MODEL_VARIABLES = TF2.resolve("saved_model/variables/variables");
  static final String SUFFIX = "/.ATTRIBUTES/VARIABLE_VALUE";

  @TempDir Path dir;

  @Test
  void read_tf2ZooCheckpoint_readsEveryEntryOfTheSnappyBlocks() throws IOException {
    Map<String, CheckpointIndex.Entry> e = CheckpointIndex.read(CKPT0).entries();
    List<CheckpointIndex.Entry> model = modelVariables(e);
    System.out.printf("ckpt-0.index: %d entries, %d model variables%n", e.size(), model.size());
    assertEquals(386, e.size());
    assertEquals(384, model.size(), "all but save_counter and _CHECKPOINTABLE_OBJECT_GRAPH");
    assertEntry(
        e,
        "model/_feature_extractor/classification_backbone/layer_with_weights-0/kernel" + SUFFIX,
        DataType.DT_FLOAT,
        3,
        3,
        3,
        32);
    assertEntry(e, "save_counter" + SUFFIX, DataType.DT_INT64);
    assertEntry(e, "_CHECKPOINTABLE_OBJECT_GRAPH", DataType.DT_STRING);
    assertEntry(
        e,
        "model/_box_predictor/_prediction_heads/class_predictions_with_background"
            + "/_class_predictor_layers/0/pointwise_kernel"
            + SUFFIX,
        DataType.DT_FLOAT,
        1,
        1,
        128,
        546);
    assertEquals(
        104,
        model.stream()
            .map(v -> v.name().replaceFirst(".*/layer_with_weights-(\\d+)/.*", "$1"))
            .filter(s -> s.matches("\\d+"))
            .distinct()
            .count(),
        "backbone layer_with_weights-0 … -103");
    assertTrue(model.stream().allMatch(v -> v.dtype() == DataType.DT_FLOAT));
  }

  /**
   * The SavedModel's variables are the same 384 tensors under other (object-graph) names: the same
   * multiset of shapes, read from an independently compressed file.
   */
  @Test
  void read_tf2SavedModelVariables_holdsTheCheckpointsTensors() throws IOException {
    Map<String, CheckpointIndex.Entry> e = CheckpointIndex.read(SAVED_MODEL_VARIABLES).entries();
    List<CheckpointIndex.Entry> model = modelVariables(e);
    System.out.printf("variables.index: %d entries, %d model variables%n", e.size(), model.size());
    assertEquals(385, e.size());
    assertEquals(384, model.size(), "all but _CHECKPOINTABLE_OBJECT_GRAPH");
    assertEquals(shapes(modelVariables(CheckpointIndex.read(CKPT0).entries())), shapes(model));
  }

  @Test
  void read_tf1ZooCheckpoint_stillReadsUncompressedBlocks() throws IOException {
    Map<String, CheckpointIndex.Entry> e =
        CheckpointIndex.read(MODELS.resolve("tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29/model.ckpt"))
            .entries();
    assertEquals(345, e.size());
    assertEntry(e, "global_step", DataType.DT_INT64);
  }

  /**
   * TensorFlow splits an index into data blocks of 256 KiB (uncompressed); 1,500 long names make
   * several, and every name TensorFlow was given comes back, in order.
   */
  @Test
  void read_manyBlockIndexWrittenByTensorFlow_readsEveryEntry() throws IOException {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < 1500; i++) {
      names.add(String.format("block_test/%04d/%s", i, "x".repeat(200)));
    }
    Path prefix = dir.resolve("many");
    try (Graph g = new Graph();
        Session s = new Session(g);
        TString n = strings(names);
        TString slices = strings(names.stream().map(x -> "").toList())) {
      Ops tf = Ops.create(g);
      List<Operand<?>> values = new ArrayList<>();
      for (int i = 0; i < names.size(); i++) {
        values.add(tf.constant(new float[] {i, i + 1}));
      }
      s.runner()
          .addTarget(
              tf.train.save(
                  tf.constant(prefix.toString()), tf.constantOf(n), tf.constantOf(slices), values))
          .run()
          .close();
    }
    byte[] index = Files.readAllBytes(dir.resolve("many.index"));
    int[] handle = indexHandle(index);
    assertTrue(handle[1] > 30, "the index block points to several data blocks: " + handle[1]);
    Map<String, CheckpointIndex.Entry> e = CheckpointIndex.read(prefix).entries();
    assertEquals(names, List.copyOf(e.keySet()));
    e.values().forEach(x -> assertArrayEquals(new long[] {2}, x.shape()));
  }

  @Test
  void read_damagedBlock_namesTheFileAndTheBlock() throws IOException {
    byte[] b = Files.readAllBytes(Path.of(CKPT0 + ".index"));
    b[100] ^= 0x20;
    Path damaged = write("damaged", b);
    DatasetFormatException x =
        assertThrows(DatasetFormatException.class, () -> CheckpointIndex.read(damaged));
    assertTrue(x.getMessage().startsWith(damaged + ".index: "), x.getMessage());
    assertTrue(x.getMessage().contains("block at byte 0: checksum mismatch"), x.getMessage());
  }

  @Test
  void read_unknownCompressionType_isRefusedClearly() throws IOException {
    byte[] b = Files.readAllBytes(Path.of(CKPT0 + ".index"));
    int[] data = dataBlock(b);
    b[data[0] + data[1]] = 4; // the trailer's type byte, with a matching checksum
    CRC32C crc = new CRC32C();
    crc.update(b, data[0], data[1] + 1);
    ByteBuffer.wrap(b)
        .order(ByteOrder.LITTLE_ENDIAN)
        .putInt(data[0] + data[1] + 1, TableFile.mask((int) crc.getValue()));
    Path odd = write("odd", b);
    DatasetFormatException x =
        assertThrows(DatasetFormatException.class, () -> CheckpointIndex.read(odd));
    assertTrue(x.getMessage().contains("unknown compression type 4"), x.getMessage());
  }

  @Test
  void read_truncatedFile_isRefused() throws IOException {
    byte[] b = Files.readAllBytes(Path.of(CKPT0 + ".index"));
    Path cut = write("cut", Arrays.copyOfRange(b, 3000, b.length));
    DatasetFormatException x =
        assertThrows(DatasetFormatException.class, () -> CheckpointIndex.read(cut));
    assertTrue(x.getMessage().contains("outside the file"), x.getMessage());
  }

  @Test
  void mask_isTheInverseOfUnmask() {
    for (int crc : new int[] {0, 1, -1, 0x12345678, 0xa282ead8}) {
      assertEquals(crc, TableFile.unmask(TableFile.mask(crc)));
    }
  }

  /** Model variables: all but optimizer slots, counters and the object graph. */
  static List<CheckpointIndex.Entry> modelVariables(Map<String, CheckpointIndex.Entry> entries) {
    return entries.values().stream()
        .filter(v -> !v.name().contains("/.OPTIMIZER_SLOT/"))
        .filter(v -> !v.name().startsWith("save_counter/") && !v.name().startsWith("step/"))
        .filter(v -> !v.name().equals("_CHECKPOINTABLE_OBJECT_GRAPH"))
        .filter(v -> !v.name().equals("global_step"))
        .toList();
  }

  private static List<String> shapes(List<CheckpointIndex.Entry> entries) {
    return entries.stream().map(v -> Arrays.toString(v.shape())).sorted().toList();
  }

  private static void assertEntry(
      Map<String, CheckpointIndex.Entry> e, String name, DataType dtype, long... shape) {
    CheckpointIndex.Entry x = e.get(name);
    assertTrue(x != null, name + " missing");
    assertEquals(dtype, x.dtype(), name);
    assertArrayEquals(shape, x.shape(), name);
  }

  private Path write(String name, byte[] index) throws IOException {
    Files.write(dir.resolve(name + ".index"), index);
    return dir.resolve(name);
  }

  private static TString strings(List<String> values) {
    byte[][] b =
        values.stream().map(v -> v.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
    return TString.tensorOfBytes(Shape.of(b.length), DataBuffers.ofObjects(b));
  }

  /** The footer's index-block handle {offset, size}; size / ~8 bytes is the data block count. */
  private static int[] indexHandle(byte[] b) {
    int[] pos = {b.length - TableFile.FOOTER_LENGTH};
    varint(b, pos);
    varint(b, pos);
    return new int[] {varint(b, pos), varint(b, pos)};
  }

  /** The first data block's handle (the first entry's value in the index block, uncompressed). */
  private static int[] dataBlock(byte[] b) {
    int[] pos = {indexHandle(b)[0]};
    varint(b, pos); // shared
    int keyLength = varint(b, pos);
    varint(b, pos); // value length
    pos[0] += keyLength;
    return new int[] {varint(b, pos), varint(b, pos)};
  }

  private static int varint(byte[] b, int[] pos) {
    int r = 0;
    for (int shift = 0; ; shift += 7) {
      int x = b[pos[0]++] & 0xFF;
      r |= (x & 0x7F) << shift;
      if (x < 0x80) {
        return r;
      }
    }
  }
}
