package dev.detect.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.AnnotationReaders;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.DecodedExample;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.apache.spark.TaskContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Job 1 on a local master against {@link TfRecordWriter} on one machine. */
@Tag("slow")
class SparkTfRecordsTest {
  static SparkSession spark;

  @TempDir Path tmp;

  @BeforeAll
  static void start() {
    spark = SparkSessions.local("local[2,2]"); // a task may fail once and be retried
  }

  @AfterAll
  static void stop() {
    spark.stop();
  }

  static AnnotationSet read(String dataset) throws IOException {
    return AnnotationReaders.read(
            SparkSessions.DATA.resolve(dataset).resolve("annotations"), ReaderOptions.defaults())
        .annotations();
  }

  static Path images(String dataset) {
    return SparkSessions.DATA.resolve(dataset).resolve("images").toAbsolutePath();
  }

  @Test
  void raccoon_shardsEqualTheSingleMachineShardsByteForByte() throws Exception {
    AnnotationSet set = read("raccoon");
    LabelMap labels = LabelMap.fromLabels(List.of("raccoon"));
    TfRecordWriteResult local =
        TfRecordWriter.builder(labels)
            .imageDirectory(images("raccoon"))
            .shards(3)
            .build()
            .write(set, tmp.resolve("local/train.record"));
    Files.createDirectories(tmp.resolve("spark"));
    SparkTfRecordsResult r =
        SparkTfRecords.builder(spark, labels)
            .imageRoot(images("raccoon").toUri().toString())
            .shards(3)
            .build()
            .write(set, tmp.resolve("spark/train.record").toUri().toString());
    assertSameShards(local, tmp.resolve("spark"), r);
    assertEquals(local.summary().replaceAll(" to .*", ""), r.summary().replaceAll(" to .*", ""));
  }

