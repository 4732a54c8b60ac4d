package dev.detect.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.core.split.Split;
import dev.detect.core.split.StratifiedSplitter;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.checkpoint.CheckpointIndex;
import dev.detect.train.checkpoint.CheckpointManager;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trains the tiny preset on generated shapes: the loss falls; checkpoint, resume and fine-tune
 * work.
 */
@Tag("slow")
class TrainerTest {
  @TempDir static Path data;
  static PipelineConfig config;

  @BeforeAll
  static void dataset() throws Exception {
    AnnotationSet set =
        SyntheticShapes.builder()
            .images(160)
            .imageSize(160, 160)
            .seed(11)
            .build()
            .write(data.resolve("shapes"));
    Split split = StratifiedSplitter.builder().trainFraction(0.8).seed(1).build().split(set);
    LabelMap labels = LabelMap.ofNames(SyntheticShapes.CLASSES);
    LabelMapFormat.write(labels, data.resolve("label_map.pbtxt"));
    Path images = data.resolve("shapes/images");
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .shards(2)
        .build()
        .write(split.train(), data.resolve("train.record"));
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .build()
        .write(split.eval(), data.resolve("eval.record"));
    config =
        PipelineConfig.preset(Preset.TINY).toBuilder()
            .numClasses(labels.maxId())
            .labelMapPath(data.resolve("label_map.pbtxt").toString())
            .trainInputPaths(List.of(data.resolve("train.record-?????-of-00002").toString()))
            .evalInputPaths(List.of(data.resolve("eval.record").toString()))
            .batchSize(8)
            .numSteps(200)
            .build();
  }

  static final class Recorder implements TrainingListener {
    final List<StepInfo> steps = new ArrayList<>();
    final List<CheckpointInfo> checkpoints = new ArrayList<>();
    final List<EvaluationInfo> evaluations = new ArrayList<>();
    TrainingResult end;

    @Override
    public void onEvaluation(EvaluationInfo e) {
      evaluations.add(e);
    }

    @Override
    public void onEnd(TrainingResult r) {
      end = r;
    }

    TrainingStart start;

    @Override
    public void onStart(TrainingStart s) {
      start = s;
    }

    @Override
    public void onStep(StepInfo s) {
      steps.add(s);
    }

    @Override
    public void onCheckpoint(CheckpointInfo c) {
      checkpoints.add(c);
    }
  }

  @Test
  void train_lossFalls_thenResumeAndFineTune() throws Exception {
    Path modelDir = data.resolve("model");
    Recorder rec = new Recorder();
    TrainingResult result;
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(modelDir)
                .checkpointEvery(100)
                .summaryEvery(20)
                .listener(rec)
                .listener(TrainingListener.progressBar())
                .build())) {
      result = trainer.train();
    }
    assertEquals(TrainingResult.Outcome.COMPLETED, result.outcome());
    assertEquals(200, result.step());
    double first = average(rec.steps.subList(0, 10));
    double last = average(rec.steps.subList(190, 200));
    System.out.printf("loss first 10 steps %.3f, last 10 steps %.3f%n", first, last);
    assertTrue(last < first * 0.5, "loss " + first + " -> " + last);
    assertEquals(List.of(100L, 200L), rec.checkpoints.stream().map(CheckpointInfo::step).toList());
    assertTrue(Files.exists(modelDir.resolve("ckpt-200.index")));
    assertEquals(List.of(100L, 200L), rec.evaluations.stream().map(EvaluationInfo::step).toList());
    EvaluationInfo lastEval = rec.evaluations.get(1);
    System.out.println(lastEval.report().toText());
    assertTrue(lastEval.report().metrics().containsKey("PascalBoxes_Precision/mAP@0.5IOU"));
    assertTrue(lastEval.report().metrics().containsKey("DetectionBoxes_Precision/mAP"));
    assertTrue(Files.exists(modelDir.resolve("best/checkpoint")));
    assertEquals(result, rec.end);
    try (var events = Files.list(modelDir.resolve("eval"))) {
      assertTrue(
          events.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
    }
    try (var events = Files.list(modelDir.resolve("train"))) {
      assertTrue(
          events.anyMatch(p -> p.getFileName().toString().startsWith("events.out.tfevents.")));
    }

    // Resume: continues at 200 and stops at 230.
    Recorder resumed = new Recorder();
    try (Trainer trainer =
        Trainer.create(
            config, TrainerOptions.builder(modelDir).numSteps(230).listener(resumed).build())) {
      result = trainer.train();
    }
    assertEquals(200, resumed.start.firstStep());
    assertTrue(resumed.start.resumedFrom().isPresent());
    assertEquals(230, result.step());
    assertTrue(resumed.steps.get(0).totalLoss() < first, "resumed from trained weights");
    assertEquals(230, new CheckpointManager(modelDir, 7).latest().orElseThrow().step());

    // Fine-tune a fresh model from that checkpoint: it starts at step 0 with a low loss.
    PipelineConfig fineTune =
        config.toBuilder()
            .fineTuneCheckpoint(modelDir.resolve("ckpt-230").toString(), "detection")
            .build();
    Recorder tuned = new Recorder();
    try (Trainer trainer =
        Trainer.create(
            fineTune,
            TrainerOptions.builder(data.resolve("tuned")).numSteps(5).listener(tuned).build())) {
      trainer.train();
    }
    assertEquals(0, tuned.start.firstStep());
    assertTrue(
        tuned.steps.get(0).totalLoss() < first * 0.6,
        "fine-tuned start " + tuned.steps.get(0).totalLoss() + " vs scratch " + first);
    assertTrue(
        CheckpointIndex.read(modelDir.resolve("ckpt-230"))
            .entries()
            .containsKey("BoxPredictor_0/ClassPredictor/weights"));
  }

  @Test
  void earlyStopping_isAnOutcomeNotAnException() throws Exception {
    Recorder rec = new Recorder();
    TrainingResult result;
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(data.resolve("early"))
                .numSteps(60)
                .checkpointEvery(10)
                .earlyStopping(1, 1.0)
                .listener(rec)
                .build())) {
      result = trainer.train();
    }
    assertEquals(TrainingResult.Outcome.EARLY_STOPPED, result.outcome());
    assertEquals(20, result.step());
    assertEquals(2, rec.evaluations.size());
  }

  static double average(List<StepInfo> steps) {
    return steps.stream().mapToDouble(StepInfo::totalLoss).average().orElseThrow();
  }
}
