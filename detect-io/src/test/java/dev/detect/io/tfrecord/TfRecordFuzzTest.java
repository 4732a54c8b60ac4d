package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.core.fuzz.Mutator;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.FuzzSeeds;
import dev.detect.io.TestImages;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link TfRecordReader} (framing, CRCs, GZIP, Example decoding to
 * annotations), seeded from the shared TFRecords (OD API pets, a SequenceExample, a segmentation
 * set) and records written by {@link OdApiExampleCodec}, plain and GZIP. Besides the generic byte
 * mutations, half the inputs keep valid framing: a record's payload is mutated and framed again
 * with correct CRCs (so the Example decoder sees the damage), or a record header gets a huge or
 * negative length with a correct length CRC (which must be refused before allocating it).
 */
class TfRecordFuzzTest {
  private static final long[] LENGTHS = {
    Long.MAX_VALUE,
    Long.MIN_VALUE,
    -1,
    1L << 62,
    1L << 31,
    TfRecordFileReader.MAX_RECORD_BYTES,
    (1L << 29) + 7
  };

  @Test
  void read_parsesOrRefusesWithLocation_onMutatedRecords(@TempDir Path dir) throws Exception {
    List<Seed> seeds =
        new ArrayList<>(
            FuzzSeeds.of(FuzzSeeds.files(TestImages.DATA.resolve("tfrecords"), "record")));
    byte[] written = writtenRecords(dir);
    seeds.add(new Seed("written.record", written));
    seeds.add(new Seed("written.record.gz", gzip(written)));
    Mutator payloadMutator = new Mutator(seeds.stream().map(Seed::bytes).toList());
    Path file = dir.resolve("fuzz.record");

    FuzzReport report =
        MutationFuzzer.of("tfrecord", seeds)
            .extraMutation(
                (input, rnd, log) ->
                    rnd.nextBoolean()
                        ? mutatePayload(input, rnd, log, payloadMutator)
                        : hugeLength(input, rnd, log),
                0.5)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  TfRecordReader.defaults().read(file);
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }

  /** Records made by our codec for a few shared VOC annotations, with a tiny real JPEG. */
  private static byte[] writtenRecords(Path dir) throws IOException {
    AnnotationSet sample = FuzzSeeds.vocSample(2);
    LabelMap labels = LabelMap.fromLabels(sample.labels());
    byte[] jpeg = Files.readAllBytes(TestImages.write(dir.resolve("tiny.jpg"), 8, 6));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (ImageAnnotation image : sample) {
      List<LabelMap.Item> items = new ArrayList<>();
      for (ObjectAnnotation o : image.objects()) {
        items.add(labels.itemFor(o.label()).orElseThrow());
      }
      byte[] example =
          OdApiExampleCodec.encode(image, jpeg, "jpeg", image.fileName(), "00", items)
              .toByteArray();
      out.write(TfRecordFileWriter.frame(example));
    }
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
      gz.write(bytes);
    }
    return out.toByteArray();
  }

  /** The payloads of a plain (not GZIP) record file, as far as its framing goes. */
  private static List<byte[]> payloads(byte[] file) {
    List<byte[]> out = new ArrayList<>();
    ByteBuffer b = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
    int at = 0;
    while (at + 12 <= file.length) {
      long len = b.getLong(at);
      if (len < 0 || at + 16 + len > file.length) {
        break;
      }
      byte[] p = new byte[(int) len];
      System.arraycopy(file, at + 12, p, 0, p.length);
      out.add(p);
      at += 16 + (int) len;
    }
    return out;
  }

  private static byte[] mutatePayload(byte[] input, Random rnd, List<String> log, Mutator m) {
    List<byte[]> records = payloads(input);
    if (records.isEmpty()) {
      log.add("payload: no records (GZIP seed)");
      return m.mutate(input, rnd, log);
    }
    int which = rnd.nextInt(records.size());
    log.add("record " + which + " payload, framed again:");
    records.set(which, m.mutate(records.get(which), rnd, log));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] r : records) {
      out.writeBytes(TfRecordFileWriter.frame(r));
    }
    return out.toByteArray();
  }

  private static byte[] hugeLength(byte[] input, Random rnd, List<String> log) {
    List<byte[]> records = payloads(input);
    int which = records.isEmpty() ? 0 : rnd.nextInt(records.size());
    int at = 0;
    for (int i = 0; i < which; i++) {
      at += 16 + records.get(i).length;
    }
    if (at + 12 > input.length) {
      log.add("huge length: no record header");
      return input;
    }
    long length =
        rnd.nextBoolean()
            ? LENGTHS[rnd.nextInt(LENGTHS.length)]
            : input.length - at - 16 + 1 + rnd.nextInt(1 << 20);
    byte[] c = input.clone();
    ByteBuffer b = ByteBuffer.wrap(c).order(ByteOrder.LITTLE_ENDIAN);
    b.putLong(at, length);
    b.putInt(at + 8, Crc32c.masked(c, at, 8));
    log.add("record " + which + " at byte " + at + ": length " + length + " with a valid CRC");
    return c;
  }
}
