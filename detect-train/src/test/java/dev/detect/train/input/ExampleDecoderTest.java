package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.io.tfrecord.TfRecordFileReader;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Int64List;

class ExampleDecoderTest {
  @TempDir Path dir;

  @Test
  void decode_classLabelBeyondTheIntRange_isRefused() throws Exception {
    // Found by ExampleDecoderFuzzTest: without a label map, class/label 2^31 became class
    // -2147483648, 2^63 - 1 became -1 and 2^32 + 1 became class 1.
    for (long id : new long[] {1L << 31, (1L << 32) + 1, Long.MAX_VALUE}) {
      byte[] record = withLabels(1, id);
      ExampleDecoder noLabelMap = new ExampleDecoder(Optional.empty());
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> noLabelMap.decode(record, "r.record#1"));
      assertTrue(
          e.getMessage()
              .startsWith("r.record#1: object 1: class/label " + id + " is larger than any"),
          e.getMessage());
      // With a label map, class/text takes precedence (as in the OD API): the ids are not used.
      ImageBoxes byText =
          new ExampleDecoder(Optional.of(RecordFixtures.LABELS)).decode(record, "r.record#1");
      assertArrayEquals(new int[] {1, 2}, byText.classes());
    }
  }

  @Test
  void decode_classLabelsInRange_areKept() throws Exception {
    ImageBoxes image = new ExampleDecoder(Optional.empty()).decode(withLabels(2, 1), "r.record#1");
    assertArrayEquals(new int[] {2, 1}, image.classes());
  }

  @Test
  void decode_idsWithoutClassText_withALabelMap_takesTheIds() throws Exception {
    // What many converters write: class/label only. The OD API's decoder then uses the ids; with a
    // label map given, the missing text must not make the record unreadable or change the ids.
    Example.Builder b = Example.parseFrom(withLabels(2, 1)).toBuilder();
    b.getFeaturesBuilder().removeFeature(OdApiKeys.CLASS_TEXT);
    byte[] record = b.build().toByteArray();
    ImageBoxes withMap =
        new ExampleDecoder(Optional.of(RecordFixtures.LABELS)).decode(record, "r.record#1");
    assertArrayEquals(new int[] {2, 1}, withMap.classes());
    ImageBoxes without = new ExampleDecoder(Optional.empty()).decode(record, "r.record#1");
    assertArrayEquals(new int[] {2, 1}, without.classes());
  }

  /** The fixture's record 1 (a cat and a dog) with the given class/label values. */
  private byte[] withLabels(long first, long second) throws Exception {
    byte[] record;
    try (TfRecordFileReader r = TfRecordFileReader.open(RecordFixtures.write(dir, 2, 0))) {
      r.next();
      record = r.next().orElseThrow();
    }
    Example.Builder b = Example.parseFrom(record).toBuilder();
    Int64List ids = Int64List.newBuilder().addValue(first).addValue(second).build();
    b.getFeaturesBuilder()
        .putFeature(OdApiKeys.CLASS_LABEL, Feature.newBuilder().setInt64List(ids).build());
    return b.build().toByteArray();
  }
}
