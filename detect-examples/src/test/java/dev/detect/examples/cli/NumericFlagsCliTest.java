package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine.ExitCode;

/**
 * Numbers on the command line and in a detections file: a flag value that does not fit its type
 * ({@code 4294967297} for an int) or is not finite ({@code NaN}, {@code Infinity}, {@code 1e999})
 * is a usage error (exit 2) naming the flag; a non-finite or overflowing config value set with
 * {@code --set} is an error of {@code --validate}.
 */
class NumericFlagsCliTest {
  static final String BIG_INT = "4294967297"; // 2^32 + 1
  static final String BIG_LONG = "18446744073709551617"; // 2^64 + 1

  @TempDir Path tmp;

  private static void usageError(Run r, String says) {
    assertEquals(ExitCode.USAGE, r.code(), r.err());
    assertTrue(r.err().contains(says), r.err());
  }

  private String s(String name) {
    return tmp.resolve(name).toString();
  }

  @Test
  void detect_nonFiniteMinScoreOrMaxResultsBelowOne_areUsageErrors() {
    // NaN/Infinity reached DetectorOptions and failed with exit 1 as an internal error.
    for (String bad : List.of("NaN", "Infinity", "-Infinity", "1e999", "-0.1", "1.5")) {
      usageError(
          run("detect", "--model", s("m"), "--input", s("i"), "--min-score", bad),
          "--min-score must be in [0, 1]");
    }
    usageError(
        run("detect", "--model", s("m"), "--input", s("i"), "--max-results", "0"),
        "--max-results must be >= 1");
    usageError(
        run("detect", "--model", s("m"), "--input", s("i"), "--max-results", BIG_INT),
        "--max-results");
  }

  @Test
  void intFlags_beyondTheirType_areUsageErrorsNotNarrowed() {
    usageError(run("demo", "--work-dir", s("demo"), "--images", BIG_INT), "--images");
    usageError(run("demo", "--work-dir", s("demo"), "--steps", BIG_INT), "--steps");
    usageError(run("inspect", "--input", s("x.record"), "--limit", BIG_LONG), "--limit");
    usageError(
        run(
            "tfrecord",
            "--input",
            s("a.csv"),
            "--label-map",
            s("m.pbtxt"),
            "--output",
            s("t.record"),
            "--shards",
            BIG_INT),
        "--shards");
    usageError(
        run(
            "train",
            "--pipeline-config",
            s("p.config"),
            "--model-dir",
            s("m"),
            "--batch-size",
            BIG_INT),
        "--batch-size");
    usageError(
        run(
            "train",
            "--pipeline-config",
            s("p.config"),
            "--model-dir",
            s("m"),
            "--num-train-steps",
            BIG_LONG),
        "--num-train-steps");
    usageError(
        run("config", "--preset", "tiny", "--num-classes", BIG_INT, "--output", s("p.config")),
        "--num-classes");
    assertFalse(Files.exists(tmp.resolve("p.config")));
    assertFalse(Files.exists(tmp.resolve("demo")));
  }

  @Test
  void split_nonFiniteTrainFraction_isAUsageError() throws Exception {
    Path csv =
        Files.writeString(
            tmp.resolve("all.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,10,10,cat,1,1,5,5\n");
    for (String bad : List.of("NaN", "Infinity", "1e999")) {
      usageError(
          run(
              "split",
              "--input",
              csv.toString(),
              "--train-output",
              s("t.csv"),
              "--eval-output",
              s("e.csv"),
              "--train-fraction",
              bad),
          "--train-fraction must be between 0 and 1");
    }
  }

  @Test
  void configValidate_reportsANonFiniteValueSetOnTheCommandLine() {
    String lr =
        "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate"
            + ".learning_rate_base";
    for (String bad : List.of("nan", "inf", "1e999", "1e39")) {
      Run r = run("config", "--preset", "tiny", "--set", lr + "=" + bad, "--validate");
      assertEquals(DetectCli.EXIT_INVALID_DATA, r.code(), r.out() + r.err());
      assertTrue(r.out().contains("ERROR " + lr + ": learning_rate_base is " + bad), r.out());
    }
  }

  @Test
  void detectionsJson_labelIdBeyondIntAndScoreBeyondFloat_areRefused() throws Exception {
    // label_id 4294967297 became 2147483647 ((int) of a double saturates); score 1e300 became
    // Infinity and failed later without the file.
    Path file = tmp.resolve("d.json");
    String box = "\"box\":{\"xmin\":1,\"ymin\":1,\"xmax\":2,\"ymax\":2}";
    for (String entry :
        List.of(
            "\"label_id\":" + BIG_INT + ",\"score\":0.5",
            "\"label_id\":" + BIG_LONG + ",\"score\":0.5",
            "\"label_id\":1.5,\"score\":0.5",
            "\"label\":\"cat\",\"score\":1e300")) {
      Files.writeString(file, "[\n{\"filename\":\"a.jpg\"," + entry + "," + box + "}\n]");
      DatasetFormatException e =
          assertThrows(DatasetFormatException.class, () -> DetectionsJson.read(file), entry);
      assertTrue(e.getMessage().contains("d.json:2"), e.getMessage());
      assertTrue(e.getMessage().contains("entry 1"), e.getMessage());
    }
    Files.writeString(
        file, "[{\"filename\":\"a.jpg\",\"label_id\":2147483647,\"score\":0.5," + box + "}]");
    assertEquals(Integer.MAX_VALUE, DetectionsJson.read(file).get(0).labelId());
  }
}
