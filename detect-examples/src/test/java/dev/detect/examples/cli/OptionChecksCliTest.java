package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/**
 * Every option a command takes reaches the work, and a bad value is a usage error (exit 2) naming
 * the option before any input is read or output written.
 */
class OptionChecksCliTest {
  static final Path DATA = DetectCliTest.DATA;

  @TempDir Path tmp;
  Path csv;
  Path labelMap;

  @BeforeEach
  void files() throws Exception {
    csv =
        Files.writeString(
            tmp.resolve("all.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\nraccoon-1.jpg,650,417,raccoon,81,88,522,408\n");
    labelMap = Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'raccoon' }\n");
  }

  private static void usageError(Run r, String says) {
    assertEquals(ExitCode.USAGE, r.code(), r.err());
    assertTrue(r.err().contains(says), r.err());
  }

  private Run tfrecord(String... extra) {
    String[] base = {
      "tfrecord",
      "--input",
      csv.toString(),
      "--images",
      DATA.resolve("raccoon/images").toString(),
      "--label-map",
      labelMap.toString(),
      "--output",
      tmp.resolve("t.record").toString()
    };
    return DetectCliTest.runWith(base, extra);
  }

  @Test
  void tfrecord_badWriterSettings_areUsageErrorsAndWriteNothing() {
    usageError(tfrecord("--compression", "zip"), "--compression must be none or gzip");
    usageError(tfrecord("--invalid-boxes", "drop"), "--invalid-boxes must be fail, skip or clip");
    usageError(tfrecord("--shards", "0"), "--shards must be 1 to 99999");
    usageError(tfrecord("--threads", "0"), "--threads must be >= 1");
    usageError(tfrecord("--format", "pascal"), "--format: unknown format 'pascal'");
    assertFalse(Files.exists(tmp.resolve("t.record")));
    Run ok = tfrecord("--format", "csv");
    assertEquals(0, ok.code(), ok.err());
    assertTrue(ok.out().contains("1 image"), ok.out());
  }

  @Test
  void missingImagesFolder_isAUsageErrorInEveryCommandThatTakesIt() {
    String missing = tmp.resolve("no-such-folder").toString();
    usageError(
        run("csv", "--input", csv.toString(), "--output", s("x.csv"), "--images", missing),
        "--images " + missing + " does not exist");
    usageError(run("validate", "--input", csv.toString(), "--images", missing), "does not exist");
    usageError(
        run(
            "convert",
            "--input",
            csv.toString(),
            "--from",
            "csv",
            "--to",
            "coco",
            "--output",
            s("x.json"),
            "--images",
            missing),
        "does not exist");
    usageError(
        run("labelmap", "--input", csv.toString(), "--output", s("m.pbtxt"), "--images", missing),
        "does not exist");
    usageError(
        run(
            "tfrecord",
            "--input",
            csv.toString(),
            "--images",
            csv.toString(),
            "--label-map",
            labelMap.toString(),
            "--output",
            s("t.record")),
        "is not a folder");
    usageError(
        run(
            "eval",
            "--ground-truth",
            csv.toString(),
            "--detections",
            s("d.json"),
            "--images",
            missing),
        "does not exist");
    for (String out : new String[] {"x.csv", "x.json", "m.pbtxt", "t.record"}) {
      assertFalse(Files.exists(tmp.resolve(out)), out + " written");
    }
  }

  @Test
  void classNamesOption_namesYolosClassFileKeptElsewhere() throws Exception {
    Path labels = Files.createDirectories(tmp.resolve("labels/img"));
    try (var files = Files.list(DATA.resolve("yolo_example/img"))) {
      for (Path f : files.toList()) {
        Files.copy(f, labels.resolve(f.getFileName().toString()));
      }
    }
    Run without = run("csv", "--input", labels.toString(), "--output", s("y.csv"));
    assertEquals(DetectCli.EXIT_FAILURE, without.code(), without.err());
    assertTrue(without.err().contains("--class-names FILE"), without.err());
    Run with =
        run(
            "csv",
            "--input",
            labels.toString(),
            "--output",
            s("y.csv"),
            "--class-names",
            DATA.resolve("yolo_example/obj.names").toString());
    assertEquals(0, with.code(), with.err());
    assertEquals(35, DetectCliTest.rows(tmp.resolve("y.csv")).size());
  }

  @Test
  void convert_toVia_isRefusedBeforeReading() {
    usageError(
        run(
            "convert",
            "--input",
            s("missing.csv"),
            "--from",
            "csv",
            "--to",
            "via",
            "--output",
            s("x.json")),
        "writing VIA JSON is not supported");
  }

