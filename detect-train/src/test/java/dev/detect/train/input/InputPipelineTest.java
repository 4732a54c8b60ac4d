package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.labelmap.LabelMap;
import dev.detect.train.input.augment.Augmentation;
import dev.detect.train.input.augment.RandomAdjustBrightness;
import dev.detect.train.input.augment.RandomHorizontalFlip;
import dev.detect.train.input.augment.RandomVerticalFlip;
import dev.detect.train.input.augment.SsdRandomCrop;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class InputPipelineTest {
  static final List<Augmentation> AUGS =
      List.of(
          RandomHorizontalFlip.defaults(),
          SsdRandomCrop.defaults(),
          RandomAdjustBrightness.defaults());

  @TempDir Path dir;

  static List<Batch> drain(InputPipeline in) {
    List<Batch> out = new ArrayList<>();
    for (Optional<Batch> b = in.next(); b.isPresent(); b = in.next()) {
      out.add(b.get());
    }
    return out;
  }

  static List<String> sources(List<Batch> batches) {
    List<String> s = new ArrayList<>();
    batches.forEach(b -> s.addAll(b.sources()));
    return s;
  }

  @Test
  void next_givesBatchesOfTheRightShapeAndEndsAfterTheEpochs() throws IOException {
    Path rec = RecordFixtures.write(dir, 10, 0);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .labelMap(RecordFixtures.LABELS)
            .batchSize(4)
            .imageSize(32, 40)
            .numEpochs(1)
            .threads(2)
            .build()) {
      List<Batch> batches = drain(in);
      assertEquals(2, batches.size(), "10 images, batch 4, remainder dropped");
      for (Batch b : batches) {
        assertEquals(4, b.size());
        assertEquals(4 * 32 * 40 * 3, b.images().length);
        assertEquals(32, b.height());
        assertEquals(40, b.width());
        for (int i = 0; i < 4; i++) {
          assertEquals(b.boxes().get(i).length, b.classes().get(i).length);
          assertEquals(b.boxes().get(i).length, b.weights().get(i).length);
        }
      }
      assertTrue(in.next().isEmpty());
      assertTrue(in.next().isEmpty());
    }
  }

  @Test
  void dropRemainderFalse_deliversTheLastPartialBatch() throws IOException {
    Path rec = RecordFixtures.write(dir, 10, 0);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(4)
            .imageSize(16, 16)
            .numEpochs(1)
            .dropRemainder(false)
            .build()) {
      List<Batch> batches = drain(in);
      assertEquals(3, batches.size());
      assertEquals(2, batches.get(2).size());
      assertEquals(2 * 16 * 16 * 3, batches.get(2).images().length);
    }
  }

  @Test
  void epochs_repeatTheRecordsInOrderWithoutShuffle() throws IOException {
    Path rec = RecordFixtures.write(dir, 6, 0);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(4)
            .imageSize(16, 16)
            .numEpochs(2)
            .shuffle(false)
            .threads(3)
            .build()) {
      List<String> s = sources(drain(in));
      assertEquals(12, s.size());
      for (int i = 0; i < 12; i++) {
        assertTrue(s.get(i).endsWith("#" + (i % 6)), s.get(i));
      }
    }
  }

  @Test
  void boxesAndClasses_comeFromTheRecords() throws IOException {
    Path rec = RecordFixtures.write(dir, 2, 0);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .labelMap(RecordFixtures.LABELS)
            .batchSize(2)
            .imageSize(48, 64)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      Batch b = in.next().orElseThrow();
      assertArrayEquals(new int[] {1}, b.classes().get(0));
      assertArrayEquals(new int[] {1, 2}, b.classes().get(1));
      assertArrayEquals(
          new float[] {6f / 48, 8f / 64, 22f / 48, 29f / 64}, b.boxes().get(0)[0], 1e-5f);
      assertArrayEquals(new float[] {1, 1}, b.weights().get(1));
      // The yellow rectangle is under its box after decoding and (identity) resizing.
      int y = 12;
      int x = 16;
      float[] img = b.images();
      int i = (y * 64 + x) * 3;
      assertTrue(img[i] > 200 && img[i + 1] > 200 && img[i + 2] < 60);
    }
  }

  @Test
  void classText_takesPrecedenceThroughTheLabelMap() throws IOException {
    Path rec = RecordFixtures.write(dir, 2, 0);
    LabelMap swapped = LabelMap.ofNames(List.of("dog", "cat"));
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .labelMap(swapped)
            .batchSize(2)
            .imageSize(16, 16)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      assertArrayEquals(new int[] {2, 1}, in.next().orElseThrow().classes().get(1));
    }
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(2)
            .imageSize(16, 16)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      assertArrayEquals(
          new int[] {1, 2},
          in.next().orElseThrow().classes().get(1),
          "without a label map, class/label");
    }
  }

  @Test
  void unknownClassText_failsWithTheNameAndRecord() throws IOException {
    Path rec = RecordFixtures.write(dir, 2, 0);
    // "bird" has id 1 like the records' class/label of "cat", but the text wins and fails.
    LabelMap other = LabelMap.ofNames(List.of("bird"));
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .labelMap(other)
            .batchSize(1)
            .imageSize(16, 16)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      InputPipelineException e = assertThrows(InputPipelineException.class, in::next);
      assertTrue(e.getMessage().contains("'cat'"), e.getMessage());
      assertTrue(e.getMessage().contains("record 0 of " + rec), e.getMessage());
    }
  }

  @Test
  void negatives_areKept() throws IOException {
    Path rec = RecordFixtures.write(dir, 9, 3);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(3)
            .imageSize(16, 16)
            .numEpochs(2)
            .threads(2)
            .seed(3)
            .build()) {
      int negatives = 0;
      for (Batch b : drain(in)) {
        for (float[][] boxes : b.boxes()) {
          negatives += boxes.length == 0 ? 1 : 0;
        }
      }
      assertEquals(6, negatives, "3 negative images x 2 epochs");
    }
  }

  @Test
  void sameSeed_givesTheSameBatchesWhateverTheThreads() throws IOException {
    Path rec = RecordFixtures.write(dir, 20, 4);
    List<Batch> a = run(rec, 42, 1);
    List<Batch> b = run(rec, 42, 4);
    assertEquals(sources(a), sources(b));
    for (int i = 0; i < a.size(); i++) {
      assertArrayEquals(a.get(i).images(), b.get(i).images());
      for (int k = 0; k < a.get(i).size(); k++) {
        assertArrayEquals(a.get(i).boxes().get(k), b.get(i).boxes().get(k));
        assertArrayEquals(a.get(i).classes().get(k), b.get(i).classes().get(k));
      }
    }
    List<Batch> c = run(rec, 43, 2);
    assertNotEquals(sources(a), sources(c));
    List<String> sorted = new ArrayList<>(sources(a));
    sorted.sort(null);
    List<String> sortedC = new ArrayList<>(sources(c));
    sortedC.sort(null);
    assertEquals(sorted, sortedC, "a shuffle is a permutation");
  }

  @Test
  void decodedCache_givesTheSameBatchesAsDecodingEveryTime() throws IOException {
    Path rec = RecordFixtures.write(dir, 20, 4);
    // Cached images go uncopied to the steps that leave their input alone (flips, crops) and are
    // copied before the others (brightness): three epochs show any change to the cached ones.
    List<List<Augmentation>> lists =
        List.of(
            AUGS,
            List.of(
                RandomAdjustBrightness.defaults(),
                new RandomVerticalFlip(0.5),
                RandomHorizontalFlip.defaults()),
            List.of(new RandomVerticalFlip(0.5), RandomHorizontalFlip.defaults()));
    for (List<Augmentation> augs : lists) {
      for (long budget : new long[] {0, 5 * 24 * 24 * 3 * 4, Long.MAX_VALUE}) {
        List<Batch> cached = run(rec, 42, 2, budget, 3, augs);
        List<Batch> plain = run(rec, 42, 2, 0, 3, augs);
        assertEquals(sources(plain), sources(cached));
        for (int i = 0; i < plain.size(); i++) {
          assertArrayEquals(
              plain.get(i).images(), cached.get(i).images(), "budget " + budget + " " + augs);
          for (int k = 0; k < plain.get(i).size(); k++) {
            assertArrayEquals(plain.get(i).boxes().get(k), cached.get(i).boxes().get(k));
          }
        }
      }
    }
  }

  @Test
  void recycledImageArrays_areFilledAgain_andTheBatchesStayTheSame() throws IOException {
    Path rec = RecordFixtures.write(dir, 20, 4);
    // with a color step (resized, then copied into the batch) and without (resized into it)
    for (List<Augmentation> augs :
        List.<List<Augmentation>>of(
            AUGS, List.of(RandomHorizontalFlip.defaults(), SsdRandomCrop.defaults()))) {
      recycle(rec, augs);
    }
  }

  private static void recycle(Path rec, List<Augmentation> augs) {
    List<Batch> plain = run(rec, 42, 2, Long.MAX_VALUE, 3, augs);
    List<float[]> seen = new ArrayList<>();
    int reused = 0;
    try (InputPipeline in = pipeline(rec, 42, 2, Long.MAX_VALUE, 3, augs)) {
      int i = 0;
      for (Optional<Batch> next = in.next(); next.isPresent(); next = in.next(), i++) {
        Batch b = next.get();
        assertArrayEquals(plain.get(i).images(), b.images(), "batch " + i);
        assertEquals(plain.get(i).sources(), b.sources());
        for (float[] earlier : seen) {
          reused += earlier == b.images() ? 1 : 0;
        }
        seen.add(b.images());
        b.recycle();
        b.recycle(); // only the first call counts
        assertEquals(plain.get(i).boxes().size(), b.boxes().size(), "objects stay valid");
      }
      assertEquals(plain.size(), i);
    }
    assertTrue(reused > 0, "recycled arrays were filled again");
  }

  @Test
  void recyclingTwice_neverHandsOneArrayToTwoBatches() throws IOException {
    Path rec = RecordFixtures.write(dir, 20, 4);
    try (InputPipeline in = pipeline(rec, 42, 2, Long.MAX_VALUE, 0, AUGS)) {
      Batch first = in.next().orElseThrow();
      first.recycle();
      first.recycle();
      List<float[]> held = new ArrayList<>();
      for (int i = 0; i < 6; i++) {
        float[] images = in.next().orElseThrow().images(); // kept, not recycled
        for (float[] h : held) {
          assertFalse(h == images, "batch " + i + " shares an array with an earlier one");
        }
        held.add(images);
      }
    }
  }

  private static List<Batch> run(Path rec, long seed, int threads) {
    return run(rec, seed, threads, 0, 2);
  }

  private static List<Batch> run(Path rec, long seed, int threads, long cache, int epochs) {
    return run(rec, seed, threads, cache, epochs, AUGS);
  }

  private static List<Batch> run(
      Path rec, long seed, int threads, long cache, int epochs, List<Augmentation> augs) {
    try (InputPipeline in = pipeline(rec, seed, threads, cache, epochs, augs)) {
      return drain(in);
    }
  }

  private static InputPipeline pipeline(
      Path rec, long seed, int threads, long cache, int epochs, List<Augmentation> augs) {
    return InputPipeline.builder(List.of(rec))
        .decodedCacheBytes(cache)
        .labelMap(RecordFixtures.LABELS)
        .batchSize(5)
        .imageSize(24, 24)
        .augmentations(augs)
        .numEpochs(epochs)
        .shuffleBufferSize(8)
        .seed(seed)
        .threads(threads)
        .build();
  }

  @Test
  void close_stopsEveryThreadEvenWhenRepeatingForever() throws Exception {
    Path rec = RecordFixtures.write(dir, 5, 0);
    InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(2)
            .imageSize(16, 16)
            .threads(3)
            .prefetchBatches(1)
            .build();
    for (int i = 0; i < 7; i++) {
      assertEquals(2, in.next().orElseThrow().size());
    }
    assertTrue(inputThreads() > 0);
    in.close();
    in.close();
    assertEquals(0, inputThreads(), threadNames());
    assertThrows(IllegalStateException.class, in::next);
  }

  @Test
  void end_releasesTheThreads() throws Exception {
    Path rec = RecordFixtures.write(dir, 4, 0);
    InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(2)
            .imageSize(16, 16)
            .numEpochs(1)
            .threads(2)
            .build();
    drain(in);
    for (int i = 0; i < 100 && inputThreads() > 0; i++) {
      Thread.sleep(20);
    }
    assertEquals(0, inputThreads());
    in.close();
  }

  private static String threadNames() {
    StringBuilder s = new StringBuilder();
    Thread.getAllStackTraces()
        .forEach(
            (t, st) -> {
              if (t.getName().startsWith("detect-input-")) {
                s.append(t.getName())
                    .append(' ')
                    .append(t.getState())
                    .append(' ')
                    .append(java.util.Arrays.toString(st))
                    .append('\n');
              }
            });
    return s.toString();
  }

  private static long inputThreads() {
    return Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.getName().startsWith("detect-input-") && t.isAlive())
        .count();
  }

  @Test
  void badImage_failsThroughNextWithTheFileAndRecord() throws IOException {
    Path rec = RecordFixtures.writeWithBadImage(dir);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(1)
            .imageSize(16, 16)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      assertEquals(1, in.next().orElseThrow().size());
      InputPipelineException e = assertThrows(InputPipelineException.class, in::next);
      assertTrue(e.getMessage().contains("record 1 of " + rec), e.getMessage());
      assertTrue(e.getMessage().contains("cannot decode"), e.getMessage());
      assertSame(e, assertThrows(InputPipelineException.class, in::next));
    }
  }

  @Test
  void corruptRecord_failsThroughNextWithTheFile() throws IOException {
    Path rec = RecordFixtures.write(dir, 3, 0);
    byte[] bytes = Files.readAllBytes(rec);
    bytes[bytes.length - 100] ^= 0x55;
    Files.write(rec, bytes);
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .batchSize(1)
            .imageSize(16, 16)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      InputPipelineException e = assertThrows(InputPipelineException.class, () -> drain(in));
      assertTrue(e.getMessage().contains(rec.toString()), e.getMessage());
      assertTrue(e.getMessage().contains("corrupt record 2"), e.getMessage());
    }
  }

  @Test
  void builder_refusesABatchLargerThanAJavaArray() throws IOException {
    Path rec = RecordFixtures.write(dir, 1, 0);
    InputPipeline.Builder b =
        InputPipeline.builder(List.of(rec)).batchSize(2048).imageSize(640, 640);
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, b::build);
    assertTrue(e.getMessage().contains("2516582400 values"), e.getMessage());
    assertThrows(
        IllegalArgumentException.class,
        () -> InputPipeline.builder(List.of(rec)).batchSize(4096).prefetchBatches(1 << 20).build());
  }

  @Test
  void builder_refusesBadSettingsAndSnapshots() throws IOException {
    assertThrows(IllegalArgumentException.class, () -> InputPipeline.builder(List.of()));
    InputPipeline.Builder b = InputPipeline.builder(List.of(dir.resolve("x")));
    assertThrows(IllegalArgumentException.class, () -> b.batchSize(0));
    assertThrows(IllegalArgumentException.class, () -> b.numEpochs(-1));
    Path rec = RecordFixtures.write(dir, 2, 0);
    try (InputPipeline in = InputPipeline.builder(List.of(rec)).batchSize(2).build()) {
      try (InputPipeline again = in.toBuilder().build()) {
        assertEquals(2, again.batchSize());
      }
      assertEquals(300, in.imageHeight());
    }
  }

  @Test
  void petsRecordsWrittenByPython_decodeWithTheirLabelMap() throws IOException {
    Path data = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
    Path rec = data.resolve("tfrecords/pets_examples.record");
    LabelMap pets =
        dev.detect.core.labelmap.LabelMapFormat.read(
            data.resolve("label_maps/pet_label_map.pbtxt"));
    try (InputPipeline in =
        InputPipeline.builder(List.of(rec))
            .labelMap(pets)
            .batchSize(10)
            .imageSize(64, 64)
            .numEpochs(1)
            .shuffle(false)
            .build()) {
      Batch b = in.next().orElseThrow();
      assertEquals(10, b.size());
      assertArrayEquals(new int[] {11}, b.classes().get(0), "chihuahua");
      assertArrayEquals(
          new float[] {0.24f, 0.39666668f, 0.5688889f, 0.76f}, b.boxes().get(0)[0], 1e-5f);
      assertFalse(in.next().isPresent());
    }
  }
}
