package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.TfRecordFileReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Mutation fuzzing of the training input's {@link ExampleDecoder} (Example parsing, class ids, box
 * normalization, image decoding), seeded from the shared pets records and records our writer makes.
 * Besides byte mutations of the serialized Example, a third of the inputs change one feature of the
 * parsed Example: int64 values such as 0, -1, 2^31, 2^32 + 1; floats such as NaN, ±Inf, -1, 1e30;
 * bytes emptied, cut or replaced; a value dropped or added (lists of unequal length).
 */
class ExampleDecoderFuzzTest {
  private static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  private static final long[] LONGS = {
    0, -1, 1, 2, 37, Integer.MAX_VALUE, 1L << 31, (1L << 32) + 1, Long.MAX_VALUE, Long.MIN_VALUE
  };
  private static final float[] FLOATS = {
    Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY, -1f, 0f, 1f, 2f, 1e30f, -0f, 1e-45f
  };

  @Test
  void decode_decodesOrRefusesNamingTheRecord(@TempDir Path dir) throws IOException {
    List<Seed> seeds = new ArrayList<>();
    seeds.addAll(payloads(DATA.resolve("tfrecords/pets_examples.record"), 4));
    seeds.addAll(payloads(RecordFixtures.write(dir, 4, 3), 4));
    LabelMap pets = LabelMapFormat.read(DATA.resolve("label_maps/pet_label_map.pbtxt"));
    ExampleDecoder withPets = new ExampleDecoder(Optional.of(pets));
    ExampleDecoder withFixtureLabels = new ExampleDecoder(Optional.of(RecordFixtures.LABELS));
    ExampleDecoder withoutLabelMap = new ExampleDecoder(Optional.empty());

    FuzzReport report =
        MutationFuzzer.of("example-decoder", seeds)
            .maxAllocatedBytes(1L << 30, 64)
            .extraMutation(ExampleDecoderFuzzTest::mutateFeature, 0.33)
            .run(
                (input, seed) -> {
                  ExampleDecoder decoder =
                      input.length % 3 == 0
                          ? withoutLabelMap
                          : seed.name().contains("pets") ? withPets : withFixtureLabels;
                  ImageBoxes image = decoder.decode(input, "fuzz.record#7");
                  for (int c : image.classes()) {
                    assertTrue(c >= 1, "class id " + c);
                  }
                },
                MutationFuzzer.datasetFormatError("fuzz.record#7"));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }

  private static List<Seed> payloads(Path file, int max) throws IOException {
    List<Seed> out = new ArrayList<>();
    try (TfRecordFileReader r = TfRecordFileReader.open(file)) {
      for (Optional<byte[]> p = r.next(); p.isPresent() && out.size() < max; p = r.next()) {
        out.add(new Seed(file + "#" + (r.index() - 1), p.get()));
      }
    }
    return out;
  }

  private static byte[] mutateFeature(byte[] record, Random rnd, List<String> log) {
    Example ex;
    try {
      ex = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      log.add("feature: seed is not an Example");
      return record;
    }
    Map<String, Feature> features = ex.getFeatures().getFeatureMap();
    List<String> keys = new ArrayList<>(features.keySet());
    keys.sort(null);
    // Mostly the features the decoder computes with: object lists, image size, image bytes.
    List<String> used =
        keys.stream()
            .filter(k -> k.startsWith("image/object/") || k.matches("image/(width|height|encoded)"))
            .toList();
    List<String> from = used.isEmpty() || rnd.nextInt(4) == 0 ? keys : used;
    String key = from.get(rnd.nextInt(from.size()));
    Feature f = features.get(key);
    Feature changed =
        switch (f.getKindCase()) {
          case INT64_LIST ->
              Feature.newBuilder().setInt64List(longs(f.getInt64List(), rnd)).build();
          case FLOAT_LIST ->
              Feature.newBuilder().setFloatList(floats(f.getFloatList(), rnd)).build();
          default -> bytes(f, rnd);
        };
    log.add("feature " + key + ": " + shortly(f) + " -> " + shortly(changed));
    Example.Builder b = ex.toBuilder();
    b.getFeaturesBuilder().putFeature(key, changed);
    return b.build().toByteArray();
  }

  private static Int64List longs(Int64List in, Random rnd) {
    List<Long> v = new ArrayList<>(in.getValueList());
    edit(v, rnd, () -> LONGS[rnd.nextInt(LONGS.length)]);
    return Int64List.newBuilder().addAllValue(v).build();
  }

  private static FloatList floats(FloatList in, Random rnd) {
    List<Float> v = new ArrayList<>(in.getValueList());
    edit(v, rnd, () -> FLOATS[rnd.nextInt(FLOATS.length)]);
    return FloatList.newBuilder().addAllValue(v).build();
  }

  private static <T> void edit(List<T> v, Random rnd, java.util.function.Supplier<T> value) {
    int op = v.isEmpty() ? 2 : rnd.nextInt(3);
    switch (op) {
      case 0 -> v.set(rnd.nextInt(v.size()), value.get());
      case 1 -> v.remove(rnd.nextInt(v.size()));
      default -> v.add(value.get());
    }
  }

  private static Feature bytes(Feature f, Random rnd) {
    List<ByteString> v = new ArrayList<>(f.getBytesList().getValueList());
    ByteString value =
        switch (rnd.nextInt(4)) {
          case 0 -> ByteString.EMPTY;
          case 1 -> ByteString.copyFromUtf8(" ");
          case 2 -> v.isEmpty() ? ByteString.EMPTY : v.get(0).substring(0, v.get(0).size() / 2);
          default -> ByteString.copyFrom(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
        };
    if (v.isEmpty() || rnd.nextBoolean()) {
      v.add(value);
    } else {
      v.set(rnd.nextInt(v.size()), value);
    }
    Feature.Builder b = Feature.newBuilder();
    b.getBytesListBuilder().addAllValue(v);
    return b.build();
  }

  private static String shortly(Feature f) {
    String s = f.toString().replace('\n', ' ');
    return s.length() > 200 ? s.substring(0, 200) + "…" : s;
  }
}
