package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.train.checkpoint.CheckpointIndex;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.tensorboard.EventRecords;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Result;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;
import org.tensorflow.types.family.TType;

/**
 * Crash safety end to end: a training run in a separate JVM ({@link KillAndResumeChild}) is killed
 * with SIGKILL at seeded random moments (during a step, during a checkpoint write, during the
 * export), checked, and restarted, several times. After every kill: every checkpoint index on disk
 * restores completely, the state file names a complete checkpoint, every event file reads with its
 * CRCs up to at most a torn last record (TensorBoard skips it), the export folder is absent or
 * complete and loadable, and no temporary is named like something a reader picks up. On every
 * restart training resumes from the newest complete checkpoint, at most one checkpoint interval
 * behind the last step seen. Finally the run completes and its export loads.
 *
 * <p>{@code -Ddetect.crash.cycles=N} (default 5) and {@code -Ddetect.crash.seed=S} change the run.
 */
@Tag("slow")
class KillAndResumeTest {
  static final int EVERY = 5;

  @TempDir Path work;

  enum Moment {
    STEP,
    CHECKPOINT,
    EXPORT
  }

  @Test
  void killedAtRandomMoments_resumesFromTheNewestCompleteCheckpoint_andNothingIsTorn()
      throws Exception {
    int cycles = Integer.getInteger("detect.crash.cycles", 5);
    long seed = Long.getLong("detect.crash.seed", 20261125L);
    Random random = new Random(seed);
    long numSteps = (long) EVERY * (cycles + 1);
    Path config = dataset();
    Path modelDir = work.resolve("model");
    Path exportDir = work.resolve("exported");
    long t0 = System.nanoTime();
    long maxStepSeen = 0;
    int killed = 0;
    int midCheckpoint = 0;
    int midExport = 0;
    List<String> log = new ArrayList<>();
    for (int cycle = 0; cycle < cycles; cycle++) {
      Moment moment =
          cycle == cycles - 1 ? Moment.EXPORT : cycle % 2 == 0 ? Moment.STEP : Moment.CHECKPOINT;
      long latestBefore = latestStep(modelDir);
      try (Child child = Child.start(config, modelDir, exportDir, numSteps, work, cycle)) {
        long first = child.startStep();
        assertEquals(latestBefore, first, "resumes from the newest complete checkpoint");
        assertTrue(
            first >= maxStepSeen - EVERY,
            "step went back from " + maxStepSeen + " to " + first + ", more than one interval");
        long target = first + 1 + random.nextInt(2 * EVERY);
        int delayMs =
            switch (moment) {
              case STEP -> random.nextInt(40);
              case CHECKPOINT -> random.nextInt(120);
              case EXPORT -> random.nextInt(1500);
            };
        String trigger =
            switch (moment) {
              case STEP -> "STEP " + Math.min(target, numSteps);
              case CHECKPOINT -> "CKPT-BEGIN";
              case EXPORT -> "EXPORT-BEGIN";
            };
        Optional<Long> seen = child.awaitLine(trigger);
        maxStepSeen = Math.max(maxStepSeen, child.lastStep);
        if (seen.isEmpty()) {
          log.add(cycle + ":" + moment + " run ended before the kill");
          continue;
        }
        Thread.sleep(delayMs);
        if (!child.process.isAlive()) {
          log.add(cycle + ":" + moment + " run ended before the kill");
          continue;
        }
        child.kill();
        killed++;
        maxStepSeen = Math.max(maxStepSeen, child.drainSteps());
        boolean ckptTmp = hasTemporary(modelDir);
        boolean exportTmp = hasTemporary(work);
        midCheckpoint += ckptTmp ? 1 : 0;
        midExport += moment == Moment.EXPORT && exportTmp ? 1 : 0;
        log.add(
            String.format(
                Locale.ROOT,
                "%d:%s at '%s'+%dms, steps %d..%d, temporaries: model %s, export %s",
                cycle,
                moment,
                trigger,
                delayMs,
                first,
                child.lastStep,
                ckptTmp,
                exportTmp));
      }
      checkNothingTorn(modelDir, exportDir);
    }
    try (Child child = Child.start(config, modelDir, exportDir, numSteps, work, cycles)) {
      long first = child.startStep();
      assertEquals(latestStep(modelDir), first);
      assertTrue(first >= maxStepSeen - EVERY, maxStepSeen + " -> " + first);
      assertTrue(child.awaitLine("EXPORT-DONE").isPresent(), "the last run completes");
      assertEquals(0, child.process.waitFor(), "exit status");
      assertTrue(child.lastStep == 0 || child.lastStep == numSteps, "" + child.lastStep);
    }
    assertEquals(numSteps, latestStep(modelDir));
    checkNothingTorn(modelDir, exportDir);
    assertTrue(Files.isDirectory(exportDir.resolve("saved_model")));
    for (Path dir : List.of(modelDir, modelDir.resolve("train"), modelDir.resolve("eval"), work)) {
      assertFalse(
          hasTemporary(dir), "the restarted run swept the leftovers of killed ones: " + dir);
    }
    double seconds = (System.nanoTime() - t0) / 1e9;
    System.out.printf(
        Locale.ROOT,
        "KillAndResumeTest: %d cycles, %d kills survived (%d left a checkpoint temporary,"
            + " %d an export temporary), %d steps, seed %d, %.1f s%n  %s%n",
        cycles,
        killed,
        midCheckpoint,
        midExport,
        numSteps,
        seed,
        seconds,
        String.join("\n  ", log));
    assertTrue(killed >= cycles - 1, "most cycles were really killed: " + log);
  }

