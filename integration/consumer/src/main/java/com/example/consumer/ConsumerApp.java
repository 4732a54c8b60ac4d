package com.example.consumer;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationReaders;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.export.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * detect used from another application, end to end: a labelImg (PASCAL VOC) folder → TFRecords →
 * a few training steps of the {@code tiny} preset → export → {@link Detector} → detections.
 *
 * <p>Run: {@code java -cp ... com.example.consumer.ConsumerApp [dataDir [workDir]]}; {@code
 * dataDir} (default {@code ../shared/data}) holds {@code raccoon/annotations} and {@code
 * raccoon/images}. Prints one {@code detections: N on IMAGE} line, then one line per detection.
 */
public final class ConsumerApp {
  private static final int IMAGES = 12;
  private static final int STEPS = 10;

  private ConsumerApp() {}

  /** Runs the workflow; {@code args}: the data folder, then the work folder (default a temp dir). */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data").resolve("raccoon");
    Path work =
        args.length > 1 ? Path.of(args[1]) : Files.createTempDirectory("detect-consumer-");
    Path images = data.resolve("images");

    ReadResult read =
        AnnotationReaders.read(
            data.resolve("annotations"), ReaderOptions.builder().imageDirectory(images).build());
    AnnotationSet few = AnnotationSet.of(read.annotations().images().subList(0, IMAGES));
    System.out.println(
        "read "
            + read.annotations().size()
            + " images, using "
            + few.size()
            + "; on the "
            + (ConsumerApp.class.getModule().isNamed() ? "module path" : "class path"));

    LabelMap labels = LabelMap.fromLabels(few.labels());
    Path labelMap = work.resolve("label_map.pbtxt");
    LabelMapFormat.write(labels, labelMap);
    TfRecordWriteResult records =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .build()
            .write(few, work.resolve("train.record"));

    PipelineConfig config =
        PipelineConfig.preset(Preset.TINY).toBuilder()
            .labelMap(labelMap, labels)
            .trainInput(records)
            .evalInput(records)
            .build();
    Path modelDir = work.resolve("model");
    try (Trainer trainer =
        Trainer.create(
            config, TrainerOptions.builder(modelDir).numSteps(STEPS).batchSize(4).build())) {
      System.out.println("trained: " + trainer.train());
    }
    Path exported =
        Exporter.builder(config)
            .checkpoint(modelDir)
            .outputDirectory(work.resolve("exported"))
            .build()
            .export();

    String image = few.images().get(0).fileName();
    // A few steps teach the model little: keep low scores so that the line shows what it found.
    DetectorOptions options = DetectorOptions.builder().minScore(0f).maxResults(3).build();
    try (Detector detector = Detector.load(exported, options)) {
      List<Detection> found = detector.detect(images.resolve(image));
      System.out.println("detections: " + found.size() + " on " + image);
      for (Detection d : found) {
        System.out.println("  " + d.labelName() + " " + d.score() + " " + d.pixelBox());
      }
    }
  }
}
