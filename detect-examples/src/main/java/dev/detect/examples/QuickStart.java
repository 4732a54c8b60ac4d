package dev.detect.examples;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.split.Split;
import dev.detect.core.split.StratifiedSplitter;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.TrainingListener;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.export.Exporter;
import java.nio.file.Path;
import java.util.List;

/**
 * The whole workflow in one method with the fluent API: data → split → label map → TFRecords →
 * config → train → export → detect. Run: {@code java ... dev.detect.examples.QuickStart [workDir]}.
 */
public final class QuickStart {
  private QuickStart() {}

  /** Runs the example in {@code args[0]} (default {@code quickstart-work}). */
  public static void main(String[] args) throws Exception {
    Path work = Path.of(args.length > 0 ? args[0] : "quickstart-work");
    // 1. A labelled dataset (here generated; use VocReader on your labelImg folder instead).
    AnnotationSet all =
        SyntheticShapes.builder().images(300).seed(1).build().write(work.resolve("shapes"));
    Path images = work.resolve("shapes/images");
    // 2. Per-image stratified split, label map, TFRecords.
    Split split = StratifiedSplitter.builder().trainFraction(0.8).seed(42).build().split(all);
    LabelMap labels = LabelMap.fromLabels(all.labels());
    dev.detect.core.labelmap.LabelMapFormat.write(labels, work.resolve("label_map.pbtxt"));
    TfRecordWriter writer = TfRecordWriter.builder(labels).imageDirectory(images).build();
    TfRecordWriteResult train = writer.write(split.train(), work.resolve("train.record"));
    TfRecordWriteResult eval = writer.write(split.eval(), work.resolve("eval.record"));
    // 3. A pipeline.config from a preset, wired to what was written.
    PipelineConfig config =
        PipelineConfig.preset(Preset.TINY).toBuilder()
            .labelMap(work.resolve("label_map.pbtxt"), labels)
            .trainInput(train)
            .evalInput(eval)
            .numSteps(300)
            .build();
    // 4. Train, 5. export, 6. detect.
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(work.resolve("model"))
                .listener(TrainingListener.progressBar())
                .build())) {
      trainer.train();
    }
    Path exported =
        Exporter.builder(config)
            .checkpoint(work.resolve("model"))
            .outputDirectory(work.resolve("exported"))
            .build()
            .export();
    try (Detector detector =
        Detector.load(exported, DetectorOptions.builder().minScore(0.5f).build())) {
      List<Detection> found =
          detector.detect(images.resolve(split.eval().images().get(0).fileName()));
      found.forEach(d -> System.out.println(d.labelName() + " " + d.score() + " " + d.pixelBox()));
    }
  }
}
