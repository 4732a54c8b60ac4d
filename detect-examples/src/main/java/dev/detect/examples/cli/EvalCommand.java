package dev.detect.examples.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.ClassResult;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.AnnotationFormat;
import dev.detect.io.ReadResult;
import dev.detect.io.plot.PrCurvePlot;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.eval.EvaluationListener;
import dev.detect.train.eval.EvaluationResult;
import dev.detect.train.eval.ModelEvaluator;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code detect eval}: PASCAL VOC and COCO metrics under the OD API's names. */
@Command(
    name = "eval",
    mixinStandardHelpOptions = true,
    description = {
      "Evaluate detections: PASCAL VOC and COCO metrics under the OD API's names.",
      "Evaluates detections as the OD API does (PASCAL VOC AP@0.5 per class and its mean, COCO"
          + " mAP@[.5:.95], AP@.50, AP@.75, small/medium/large, AR@1/10/100) and print the metrics"
          + " under the OD API's names, e.g. PascalBoxes_Precision/mAP@0.5IOU and"
          + " DetectionBoxes_Precision/mAP.",
      "Three sources, one per call:",
      "  --model DIR|FILE.pb --input eval.record: run the model (an export folder, a SavedModel or"
          + " a TF1 frozen graph, as for detect detect) on every record's image"
          + " (min score 0) and score it against the record's boxes.",
      "  --ground-truth all.csv|DIR|FILE.record --detections detections.json: score detections"
          + " from any model (the JSON of detect detect --json: boxes in pixels, matched by file"
          + " name; images without entries count as having no detections).",
      "  --pipeline-config P --model-dir DIR: export the latest checkpoint of DIR to a temporary"
          + " folder and evaluate it on the config's first eval_input_reader.",
      "--json prints the metrics and per-class results as JSON instead; --plot writes the VOC"
          + " precision/recall curves as a PNG."
    })
