package dev.detect.train;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.export.Exporter;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Test fixtures: the {@code tiny} preset on a few synthetic shape images, trained and exported. */
public final class TinyModels {
  private TinyModels() {}

  /** {@link #config(Path, int, int)} with 8 images. */
  public static PipelineConfig config(Path dir, int steps) throws IOException {
    return config(dir, 8, steps);
  }

  /**
   * Writes {@code images} synthetic 160×120 images (seed 2, under {@code dir/shapes/images}), their
   * TFRecord and label map under {@code dir}, and returns the tiny preset's config (batch 4, {@code
   * steps} steps) reading them for training and eval.
   */
  public static PipelineConfig config(Path dir, int images, int steps) throws IOException {
    AnnotationSet set =
        SyntheticShapes.builder()
            .images(images)
            .imageSize(160, 120)
            .seed(2)
            .build()
            .write(dir.resolve("shapes"));
    LabelMap labels = LabelMap.ofNames(SyntheticShapes.CLASSES);
    LabelMapFormat.write(labels, dir.resolve("label_map.pbtxt"));
    TfRecordWriter.builder(labels)
        .imageDirectory(dir.resolve("shapes/images"))
        .build()
        .write(set, dir.resolve("train.record"));
    return PipelineConfig.preset(Preset.TINY).toBuilder()
        .numClasses(3)
        .labelMapPath(dir.resolve("label_map.pbtxt").toString())
        .trainInputPaths(List.of(dir.resolve("train.record").toString()))
        .evalInputPaths(List.of(dir.resolve("train.record").toString()))
        .batchSize(4)
        .numSteps(steps)
        .build();
  }

  /**
   * The tiny preset trained {@code steps} steps (20 are enough for outputs that depend on the
   * image) in {@code dir/model} and exported to {@code dir/exported}; returns the export folder.
   */
  public static Path export(Path dir, int steps) throws IOException {
    return export(config(dir, steps), dir);
  }

  /** Trains {@code config} in {@code dir/model} and exports it to {@code dir/exported}. */
  public static Path export(PipelineConfig config, Path dir) throws IOException {
    try (Trainer t = Trainer.create(config, dir.resolve("model"))) {
      t.train();
    }
    return Exporter.builder(config)
        .checkpoint(dir.resolve("model"))
        .outputDirectory(dir.resolve("exported"))
        .build()
        .export();
  }
}