  @Test
  void labelmap_formatYolo_readsADarknetListAsAnnotations_notAsAClassList() throws Exception {
    // a darknet image list is a .txt file, like a class list: --format yolo says which it is
    Path list = Files.writeString(tmp.resolve("train.txt"), "air1.jpg\nair2.jpg\n");
    Run asClassList = run("labelmap", "--input", list.toString(), "--output", s("c.pbtxt"));
    assertEquals(0, asClassList.code(), asClassList.err());
    assertTrue(Files.readString(tmp.resolve("c.pbtxt")).contains("name: 'air1.jpg'"));
    Run asYolo =
        run(
            "labelmap",
            "--input",
            list.toString(),
            "--format",
            "yolo",
            "--images", // the list's paths resolve against it (the images are elsewhere)
            DATA.resolve("yolo_example/img").toString(),
            "--class-names",
            DATA.resolve("yolo_example/obj.names").toString(),
            "--output",
            s("y.pbtxt"));
    assertEquals(0, asYolo.code(), asYolo.err());
    String yolo = Files.readString(tmp.resolve("y.pbtxt"));
    assertFalse(yolo.contains("air1.jpg"), yolo);
    assertTrue(yolo.contains("name: 'air'"), yolo); // obj.names' first class, used by air1/2
  }

  @Test
  void eval_formatOption_readsTheGroundTruthInThatFormat() throws Exception {
    Path detections =
        Files.writeString(
            tmp.resolve("d.json"),
            "[{\"filename\": \"raccoon-1.jpg\", \"label\": \"raccoon\", \"label_id\": 1,"
                + " \"score\": 0.9, \"box\": {\"xmin\": 81, \"ymin\": 88, \"xmax\": 522,"
                + " \"ymax\": 408}}]");
    Path renamed = Files.copy(csv, tmp.resolve("truth.data")); // no extension to guess from
    usageError(
        run(
            "eval",
            "--ground-truth",
            renamed.toString(),
            "--detections",
            detections.toString(),
            "--format",
            "nope"),
        "unknown format 'nope'");
    Run r =
        run(
            "eval",
            "--ground-truth",
            renamed.toString(),
            "--detections",
            detections.toString(),
            "--format",
            "csv");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("mAP@0.5IOU: 1.0"), r.out());
  }

  @Test
  void config_badCheckpointTypeOrUnreadableLabelMap_areSaid() {
    usageError(
        run(
            "config",
            "--preset",
            "tiny",
            "--output",
            s("p.config"),
            "--fine-tune-checkpoint-type",
            "everything"),
        "--fine-tune-checkpoint-type must be detection, classification, full or fine_tune");
    assertFalse(Files.exists(tmp.resolve("p.config")));
    Run r =
        run(
            "config",
            "--preset",
            "tiny",
            "--output",
            s("p.config"),
            "--label-map",
            s("later/label_map.pbtxt"));
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("warning: num_classes stays 1"), r.err());
    assertTrue(r.err().contains("give --num-classes N"), r.err());
  }

  @Test
  void demo_stepsOrImagesBelowOne_areUsageErrors() {
    usageError(run("demo", "--work-dir", s("demo"), "--steps", "0"), "--steps must be at least 1");
    usageError(run("demo", "--work-dir", s("demo"), "--images", "-3"), "at least 1");
    assertFalse(Files.exists(tmp.resolve("demo")), "refused before writing anything");
  }

  private String s(String name) {
    return tmp.resolve(name).toString();
  }

  @Test
  void outputSameAsAnotherOutputOrAnInput_isAUsageError_andTheInputSurvives() throws Exception {
    // split with one path for both outputs reported both written and kept only the eval rows.
    String before = Files.readString(csv);
    Path both = tmp.resolve("both.csv");
    usageError(
        run(
            "split",
            "--input",
            csv.toString(),
            "--train-output",
            both.toString(),
            "--eval-output",
            tmp.resolve("./both.csv").toString()),
        "--train-output and --eval-output are the same file");
    assertFalse(Files.exists(both));
    usageError(
        run(
            "split",
            "--input",
            csv.toString(),
            "--train-output",
            csv.toString(),
            "--eval-output",
            tmp.resolve("e.csv").toString()),
        "--train-output and --input are the same file");
    usageError(
        run("csv", "--input", csv.toString(), "--output", csv.toString()),
        "--output and --input are the same file");
    usageError(
        run(
            "labelmap",
            "--input",
            csv.toString(),
            "--output",
            tmp.resolve("x/../all.csv").toString()),
        "--output and --input are the same file");
    usageError(
        run(
            "tfrecord",
            "--input",
            csv.toString(),
            "--images",
            DATA.resolve("raccoon/images").toString(),
            "--label-map",
            labelMap.toString(),
            "--output",
            labelMap.toString()),
        "--output and --label-map are the same file");
    usageError(
        run(
            "convert",
            "--from",
            "csv",
            "--to",
            "csv",
            "--input",
            csv.toString(),
            "--output",
            csv.toString()),
        "--output and --input are the same file");
    Path config = Files.writeString(tmp.resolve("p.config"), "model { ssd { num_classes: 1 } }\n");
    usageError(
        run(
            "config",
            "--input",
            config.toString(),
            "--output",
            config.toString(),
            "--num-classes",
            "2"),
        "--output and --input are the same file");
    assertEquals(before, Files.readString(csv));
  }

  @Test
  void split_trainFractionOutOfRange_isAUsageError() {
    usageError(
        run(
            "split",
            "--input",
            csv.toString(),
            "--train-output",
            tmp.resolve("t.csv").toString(),
            "--eval-output",
            tmp.resolve("e.csv").toString(),
            "--train-fraction",
            "1.5"),
        "--train-fraction must be between 0 and 1");
  }
}
