package dev.detect.spark.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationReaders;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code detect spark tfrecord|detect} end to end on a local master. */
@Tag("slow")
class SparkCliTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @TempDir Path tmp;
  final StringWriter out = new StringWriter();
  final StringWriter err = new StringWriter();

  int run(String... args) {
    CommandLine cl = SparkCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    return cl.execute(args);
  }

  @Test
  void tfrecord_writesTheShardsDetectTfrecordWrites() throws Exception {
    Path raccoon = DATA.resolve("raccoon");
    Path labelMap = raccoon.resolve("training/object-detection.pbtxt");
    int code =
        run(
            "tfrecord",
            "--input",
            raccoon.resolve("annotations").toString(),
            "--images",
            raccoon.resolve("images").toString(),
            "--label-map",
            labelMap.toString(),
            "--output",
            tmp.resolve("spark/train.record").toString(),
            "--shards",
            "2",
            "--master",
            "local[2]");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith("wrote 160 images, 173 objects"), out.toString());
    assertTrue(out.toString().contains("train.record-?????-of-00002"), out.toString());
    TfRecordWriteResult local =
        TfRecordWriter.builder(LabelMapFormat.read(labelMap))
            .imageDirectory(raccoon.resolve("images"))
            .shards(2)
            .build()
            .write(
                AnnotationReaders.read(raccoon.resolve("annotations"), ReaderOptions.defaults())
                    .annotations(),
                tmp.resolve("local/train.record"));
    for (Path f : local.files()) {
      assertArrayEquals(
          Files.readAllBytes(f), Files.readAllBytes(tmp.resolve("spark").resolve(f.getFileName())));
    }
    try (Stream<Path> s = Files.list(tmp.resolve("spark"))) {
      assertEquals(2, s.count(), "the shards alone");
    }
  }

  @Test
  void detect_writesJsonLines_andCountsImages() throws Exception {
    Path model = DATA.resolve("models/tf1_frozen_aiy_person_cat_dog_256");
    int code =
        run(
            "detect",
            "--model",
            model.toString(),
            "--input",
            model.toAbsolutePath() + "/**/*.jpg",
            "--output",
            tmp.resolve("det").toString(),
            "--format",
            "json",
            "--min-score",
            "0.3",
            "--master",
            "local[2]");
    assertEquals(0, code, err.toString());
    assertTrue(out.toString().startsWith("2 image(s), "), out.toString());
    try (Stream<Path> s = Files.list(tmp.resolve("det"))) {
      List<Path> parts = s.filter(p -> p.getFileName().toString().endsWith(".json")).toList();
      assertTrue(!parts.isEmpty());
    }
  }

  @Test
  void badOption_isAUsageError() {
    assertEquals(
        2, run("detect", "--model", "m", "--input", "i", "--output", "o", "--format", "csv"));
    assertTrue(err.toString().contains("--format must be parquet or json"), err.toString());
  }
}
