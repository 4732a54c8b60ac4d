package dev.detect.train.checkpoint;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.textproto.TextProtoDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Variable;
import org.tensorflow.types.TFloat32;

/** Checkpoint rotation, the state file and crash safety, on a one-variable graph. */
class CheckpointManagerTest {
  @TempDir Path dir;
  Graph graph;
  Session session;
  Ops tf;
  Variable<TFloat32> v;

  @BeforeEach
  void graph() {
    graph = new Graph();
    tf = Ops.create(graph);
    v = tf.withName("v").variable(tf.constant(0f));
    session = new Session(graph);
    session.initialize();
  }

  @AfterEach
  void close() {
    session.close();
    graph.close();
  }

  void set(float value) {
    session.runner().addTarget(tf.assign(v, tf.constant(value))).run().close();
  }

  float get() {
    try (Result r = session.runner().fetch(v).run()) {
      return ((TFloat32) r.get(0)).getFloat();
    }
  }

  List<String> files() throws Exception {
    try (Stream<Path> s = Files.list(dir)) {
      return s.map(p -> p.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void save_keepsTheNewestK_andNamesThemInTheStateFile() throws Exception {
    CheckpointManager m = new CheckpointManager(dir, 3);
    for (int step = 1; step <= 5; step++) {
      set(step * 10);
      assertEquals(step, m.save(session, step).step());
    }
    assertEquals(
        List.of(
            "checkpoint",
            "ckpt-3.data-00000-of-00001",
            "ckpt-3.index",
            "ckpt-4.data-00000-of-00001",
            "ckpt-4.index",
            "ckpt-5.data-00000-of-00001",
            "ckpt-5.index"),
        files(),
        "older checkpoints deleted, no temporary folder left behind");
    assertEquals(
        List.of(3L, 4L, 5L), m.all().stream().map(CheckpointManager.Checkpoint::step).toList());
    assertEquals(dir.resolve("ckpt-5"), m.latest().orElseThrow().prefix());
    // The state file is TensorFlow's CheckpointState text proto with relative paths.
    TextProtoDocument state = TextProtoDocument.read(dir.resolve("checkpoint"));
    assertEquals("ckpt-5", state.get("model_checkpoint_path").orElseThrow());
    assertEquals(List.of("ckpt-3", "ckpt-4", "ckpt-5"), state.getAll("all_model_checkpoint_paths"));
    // and TensorFlow restores what was saved
    set(-1);
    session.restore(dir.resolve("ckpt-4").toString());
    assertEquals(40f, get());
  }

  @Test
  void latest_ignoresACheckpointWhoseIndexIsMissing() throws Exception {
    CheckpointManager m = new CheckpointManager(dir, 7);
    set(1);
    m.save(session, 100);
    set(2);
    m.save(session, 200);
    // a crash between renaming the data file and the index of ckpt-200 (simulated)
    Files.delete(dir.resolve("ckpt-200.index"));
    assertEquals(100, m.latest().orElseThrow().step());
    assertEquals(List.of(100L), m.all().stream().map(CheckpointManager.Checkpoint::step).toList());
    session.restore(m.latest().orElseThrow().prefix().toString());
    assertEquals(1f, get());
    // saving the same step again completes it
    set(3);
    m.save(session, 200);
    assertEquals(200, m.latest().orElseThrow().step());
  }

  @Test
  void crashBeforeTheStateFileIsReplaced_leavesThePreviousLatest() throws Exception {
    CheckpointManager m = new CheckpointManager(dir, 7);
    m.save(session, 1);
    String state = Files.readString(dir.resolve("checkpoint"));
    m.save(session, 2);
    // roll the state file back, as if the process died right after moving ckpt-2's files
    Files.writeString(dir.resolve("checkpoint"), state);
    assertEquals(1, m.latest().orElseThrow().step());
  }

  @Test
  void emptyFolder_hasNoCheckpoint_andNoTemporaryFolderSurvivesASave() throws Exception {
    CheckpointManager m = new CheckpointManager(dir.resolve("new"), 2);
    assertTrue(m.latest().isEmpty());
    assertTrue(m.all().isEmpty());
    m.save(session, 7);
    try (Stream<Path> s = Files.walk(dir)) {
      assertFalse(
          s.anyMatch(p -> p.getFileName().toString().contains(".tmp-")),
          "temporary folder left behind");
    }
  }

  @Test
  void keepBelowOne_isRefused() {
    assertThrows(IllegalArgumentException.class, () -> new CheckpointManager(dir, 0));
  }
}
