package dev.detect.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/** {@code detect tfrecord --shards N}: never more shards than images, empty shards are reported. */
class TfRecordShardsCliTest {
  static final Path DATA = DetectCliTest.DATA;

  @TempDir Path tmp;
  Path labelMap;

  @BeforeEach
  void files() throws Exception {
    labelMap = Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'raccoon' }\n");
  }

  private Path csv(String... rows) throws Exception {
    return Files.writeString(
        tmp.resolve("all.csv"),
        "filename,width,height,class,xmin,ymin,xmax,ymax\n" + String.join("\n", rows) + "\n");
  }

  private Run tfrecord(Path csv, String... extra) {
    String[] base = {
      "tfrecord",
      "--input",
      csv.toString(),
      "--images",
      DATA.resolve("raccoon/images").toString(),
      "--label-map",
      labelMap.toString(),
      "--output",
      tmp.resolve("out/t.record").toString()
    };
    return DetectCliTest.runWith(base, extra);
  }

  @Test
  void tfrecord_moreShardsThanImages_isAUsageErrorNamingBothAndWritesNothing() throws Exception {
    Path csv =
        csv(
            "raccoon-1.jpg,650,417,raccoon,81,88,522,408",
            "raccoon-2.jpg,800,573,raccoon,10,10,100,100");
    Run r = tfrecord(csv, "--shards", "300");
    assertEquals(ExitCode.USAGE, r.code(), r.err());
    assertTrue(r.err().contains("--shards 300 is more than the 2 image(s)"), r.err());
    assertTrue(r.err().contains("use --shards 2 or fewer"), r.err());
    assertFalse(Files.exists(tmp.resolve("out")));
    Run ok = tfrecord(csv, "--shards", "2");
    assertEquals(0, ok.code(), ok.err());
    try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
      assertEquals(2, files.count());
    }
  }

  @Test
  void tfrecord_shardsLeftEmptyBySkippedImages_areReported() throws Exception {
    Path csv =
        csv(
            "raccoon-1.jpg,650,417,raccoon,81,88,522,408",
            "no-such-image.jpg,640,480,raccoon,10,10,100,100");
    Run r = tfrecord(csv, "--shards", "2", "--skip-invalid-images");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 of 2 shard file(s) hold no record"), r.err());
    assertTrue(r.err().contains("t.record-00001-of-00002"), r.err());
    assertTrue(r.out().contains("1 of 2 shards hold no record"), r.out());
  }
}
