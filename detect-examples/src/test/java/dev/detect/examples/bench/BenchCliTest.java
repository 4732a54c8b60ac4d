package dev.detect.examples.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.Preset;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The benchmark mains' command lines: help and usage errors, without running a benchmark. */
class BenchCliTest {
  private record Bench(String name, Supplier<Callable<Integer>> command, List<String> badValue) {}

  private static final List<Bench> BENCHES =
      List.of(
          new Bench("DetectorBench", DetectorBench::new, List.of("--preset", "huge")),
          new Bench("TrainingBench", TrainingBench::new, List.of("--steps", "many")),
          new Bench("TfRecordBench", TfRecordBench::new, List.of("--images", "1.5")),
          new Bench("VocToCsvBench", VocToCsvBench::new, List.of("--copies", "x")),
          new Bench("ConcurrencyBench", ConcurrencyBench::new, List.of("--threads", "1,two")));

  private record Run(int code, String out, String err) {}

  private static Run run(Callable<Integer> command, List<String> args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(command);
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args.toArray(String[]::new));
    return new Run(code, out.toString(), err.toString());
  }

  @Test
  void help_exitsZero_andShowsTheDefaults() {
    for (Bench b : BENCHES) {
      Run r = run(b.command().get(), List.of("--help"));
      assertEquals(0, r.code(), b.name() + ": " + r.err());
      assertTrue(r.out().startsWith("Usage: " + b.name()), r.out());
      assertTrue(r.out().contains("Default:"), b.name() + " shows no defaults: " + r.out());
    }
    assertTrue(run(new DetectorBench(), List.of("--help")).out().contains("Default: both"));
    assertTrue(run(new ConcurrencyBench(), List.of("--help")).out().contains("Default: 1,2,4,8"));
  }

  @Test
  void badOptionValue_isAUsageError_beforeAnythingRuns() {
    for (Bench b : BENCHES) {
      Run r = run(b.command().get(), b.badValue());
      assertEquals(2, r.code(), b.name() + ": " + r.out() + r.err());
      assertTrue(r.err().contains(b.badValue().get(0)), b.name() + ": " + r.err());
      assertEquals("", r.out(), b.name());
    }
  }

  @Test
  void unknownOption_andOutOfRangeCounts_areUsageErrors() {
    assertEquals(2, run(new TrainingBench(), List.of("--stpes", "3")).code());
    assertEquals(2, run(new DetectorBench(), List.of("--samples", "0")).code());
    assertEquals(2, run(new ConcurrencyBench(), List.of("--threads", "1,0")).code());
    assertEquals(2, run(new DetectorBench(), List.of("--image-type", "cmyk")).code());
  }

  @Test
  void optionValues_reachTheBench_asBeforeTheConversion() {
    DetectorBench detector = new DetectorBench();
    new CommandLine(detector).parseArgs("--preset", "standard", "--image-type", "rgb");
    assertEquals(List.of(Preset.SSD_MOBILENET_V2_320X320), detector.a.presets.list());
    assertEquals(java.awt.image.BufferedImage.TYPE_INT_RGB, detector.a.imageType);
    DetectorBench defaults = new DetectorBench();
    new CommandLine(defaults).parseArgs();
    assertEquals(List.of(Preset.TINY, Preset.SSD_MOBILENET_V2_320X320), defaults.a.presets.list());
    assertEquals(java.awt.image.BufferedImage.TYPE_3BYTE_BGR, defaults.a.imageType);
    TrainingBench training = new TrainingBench();
    new CommandLine(training).parseArgs("--preset", "tiny");
    assertEquals(List.of(Preset.TINY), training.presets.list());
    ConcurrencyBench concurrency = new ConcurrencyBench();
    new CommandLine(concurrency).parseArgs("--threads", "1,3", "--preset", "standard");
    assertEquals(List.of(1, 3), concurrency.a.threads);
    assertEquals(Preset.SSD_MOBILENET_V2_320X320, concurrency.a.preset);
    ConcurrencyBench concurrencyDefaults = new ConcurrencyBench();
    new CommandLine(concurrencyDefaults).parseArgs();
    assertEquals(List.of(1, 2, 4, 8), concurrencyDefaults.a.threads);
  }
}