  /** A tiny dataset and its pipeline.config; returns the config file. */
  private Path dataset() throws IOException {
    // The step count comes from the child's command line.
    PipelineConfig config =
        TinyModels.config(work.resolve("data"), 12, 1).toBuilder().batchSize(2).build();
    Path file = work.resolve("pipeline.config");
    config.write(file);
    return file;
  }

  private static long latestStep(Path modelDir) throws IOException {
    return new CheckpointManager(modelDir, 1)
        .latest()
        .map(CheckpointManager.Checkpoint::step)
        .orElse(0L);
  }

  private static boolean hasTemporary(Path dir) throws IOException {
    if (!Files.isDirectory(dir)) {
      return false;
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.anyMatch(AtomicFiles::isTemporary);
    }
  }

  /** What a reader (trainer, TensorBoard, exporter, detector) could pick up is complete. */
  static void checkNothingTorn(Path modelDir, Path exportDir) throws IOException {
    Optional<CheckpointManager.Checkpoint> latest = new CheckpointManager(modelDir, 1).latest();
    latest.ifPresent(c -> assertTrue(Files.exists(indexOf(c.prefix())), c.toString()));
    for (Path dir : List.of(modelDir, modelDir.resolve("best"))) {
      for (Path index : list(dir, "ckpt-", ".index")) {
        Path prefix = dir.resolve(index.getFileName().toString().replace(".index", ""));
        restoresCompletely(prefix);
      }
    }
    for (Path dir : List.of(modelDir.resolve("train"), modelDir.resolve("eval"))) {
      for (Path events : list(dir, "events.out.tfevents.", "")) {
        // An append-only log: a kill in the middle of an append may leave the last record torn,
        // which TensorBoard skips; every record before it must be complete with its CRCs.
        int n = EventRecords.complete(events).size();
        assertTrue(n >= 1, "at least the version record: " + events);
      }
    }
    for (Path dir : List.of(modelDir, modelDir.resolve("train"), modelDir.resolve("eval"))) {
      if (Files.isDirectory(dir)) {
        try (Stream<Path> s = Files.list(dir)) {
          for (Path p : s.toList()) {
            String name = p.getFileName().toString();
            assertTrue(
                !name.startsWith(".") || AtomicFiles.isTemporary(p), "unknown hidden file " + p);
            assertFalse(AtomicFiles.isTemporary(p) && name.contains("tfevents"), name);
          }
        }
      }
    }
    if (Files.exists(exportDir)) {
      assertTrue(Files.exists(exportDir.resolve("pipeline.config")), "complete export");
      assertTrue(Files.exists(exportDir.resolve("label_map.pbtxt")), "complete export");
      restoresCompletely(exportDir.resolve("checkpoint/ckpt-0"));
      try (SavedModelBundle b =
          SavedModelBundle.load(exportDir.resolve("saved_model").toString(), "serve")) {
        assertTrue(b.signatures().size() >= 1, "loads with its signature");
      }
    }
  }

  private static Path indexOf(Path prefix) {
    return prefix.resolveSibling(prefix.getFileName() + ".index");
  }