final class EvalCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  /** Evaluating an export on TFRecords. */
  static final class FromModel {
    @Option(
        names = "--model",
        required = true,
        paramLabel = "DIR|FILE.pb",
        description =
            "Export folder (detect export, exporter_main_v2.py, export_inference_graph.py),"
                + " SavedModel folder, or .pb file (frozen graph or saved_model.pb).")
    Path model;

    @Option(
        names = {"-i", "--input"},
        required = true,
        paramLabel = "FILE.record",
        description = "Eval TFRecord: a file, the base name of shards, or a glob.")
    Path input;
  }

  /** Evaluating a detections JSON against ground truth. */
  static final class FromJson {
    @Option(
        names = "--ground-truth",
        required = true,
        paramLabel = "FILE|DIR",
        description = "Ground truth: CSV, VOC folder, COCO/VIA JSON, YOLO folder, or TFRecord.")
    Path groundTruth;

    @Option(
        names = "--detections",
        required = true,
        paramLabel = "FILE",
        description = "detections.json as written by detect detect --json.")
    Path detections;

    @Option(
        names = "--images",
        paramLabel = "DIR",
        description = "Image folder, when the ground truth lacks image sizes (YOLO).")
    Path images;

    @Option(
        names = {"-f", "--format"},
        paramLabel = "voc|yolo|coco|via|csv",
        description = "Format of the ground truth, unless a TFRecord (default: guessed).")
    String format;
  }

  /** Evaluating the latest checkpoint of a training run. */
  static final class FromTraining {
    @Option(
        names = {"--pipeline-config", "--pipeline_config_path"},
        required = true,
        paramLabel = "FILE",
        description = "The pipeline.config trained with (its eval_input_reader is evaluated).")
    Path pipelineConfig;

    @Option(
        names = {"--model-dir", "--model_dir", "--checkpoint_dir"},
        required = true,
        paramLabel = "DIR",
        description = "The training's model folder (its latest checkpoint is evaluated).")
    Path modelDir;
  }

  /** Exactly one source. */
  static final class Source {
    @ArgGroup(exclusive = false)
    FromModel model;

    @ArgGroup(exclusive = false)
    FromJson json;

    @ArgGroup(exclusive = false)
    FromTraining training;
  }

  @ArgGroup(exclusive = true, multiplicity = "1")
  Source source;

  @Option(
      names = "--label-map",
      paramLabel = "FILE",
      description =
          "The classes (default: the label map beside the model, as for detect detect; for"
              + " --detections the sorted labels of the ground truth).")
  Path labelMap;

  @Option(names = "--json", description = "Print metrics and per-class results as JSON.")
  boolean json;

  @Option(
      names = "--plot",
      paramLabel = "FILE.png",
      description = "Write the precision/recall curves per class to this PNG.")
  Path plot;

  @Mixin ReaderOptions reading = new ReaderOptions();

  @Override
  public Integer call() throws Exception {
    Console console = new Console(spec);
    List<String> warnings = new ArrayList<>();
    Optional<LabelMap> classes =
        labelMap == null ? Optional.empty() : Optional.of(LabelMapFormat.read(labelMap));
    EvaluationReport report;
    if (source.model != null) {
      EvaluationResult r =
          withOptions(ModelEvaluator.builder(source.model.model), classes, console)
              .evaluate(List.of(source.model.input));
      warnings.addAll(r.warnings());
      report = r.report();
    } else if (source.json != null) {
      report = fromJson(source.json, classes, warnings);
    } else {
      Path configFile = source.training.pipelineConfig;
      PipelineConfig config = PipelineConfig.read(configFile);
      if (config.evalInputs().isEmpty()) {
        throw new IllegalArgumentException(
            configFile + " has no eval_input_reader: add one (detect config --eval-input)");
      }
      EvaluationResult r =
          withOptions(
                  ModelEvaluator.forCheckpoint(config, source.training.modelDir), classes, console)
              .evaluate();
      warnings.addAll(r.warnings());
      report = r.report();
    }
    for (String w : warnings) {
      console.err(spec.qualifiedName() + ": warning: " + w);
    }
    if (plot != null) {
      PrCurvePlot.write(report, plot);
    }
    if (json) {
      console.out(toJson(report));
    } else {
      console.out(report.toText().stripTrailing());
      console.out(summary(report) + (plot == null ? "" : "; wrote " + plot));
    }
    return 0;
  }

  /** The evaluator with --label-map, and progress on stderr (which checkpoint, every 500). */
  private ModelEvaluator withOptions(
      ModelEvaluator.Builder evaluator, Optional<LabelMap> classes, Console console) {
    classes.ifPresent(evaluator::labelMap);
    return evaluator
        .listener(
            new EvaluationListener() {
              @Override
              public void onCheckpoint(Path prefix, long step) {
                console.err(
                    spec.qualifiedName() + ": evaluating " + prefix + " (step " + step + ")");
              }

              @Override
              public void onImage(int done) {
                if (done % 500 == 0) {
                  console.err(spec.qualifiedName() + ": " + done + " images evaluated ...");
                }
              }
            })
        .build();
  }

  private EvaluationReport fromJson(FromJson src, Optional<LabelMap> classes, List<String> warnings)
      throws IOException {
    Optional<Path> images = InputChecks.images(spec, src.images);
    AnnotationFormat format =
        src.format == null ? null : InputChecks.format(spec, "--format", src.format, null);
    AnnotationSet truth =
        readGroundTruth(src.groundTruth, format, images, reading, classes, warnings);
    List<DetectionsJson.Entry> entries = DetectionsJson.read(src.detections);
    requireSameNaming(src, truth, entries, classes);
    DetectionsJson.Matched matched = DetectionsJson.match(entries, truth);
    if (!matched.unmatchedFiles().isEmpty()) {
      List<String> files = matched.unmatchedFiles();
      warnings.add(
          matched.unmatchedDetections()
              + " detection(s) of "
              + files.size()
              + " image(s) not in the ground truth were left out: "
              + String.join(", ", files.subList(0, Math.min(10, files.size())))
              + (files.size() > 10 ? ", ..." : ""));
    }
    if (matched.images().isEmpty() && !entries.isEmpty()) {
      throw new IllegalArgumentException(
          "no file name in "
              + src.detections
              + " matches an image of "
              + src.groundTruth
              + " (e.g. '"
              + entries.get(0).filename()
              + "'): were they made on these images?");
    }
    Map<String, ImageDetections> byFile = new HashMap<>();
    matched.images().forEach(d -> byFile.put(d.fileName(), d));
    List<ImageDetections> all = new ArrayList<>();
    int without = 0;
    for (ImageAnnotation image : truth) {
      ImageDetections d = byFile.get(image.fileName());
      if (d == null) {
        without++;
        d = new ImageDetections(image.fileName(), List.of());
      }
      all.add(d);
    }
    if (without > 0) {
      warnings.add(
          without
              + " ground-truth image(s) have no entry in "
              + src.detections
              + ": counted as images without detections");
    }
    LabelMap map = classes.orElseGet(() -> LabelMap.fromLabels(truth.labels()));
    EvaluationReport report = Evaluator.builder().labelMap(map).build().evaluate(truth, all);
    warnings.addAll(report.warnings());
    return report;
  }

  /**
   * Refuses a comparison that could only give zeros: ground truth named by class id (a TFRecord
   * without class/text, no --label-map) against detections named by class name.
   */
  private static void requireSameNaming(
      FromJson src,
      AnnotationSet truth,
      List<DetectionsJson.Entry> entries,
      Optional<LabelMap> classes) {
    if (classes.isPresent() || entries.isEmpty()) {
      return;
    }
    Set<String> truthLabels = new HashSet<>(truth.labels());
    boolean truthById =
        !truthLabels.isEmpty()
            && truthLabels.stream()
                .allMatch(l -> !l.isEmpty() && l.chars().allMatch(Character::isDigit));
    boolean anyShared = entries.stream().anyMatch(e -> truthLabels.contains(e.label()));
    if (truthById && !anyShared) {
      throw new IllegalArgumentException(
          src.groundTruth
              + " names its objects only by class id (class/label without class/text, e.g. '"
              + truthLabels.iterator().next()
              + "') and "
              + src.detections
              + " by class name (e.g. '"
              + entries.get(0).label()
              + "'): give the label map with --label-map to match them");
    }
  }

  /**
   * Ground truth from a TFRecord (file, shards, glob; objects without class/text are named through
   * {@code classes}, as the OD API's decoder does) or any annotation format ({@code format}, or
   * guessed when null); {@code reading}: --allow-outside-root (annotations may name images outside
   * {@code images}) and --class-names.
   */
  static AnnotationSet readGroundTruth(
      Path input,
      AnnotationFormat format,
      Optional<Path> images,
      ReaderOptions reading,
      Optional<LabelMap> classes,
      List<String> warnings)
      throws IOException {
    String name = String.valueOf(input.getFileName()).toLowerCase(Locale.ROOT);
    ReadResult read;
    boolean isTfRecord =
        format == AnnotationFormat.TFRECORD
            || (format == null && (name.contains(".record") || name.contains(".tfrecord")));
    if (isTfRecord) {
      read =
          classes.map(TfRecordReader::withLabelMap).orElseGet(TfRecordReader::defaults).read(input);
    } else {
      read =
          (format != null ? format : AnnotationFormat.detect(input))
              .reader(reading.toOptions(images))
              .read(input);
    }
    read.warnings().forEach(w -> warnings.add(w.toString()));
    GroundTruthBoxes.report(input, isTfRecord, classes, read.annotations(), warnings);
    return read.annotations();
  }

  static String summary(EvaluationReport r) {
    StringBuilder sb = new StringBuilder();
    sb.append(r.imageCount())
        .append(" image(s), ")
        .append(r.groundTruthCount())
        .append(" object(s), ")
        .append(r.detectionCount())
        .append(" detection(s): mAP@0.5IOU ")
        .append(format(r.vocMap()));
    if (r.hasCoco()) {
      sb.append(", COCO mAP ").append(format(r.cocoMap()));
    }
    return sb.toString();
  }

  private static String format(double v) {
    return Double.isNaN(v) ? "nan" : String.format(Locale.ROOT, "%.4f", v);
  }

  /** The report as JSON: counts, every metric (NaN as null), per-class results, warnings. */
  static String toJson(EvaluationReport r) throws IOException {
    Map<String, Object> doc = new LinkedHashMap<>();
    doc.put("images", r.imageCount());
    doc.put("ground_truth", r.groundTruthCount());
    doc.put("detections", r.detectionCount());
    Map<String, Object> metrics = new LinkedHashMap<>();
    r.metrics().forEach((k, v) -> metrics.put(k, finite(v)));
    doc.put("metrics", metrics);
    List<Map<String, Object>> perClass = new ArrayList<>();
    for (ClassResult c : r.classes()) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", c.id());
      m.put("name", c.name());
      m.put("display_name", c.metricName());
      m.put("ground_truth", c.groundTruth());
      m.put("difficult", c.difficult());
      m.put("detections", c.detections());
      m.put("true_positives", c.truePositives());
      m.put("false_positives", c.falsePositives());
      m.put("voc_ap", finite(c.vocAp()));
      m.put("coco_ap", finite(c.cocoAp()));
      perClass.add(m);
    }
    doc.put("per_class", perClass);
    doc.put("warnings", r.warnings());
    return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(doc);
  }

  private static Double finite(double v) {
    return Double.isFinite(v) ? v : null;
  }
}
