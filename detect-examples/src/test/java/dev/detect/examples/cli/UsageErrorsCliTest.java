package dev.detect.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import picocli.CommandLine.ExitCode;

/**
 * Every bad flag value (out of range, malformed, unknown) is a usage error, as the README promises:
 * exit 2, a message naming the flag and a {@code --help} hint, never a failure (exit 1) naming a
 * Java setter.
 */
class UsageErrorsCliTest {
  static final String MODEL =
      DetectCliTest.DATA.resolve("models/tf1_frozen_aiy_person_cat_dog_256").toString();

  @TempDir Path tmp;

  @BeforeEach
  void files() throws Exception {
    Files.writeString(
        tmp.resolve("all.csv"),
        "filename,width,height,class,xmin,ymin,xmax,ymax\n"
            + "a.jpg,100,100,cat,10,10,50,50\n"
            + "b.jpg,100,100,cat,10,10,50,50\n");
    Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'cat' }\n");
    Run config = DetectCliTest.run("config", "--preset", "tiny", "--output", s("p.config"));
    assertEquals(0, config.code(), config.err());
    Files.write(tmp.resolve("x.record"), new byte[0]);
  }

  private String s(String name) {
    return tmp.resolve(name).toString();
  }

  static Stream<Arguments> badValues() {
    String[] split = {"split", "--input", "{all.csv}", "--train-output", "{t.csv}"};
    String[] splitEval = {"--eval-output", "{e.csv}"};
    String[] config = {"config", "--preset", "tiny", "--output", "{q.config}"};
    String[] train = {"train", "--pipeline-config", "{p.config}", "--model-dir", "{model}"};
    String[] tfrecord = {
      "tfrecord",
      "--input",
      "{all.csv}",
      "--images",
      "{.}",
      "--label-map",
      "{map.pbtxt}",
      "--output",
      "{o.record}"
    };
    String[] detect = {"detect", "--model", MODEL, "--input", "{all.csv}"};
    return Stream.of(
        bad(join(split, splitEval, "--train-fraction", "1.5"), "--train-fraction"),
        bad(join(split, splitEval, "--seed", "x"), "--seed"),
        bad(join(split, splitEval, "--group-pattern", "("), "--group-pattern"),
        bad(join(tfrecord, "--shards", "0"), "--shards"),
        bad(join(tfrecord, "--threads", "0"), "--threads"),
        bad(join(new String[] {"inspect", "--input", "{x.record}"}, "--limit", "-2"), "--limit"),
        bad(join(config, "--num-classes", "0"), "--num-classes must be positive"),
        bad(join(config, "--batch-size", "0"), "--batch-size must be positive"),
        bad(join(config, "--num-steps", "-1"), "--num-steps must not be negative"),
        bad(join(config, "--set", "a..b=3"), "--set a..b=3"),
        bad(join(config, "--set", "train_config.batch_size=abc"), "--set train_config"),
        bad(new String[] {"config", "--preset", "bogus", "--output", "{q.config}"}, "--preset"),
        bad(join(train, "--num-train-steps", "0"), "--num-train-steps must be >= 1"),
        bad(join(train, "--checkpoint-every", "0"), "--checkpoint-every must be >= 1"),
        bad(join(train, "--batch-size", "0"), "--batch-size must be 1 to 4096"),
        bad(join(train, "--threads", "0"), "--threads must be >= 1"),
        bad(join(train, "--input-threads", "0"), "--input-threads must be >= 1"),
        bad(join(train, "--cache-mb", "-1"), "--cache-mb"),
        bad(join(detect, "--min-score", "1.5"), "--min-score must be in [0, 1]"),
        bad(join(detect, "--min-score", "NaN"), "--min-score must be in [0, 1]"),
        bad(join(detect, "--max-results", "0"), "--max-results must be >= 1"),
        bad(new String[] {"demo", "--work-dir", "{w}", "--images", "0"}, "--images"),
        bad(new String[] {"demo", "--work-dir", "{w}", "--steps", "0"}, "--steps"),
        bad(
            new String[] {
              "export",
              "--pipeline-config",
              "{p.config}",
              "--trained-checkpoint-dir",
              "{model}",
              "--output-directory",
              "{out}",
              "--input-type",
              "encoded_image_string_tensor"
            },
            "--input-type"));
  }

  private static Arguments bad(String[] args, String says) {
    return Arguments.of(String.join(" ", args), args, says);
  }

  private static String[] join(String[] base, String... extra) {
    return Stream.concat(Stream.of(base), Stream.of(extra)).toArray(String[]::new);
  }

  private static String[] join(String[] base, String[] more, String... extra) {
    return join(join(base, more), extra);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("badValues")
  void aBadFlagValue_isAUsageError_namingTheFlag(String name, String[] args, String says) {
    String[] resolved =
        Stream.of(args)
            .map(
                a ->
                    a.startsWith("{") && a.endsWith("}")
                        ? tmp.resolve(a.substring(1, a.length() - 1)).normalize().toString()
                        : a)
            .toArray(String[]::new);
    Run r = DetectCliTest.run(resolved);
    assertEquals(ExitCode.USAGE, r.code(), r.err());
    assertTrue(r.err().contains(says), r.err());
    assertTrue(r.err().contains("--help"), r.err());
  }
}
