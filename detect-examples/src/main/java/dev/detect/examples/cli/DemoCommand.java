package dev.detect.examples.cli;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.config.AugmentationStep;
import dev.detect.core.config.LearningRateSchedule;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.core.split.Split;
import dev.detect.core.split.StratifiedSplitter;
import dev.detect.io.ReaderOptions;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.synthetic.SyntheticShapes;
import dev.detect.io.tfrecord.ShardNames;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.voc.VocReader;
import dev.detect.train.EvaluationInfo;
import dev.detect.train.Trainer;
import dev.detect.train.TrainerOptions;
import dev.detect.train.TrainingListener;
import dev.detect.train.TrainingResult;
import dev.detect.train.detector.DetectionDrawer;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.export.Exporter;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import javax.imageio.ImageIO;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code detect demo}: the whole seed workflow on a generated dataset, with no data from the user
 * and no network: labelImg XML → CSV → stratified split → label map → sharded TFRecords →
 * pipeline.config (tiny preset) → training with evaluation → SavedModel export → detection.
 */
@Command(
    name = "demo",
    mixinStandardHelpOptions = true,
    description = {
      "Run the whole workflow on a generated shapes dataset (circles, squares, triangles):"
          + " labelImg XML -> CSV -> split -> label map -> TFRecords -> pipeline.config -> train"
          + " -> export -> detect. About 4 minutes on 2 cores; everything lands in --work-dir."
    })