  private static List<Path> list(Path dir, String prefix, String suffix) throws IOException {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    try (Stream<Path> s = Files.list(dir)) {
      return s.filter(
              p ->
                  p.getFileName().toString().startsWith(prefix)
                      && p.getFileName().toString().endsWith(suffix))
          .sorted()
          .toList();
    }
  }

  /** Reads every tensor of the checkpoint with TensorFlow (which checks each tensor's CRC). */
  static void restoresCompletely(Path prefix) throws IOException {
    CheckpointIndex index = CheckpointIndex.read(prefix);
    List<String> names = new ArrayList<>();
    List<Class<? extends TType>> types = new ArrayList<>();
    for (CheckpointIndex.Entry e : index.entries().values()) {
      Class<? extends TType> type = type(e.dtype());
      if (type != null) {
        names.add(e.name());
        types.add(type);
      }
    }
    assertFalse(names.isEmpty(), "tensors in " + prefix);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Restore r =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(
                  Shape.of(names.size()), DataBuffers.ofObjects(names.toArray(String[]::new))),
              tf.constant(
                  Shape.of(names.size()), DataBuffers.ofObjects(emptyStrings(names.size()))),
              types);
      Session.Runner runner = s.runner();
      for (Operand<?> t : r.tensors()) {
        runner.fetch(t);
      }
      try (Result res = runner.run()) {
        assertEquals(names.size(), res.size(), "every tensor of " + prefix);
      }
    }
  }

  private static String[] emptyStrings(int n) {
    String[] a = new String[n];
    java.util.Arrays.fill(a, "");
    return a;
  }

  private static Class<? extends TType> type(DataType dtype) {
    return switch (dtype) {
      case DT_FLOAT -> TFloat32.class;
      case DT_INT64 -> TInt64.class;
      case DT_INT32 -> TInt32.class;
      default -> null;
    };
  }

  /** The child JVM and its announced lines. */
  static final class Child implements AutoCloseable {
    final Process process;
    final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    long lastStep;
    private boolean ended;

    private Child(Process process) {
      this.process = process;
      Thread reader =
          new Thread(
              () -> {
                try (BufferedReader in =
                    new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                  for (String l = in.readLine(); l != null; l = in.readLine()) {
                    lines.add(l);
                  }
                } catch (IOException e) {
                  // the process was killed
                } finally {
                  lines.add("<EOF>");
                }
              });
      reader.setDaemon(true);
      reader.start();
    }

    static Child start(
        Path config, Path modelDir, Path exportDir, long numSteps, Path work, int run)
        throws IOException {
      ProcessBuilder pb =
          new ProcessBuilder(
              Path.of(System.getProperty("java.home"), "bin", "java").toString(),
              "-Xmx1g",
              "-cp",
              System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
              KillAndResumeChild.class.getName(),
              config.toString(),
              modelDir.toString(),
              exportDir.toString(),
              Long.toString(numSteps),
              Integer.toString(EVERY),
              Integer.toString(2 * EVERY));
      pb.environment().put("TF_CPP_MIN_LOG_LEVEL", "2");
      pb.redirectError(work.resolve("child-" + run + ".err").toFile());
      return new Child(pb.start());
    }

    /** The step the run starts from. */
    long startStep() throws Exception {
      String l = next();
      if (!l.startsWith("START ")) {
        fail("expected START, got '" + l + "'");
      }
      return Long.parseLong(l.substring(6));
    }

    /** Waits for a line starting with {@code prefix}; empty when the process ended first. */
    Optional<Long> awaitLine(String prefix) throws Exception {
      while (true) {
        String l = next();
        if (l.equals("<EOF>")) {
          ended = true;
          return Optional.empty();
        }
        if (l.startsWith(prefix)) {
          return Optional.of(lastStep);
        }
      }
    }

    /** After the kill: the last step announced. */
    long drainSteps() throws Exception {
      while (!ended && !next().equals("<EOF>")) {
        // lastStep is updated by next()
      }
      ended = true;
      return lastStep;
    }

    private String next() throws Exception {
      String l = lines.poll(120, TimeUnit.SECONDS);
      if (l == null) {
        fail("the child printed nothing for 120 s");
      }
      if (l.startsWith("STEP ")) {
        lastStep = Long.parseLong(l.substring(5));
      }
      return l;
    }

    void kill() throws InterruptedException {
      process.destroyForcibly(); // SIGKILL on Linux
      process.waitFor();
    }

    @Override
    public void close() throws InterruptedException {
      if (process.isAlive()) {
        kill();
      }
    }
  }
}
