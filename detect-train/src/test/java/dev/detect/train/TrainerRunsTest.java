package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.LearningRateSchedule;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.checkpoint.CheckpointManager;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.types.TFloat32;

/**
 * Short trainer runs on generated shapes: the learning-rate schedule is fed per step, and a
 * diverging run stops with a typed error leaving the last checkpoint intact.
 */
@Tag("slow")
class TrainerRunsTest {
  static final String HEAD = "BoxPredictor_0/ClassPredictor/weights";

  @TempDir static Path data;
  static PipelineConfig config;

  @BeforeAll
  static void dataset() throws Exception {
    AnnotationSet set =
        SyntheticShapes.builder().images(24).imageSize(96, 96).seed(5).build().write(data);
    LabelMap labels = LabelMap.ofNames(SyntheticShapes.CLASSES);
    LabelMapFormat.write(labels, data.resolve("label_map.pbtxt"));
    TfRecordWriter.builder(labels)
        .imageDirectory(data.resolve("images"))
        .build()
        .write(set, data.resolve("train.record"));
    config =
        PipelineConfig.preset(Preset.TINY).toBuilder()
            .numClasses(labels.maxId())
            .labelMapPath(data.resolve("label_map.pbtxt").toString())
            .trainInputPaths(List.of(data.resolve("train.record").toString()))
            .evalInputPaths(List.of(data.resolve("train.record").toString()))
            .batchSize(2)
            .build();
  }

  static final class Steps implements TrainingListener {
    final List<StepInfo> steps = new ArrayList<>();

    @Override
    public void onStep(StepInfo s) {
      steps.add(s);
    }
  }

  @Test
  void learningRate_isTheSchedulesRateAtEachStep_andReallyFed() throws Exception {
    // warm-up 0.002 -> 0.02 over 3 steps, cosine to 0 at step 8, 0 after
    LearningRateSchedule schedule = new LearningRateSchedule.CosineDecay(0.02, 8, 0.002, 3, 0);
    PipelineConfig c = config.toBuilder().learningRate(schedule).numSteps(12).build();
    Path modelDir = data.resolve("schedule");
    Steps rec = new Steps();
    try (Trainer t =
        Trainer.create(
            c, TrainerOptions.builder(modelDir).checkpointEvery(4).listener(rec).build())) {
      t.train();
    }
    assertEquals(12, rec.steps.size());
    for (StepInfo s : rec.steps) {
      // StepInfo.step is 1-based; the rate of a step is the schedule at its 0-based index
      assertEquals(
          schedule.learningRate(s.step() - 1), s.learningRate(), 1e-12, "step " + s.step());
    }
    assertEquals(0.002, rec.steps.get(0).learningRate(), 1e-12);
    assertEquals(0.008, rec.steps.get(1).learningRate(), 1e-12);
    assertEquals(0.02, rec.steps.get(3).learningRate(), 1e-12);
    assertEquals(0.0, rec.steps.get(8).learningRate());
    // Proof that the rate reaches the graph: the weights move while it is > 0 (steps 5..8) and
    // stand still while it is 0 (steps 9..12), although gradients and momentum are not zero.
    float[] at4 = readVariable(modelDir.resolve("ckpt-4"), HEAD);
    float[] at8 = readVariable(modelDir.resolve("ckpt-8"), HEAD);
    float[] at12 = readVariable(modelDir.resolve("ckpt-12"), HEAD);
    assertFalse(java.util.Arrays.equals(at4, at8), "trained between steps 4 and 8");
    assertArrayEquals(at8, at12, "learning rate 0 from step 9 on");
  }

  @Test
  void divergingLoss_stopsWithTypedError_andKeepsTheLastCheckpointIntact() throws Exception {
    Path modelDir = data.resolve("nan");
    try (Trainer t = Trainer.create(config, TrainerOptions.builder(modelDir).numSteps(3).build())) {
      t.train();
    }
    Map<String, byte[]> before = snapshot(modelDir);
    assertTrue(before.containsKey("ckpt-3.index"), before.keySet().toString());

    PipelineConfig absurd =
        config.toBuilder().learningRate(new LearningRateSchedule.Constant(1e6)).build();
    Steps rec = new Steps();
    TrainingException e;
    try (Trainer t =
        Trainer.create(
            absurd,
            TrainerOptions.builder(modelDir)
                .numSteps(300)
                .checkpointEvery(1000)
                .listener(rec)
                .build())) {
      e = assertThrows(TrainingException.class, t::train);
    }
    System.out.println("diverged: " + e.getMessage());
    assertTrue(e.step() > 3, "resumed at 3, failed at " + e.step());
    assertEquals(3 + rec.steps.size() + 1, e.step(), "the step that failed");
    assertTrue(e.getMessage().startsWith("step " + e.step() + ": "), e.getMessage());
    assertTrue(e.getMessage().contains("not finite"), e.getMessage());
    assertTrue(e.getMessage().contains("learning rate"), e.getMessage());
    assertTrue(e.getMessage().contains("label map"), e.getMessage());
    assertTrue(e.getMessage().contains("boxes outside"), e.getMessage());

    Map<String, byte[]> after = snapshot(modelDir);
    assertEquals(before.keySet(), after.keySet(), "no checkpoint written or deleted");
    for (String f : before.keySet()) {
      assertArrayEquals(before.get(f), after.get(f), f + " unchanged");
    }
    assertTrue(
        new String(after.get("checkpoint"), StandardCharsets.UTF_8)
            .contains("model_checkpoint_path: \"ckpt-3\""));
    assertEquals(3, new CheckpointManager(modelDir, 7).latest().orElseThrow().step());
    // and it still resumes (with a sane rate)
    try (Trainer t = Trainer.create(config, TrainerOptions.builder(modelDir).numSteps(4).build())) {
      assertEquals(4, t.train().step());
    }
  }

  /** The model folder's files (not the TensorBoard events) and their bytes. */
  static Map<String, byte[]> snapshot(Path dir) throws Exception {
    Map<String, byte[]> out = new TreeMap<>();
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.filter(Files::isRegularFile).toList()) {
        out.put(p.getFileName().toString(), Files.readAllBytes(p));
      }
    }
    return out;
  }

  /** One float variable of a checkpoint, read with TensorFlow's RestoreV2. */
  static float[] readVariable(Path prefix, String name) {
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      Ops tf = Ops.create(g);
      Restore r =
          tf.train.restore(
              tf.constant(prefix.toString()),
              tf.constant(Shape.of(1), DataBuffers.ofObjects(name)),
              tf.constant(Shape.of(1), DataBuffers.ofObjects("")),
              List.of(TFloat32.class));
      try (Result res = s.runner().fetch(r.tensors().get(0)).run()) {
        TFloat32 t = (TFloat32) res.get(0);
        float[] out = new float[(int) t.shape().size()];
        t.copyTo(DataBuffers.of(out, false, false));
        return out;
      }
    }
  }
}