final class DemoCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--work-dir",
      defaultValue = "demo-work",
      paramLabel = "DIR",
      description = "Where everything is written (default: ${DEFAULT-VALUE}).")
  Path work;

  @Option(
      names = "--images",
      defaultValue = "600",
      paramLabel = "N",
      description = "Generated images (default: ${DEFAULT-VALUE}).")
  int images;

  @Option(
      names = "--steps",
      defaultValue = "2000",
      paramLabel = "N",
      description = "Training steps of batch 16 (default: ${DEFAULT-VALUE}).")
  int steps;

  @Option(
      names = "--seed",
      defaultValue = "7",
      paramLabel = "N",
      description = "Seed of data, split and training (default: ${DEFAULT-VALUE}).")
  long seed;

  private Console console;

  @Override
  public Integer call() throws Exception {
    if (images < 1 || steps < 1) {
      throw new ParameterException(
          spec.commandLine(),
          "--images and --steps must be at least 1, got " + images + " and " + steps);
    }
    console = new Console(spec);
    long start = System.nanoTime();
    Path workDir = work.toAbsolutePath().normalize();
    AtomicFiles.createDirectories(work);
    step(
        "1/6 generating "
            + images
            + " labelled images (labelImg VOC XML) in "
            + workDir.resolve("shapes"));
    SyntheticShapes.builder()
        .images(images)
        .imageSize(200, 150)
        .seed(seed)
        .build()
        .write(workDir.resolve("shapes"));
    Path imageDir = workDir.resolve("shapes/images");
    PipelineConfig config = prepare(workDir, imageDir);
    Path configFile = workDir.resolve("pipeline.config");
    config.write(configFile);
    step("3/6 wrote " + configFile + " from the tiny preset (MobileNetV2 x0.35 SSD, 160x160)");
    step("4/6 training " + steps + " steps (Ctrl-C stops and keeps a checkpoint)");
    List<EvaluationInfo> evaluations = new ArrayList<>();
    TrainingResult result;
    try (Trainer trainer =
        Trainer.create(
            config,
            TrainerOptions.builder(workDir.resolve("model"))
                .seed(seed)
                .checkpointEvery(Math.max(1, steps / 2))
                .lowPriorityInput(
                    true) // the command owns its process; the library's default is off
                .listener(TrainingListener.progressBar())
                .listener(
                    new TrainingListener() {
                      @Override
                      public void onEvaluation(EvaluationInfo e) {
                        evaluations.add(e);
                      }
                    })
                .build())) {
      Thread hook = new Thread(trainer::stop);
      Runtime.getRuntime().addShutdownHook(hook);
      result = trainer.train();
      Runtime.getRuntime().removeShutdownHook(hook);
    }
    step("5/6 exporting the SavedModel and detecting on eval images");
    Path exported =
        Exporter.builder(config)
            .checkpoint(workDir.resolve("model"))
            .outputDirectory(workDir.resolve("exported"))
            .build()
            .export();
    List<Path> annotated = detect(exported, workDir, imageDir);
    summary(workDir, result, evaluations, annotated, start);
    return 0;
  }

  private PipelineConfig prepare(Path workDir, Path imageDir) throws Exception {
    step("2/6 XML -> CSV -> split -> label map -> TFRecords");
    AnnotationSet all =
        VocReader.builder()
            .options(ReaderOptions.builder().imageDirectory(imageDir).build())
            .build()
            .read(workDir.resolve("shapes/annotations"))
            .annotations();
    CsvAnnotationWriter csv = CsvAnnotationWriter.builder().keepNegatives(true).build();
    csv.write(all, workDir.resolve("all.csv"));
    Split split =
        StratifiedSplitter.builder()
            .trainFraction(0.8)
            .seed(seed)
            .build()
            .split(CsvAnnotationReader.defaults().read(workDir.resolve("all.csv")).annotations());
    csv.write(split.train(), workDir.resolve("train.csv"));
    csv.write(split.eval(), workDir.resolve("eval.csv"));
    console.out(split.report().toText());
    LabelMap labels = LabelMap.fromLabels(all.labels());
    LabelMapFormat.write(labels, workDir.resolve("label_map.pbtxt"));
    Path train = workDir.resolve("records/train.record");
    // up to 4 shards, never more than the images (an empty shard is refused)
    int shards = Math.max(1, Math.min(4, split.train().size()));
    TfRecordWriter.builder(labels)
        .imageDirectory(imageDir)
        .shards(shards)
        .build()
        .write(split.train(), train);
    TfRecordWriter.builder(labels)
        .imageDirectory(imageDir)
        .build()
        .write(split.eval(), workDir.resolve("records/eval.record"));
    // The tiny preset, with a schedule sized for a few minutes on a CPU; flips only: random crops
    // help long runs, but slow down learning in a short one.
    return PipelineConfig.preset(Preset.TINY).toBuilder()
        .numClasses(labels.maxId())
        .labelMapPath(workDir.resolve("label_map.pbtxt").toString())
        .trainInputPaths(List.of(ShardNames.glob(train, shards)))
        .evalInputPaths(List.of(workDir.resolve("records/eval.record").toString()))
        .batchSize(16)
        .numSteps(steps)
        .learningRate(
            new LearningRateSchedule.CosineDecay(0.05, steps, 0.0125, Math.min(100, steps / 10), 0))
        .dataAugmentationOptions(List.of(AugmentationStep.RandomHorizontalFlip.DEFAULT))
        .build();
  }

  private List<Path> detect(Path exported, Path workDir, Path imageDir) throws Exception {
    AnnotationSet eval =
        CsvAnnotationReader.defaults().read(workDir.resolve("eval.csv")).annotations();
    Path out = AtomicFiles.createDirectories(workDir.resolve("detections"));
    List<ImageDetections> all = new ArrayList<>();
    List<Path> written = new ArrayList<>();
    try (Detector detector =
        Detector.load(exported, DetectorOptions.builder().minScore(0.5f).build())) {
      for (ImageAnnotation a : eval.images().subList(0, Math.min(6, eval.size()))) {
        BufferedImage img = ImageIO.read(imageDir.resolve(a.fileName()).toFile());
        List<Detection> found = detector.detect(img);
        all.add(new ImageDetections(a.fileName(), found));
        Path png = out.resolve(a.fileName().replaceFirst("\\.[^.]+$", "") + ".png");
        DetectionDrawer.write(DetectionDrawer.draw(img, found), png);
        written.add(png);
      }
    }
    DetectionsJson.write(out.resolve("detections.json"), all);
    return written;
  }

  private void summary(
      Path workDir,
      TrainingResult result,
      List<EvaluationInfo> evaluations,
      List<Path> annotated,
      long start) {
    console.out("");
    console.out(
        "6/6 done in " + String.format(Locale.ROOT, "%.0f s", (System.nanoTime() - start) / 1e9));
    console.out(
        "  data:        " + workDir.resolve("shapes") + " (images/, annotations/ labelImg XML)");
    console.out("  csv, split:  all.csv, train.csv, eval.csv; label_map.pbtxt; records/");
    console.out("  config:      " + workDir.resolve("pipeline.config"));
    console.out(
        "  model:       "
            + workDir.resolve("model")
            + " (checkpoints, train/ and eval/ TensorBoard events)");
    console.out(
        "  export:      "
            + workDir.resolve("exported")
            + " (saved_model/, frozen_inference_graph.pb, checkpoint/, pipeline.config,"
            + " label_map.pbtxt)");
    console.out(
        "  detections:  "
            + annotated.size()
            + " annotated images and detections.json in "
            + workDir.resolve("detections"));
    console.out(
        String.format(
            Locale.ROOT,
            "  training:    %s at step %d, loss %.3f",
            result.outcome(),
            result.step(),
            result.finalLoss()));
    if (!evaluations.isEmpty()) {
      EvaluationReport r = evaluations.get(evaluations.size() - 1).report();
      console.out(
          String.format(
              Locale.ROOT,
              "  eval split:  PascalBoxes_Precision/mAP@0.5IOU %.3f, DetectionBoxes_Precision/mAP %.3f",
              r.metrics().getOrDefault("PascalBoxes_Precision/mAP@0.5IOU", Double.NaN),
              r.metrics().getOrDefault("DetectionBoxes_Precision/mAP", Double.NaN)));
    }
    console.out("");
    console.out("Your own labelImg folder, the same way:");
    console.out("  ./detect csv --input annotations/ --output all.csv");
    console.out("  ./detect split --input all.csv --train-output train.csv --eval-output eval.csv");
    console.out("  ./detect labelmap --input all.csv --output label_map.pbtxt");
    console.out(
        "  ./detect tfrecord --input train.csv --images images/ --label-map label_map.pbtxt --output train.record --shards 4");
    console.out(
        "  ./detect tfrecord --input eval.csv --images images/ --label-map label_map.pbtxt --output eval.record");
    console.out(
        "  ./detect config --preset ssd_mobilenet_v2_320x320 --output pipeline.config --label-map label_map.pbtxt \\");
    console.out("      --train-input 'train.record-?????-of-00004' --eval-input eval.record");
    console.out("  ./detect train --pipeline-config pipeline.config --model-dir model/");
    console.out(
        "  ./detect export --pipeline-config pipeline.config --trained-checkpoint-dir model/ --output-directory exported/");
    console.out(
        "  ./detect detect --model exported/ --input images/ --output-dir annotated/ --json detections.json");
  }

  private void step(String what) {
    console.out("== " + what);
  }
}