  @Test
  void bccd_clippedBoxes_sameRecordsAndReportAsTheWriter() throws Exception {
    AnnotationSet set = read("bccd");
    LabelMap labels = LabelMap.fromLabels(List.of("Platelets", "RBC", "WBC"));
    TfRecordWriteResult local =
        TfRecordWriter.builder(labels)
            .imageDirectory(images("bccd"))
            .shards(4)
            .invalidBoxes(BoxPolicy.CLIP)
            .build()
            .write(set, tmp.resolve("local/train.record"));
    SparkTfRecordsResult r =
        SparkTfRecords.builder(spark, labels)
            .imageRoot(images("bccd").toString())
            .shards(4)
            .invalidBoxes(BoxPolicy.CLIP)
            .build()
            .write(set, tmp.resolve("spark/train.record").toString());
    assertSameShards(local, tmp.resolve("spark"), r);
    assertEquals(local.skipped(), r.skipped());
    assertEquals(local.clipped(), r.clipped());
    // the decoded features too: what a trainer reads
    List<DecodedExample> a = decodeAll(local.files());
    List<DecodedExample> b =
        decodeAll(r.files().stream().map(f -> Path.of(f.replaceFirst("^file:", ""))).toList());
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(a.get(i).annotation(), b.get(i).annotation());
    }
  }

  static final AtomicInteger FAILED = new AtomicInteger();

  @Test
  void failedFirstAttempt_isRetried_andLeavesNoPartialOrExtraFile() throws Exception {
    AnnotationSet set = AnnotationSet.of(read("raccoon").images().subList(0, 40));
    LabelMap labels = LabelMap.fromLabels(List.of("raccoon"));
    TfRecordWriteResult local =
        TfRecordWriter.builder(labels)
            .imageDirectory(images("raccoon"))
            .shards(4)
            .build()
            .write(set, tmp.resolve("local/train.record"));
    FAILED.set(0);
    SparkTfRecordsResult r =
        SparkTfRecords.builder(spark, labels)
            .imageRoot(images("raccoon").toString())
            .shards(4)
            .taskHook(
                (shard, stage) -> {
                  // the first attempt of shard 2 dies after writing its records, before its commit
                  if (shard == 2
                      && stage.equals("commit")
                      && TaskContext.get().attemptNumber() == 0) {
                    FAILED.incrementAndGet();
                    throw new IOException("injected failure of the first attempt");
                  }
                })
            .build()
            .write(set, tmp.resolve("spark/train.record").toString());
    assertEquals(1, FAILED.get(), "the failure was injected once");
    assertSameShards(local, tmp.resolve("spark"), r);
  }

  @Test
  void invalidImages_skipped_likeTheWriter_andTheRestAssignedAsItDoes() throws Exception {
    List<ImageAnnotation> images = new ArrayList<>(read("raccoon").images().subList(0, 12));
    images.set(1, ImageAnnotation.builder("missing.jpg", 10, 10).build());
    ImageAnnotation a = images.get(4);
    images.set(4, a.toBuilder().size(a.width() + 1, a.height()).build()); // wrong size
    images.set(7, a.toBuilder().fileName("../raccoon/images/" + a.fileName()).build());
    AnnotationSet set = AnnotationSet.of(images);
    LabelMap labels = LabelMap.fromLabels(List.of("raccoon"));
    TfRecordWriteResult local =
        TfRecordWriter.builder(labels)
            .imageDirectory(images("raccoon"))
            .shards(3)
            .invalidImages(Policy.SKIP)
            .build()
            .write(set, tmp.resolve("local/train.record"));
    SparkTfRecordsResult r =
        SparkTfRecords.builder(spark, labels)
            .imageRoot(images("raccoon").toString())
            .shards(3)
            .invalidImages(Policy.SKIP)
            .build()
            .write(set, tmp.resolve("spark/train.record").toString());
    assertSameShards(local, tmp.resolve("spark"), r);
    assertEquals(3, r.skipped().size(), r.skipped().toString());
    for (int i = 0; i < 3; i++) {
      assertEquals(local.skipped().get(i).file(), r.skipped().get(i).file());
    }
    assertEquals(local.skipped().subList(0, 2), r.skipped().subList(0, 2));
    assertTrue(r.skipped().get(2).message().contains("outside the image folder"));

    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                SparkTfRecords.builder(spark, labels)
                    .imageRoot(images("raccoon").toString())
                    .build()
                    .write(set, tmp.resolve("failed/train.record").toString()));
    assertTrue(e.getMessage().contains("missing.jpg"), e.getMessage());
    try (Stream<Path> left = Files.list(tmp.resolve("failed"))) {
      assertEquals(List.of(), left.toList(), "a failed job leaves nothing");
    }
  }

  /** The Spark shards hold the same bytes as the writer's, and the folder holds nothing else. */
  static void assertSameShards(TfRecordWriteResult local, Path sparkDir, SparkTfRecordsResult r)
      throws IOException {
    assertEquals(local.recordsPerFile(), r.recordsPerFile());
    assertEquals(local.images(), r.images());
    assertEquals(local.objects(), r.objects());
    assertEquals(local.imageBytes(), r.imageBytes());
    List<String> names = new ArrayList<>();
    for (Path f : local.files()) {
      names.add(f.getFileName().toString());
      assertArrayEquals(
          Files.readAllBytes(f),
          Files.readAllBytes(sparkDir.resolve(f.getFileName())),
          f.getFileName().toString());
    }
    try (Stream<Path> s = Files.list(sparkDir)) {
      // Hadoop's local file system writes .crc side files; nothing else may be there
      assertEquals(
          names.stream().sorted().toList(),
          s.map(p -> p.getFileName().toString())
              .filter(n -> !n.endsWith(".crc"))
              .sorted()
              .toList());
    }
  }

  static List<DecodedExample> decodeAll(List<Path> files) throws IOException {
    List<DecodedExample> out = new ArrayList<>();
    for (Path f : files) {
      TfRecordReader.defaults().forEach(f, (file, i, ex) -> out.add(ex));
    }
    return out;
  }
}
