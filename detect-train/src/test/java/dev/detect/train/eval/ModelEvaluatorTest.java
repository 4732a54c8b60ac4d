package dev.detect.train.eval;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.core.eval.Evaluator;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileReader;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.train.TinyModels;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.internal.CheckpointModel;
import dev.detect.train.ssd.SsdSpecs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Features;

/**
 * A tiny model trained 20 steps, evaluated through its export, a Detector and its checkpoint: the
 * same report as the Detector and the {@link Evaluator} run by hand (the code the CLI, the example
 * and training each had).
 */
@Tag("slow")
class ModelEvaluatorTest {
  @TempDir static Path dir;
  static PipelineConfig config;
  static Path exported;
  static Path record;
  static LabelMap labels;
  static EvaluationReport byHand;

  @BeforeAll
  static void trainExportAndEvaluateByHand() throws Exception {
    config = TinyModels.config(dir, 20);
    exported = TinyModels.export(config, dir);
    record = dir.resolve("train.record");
    labels = LabelMapFormat.read(dir.resolve("label_map.pbtxt"));
    List<ImageAnnotation> truth = new ArrayList<>();
    List<ImageDetections> detections = new ArrayList<>();
    DetectorOptions options = DetectorOptions.builder().minScore(0f).maxResults(1000).build();
    try (Detector detector = Detector.load(exported, options)) {
      TfRecordReader.withLabelMap(detector.labelMap())
          .forEach(
              record,
              (file, index, example) -> {
                truth.add(example.annotation());
                detections.add(
                    new ImageDetections(
                        example.annotation().fileName(), detector.detect(example.encodedImage())));
              });
    }
    byHand =
        Evaluator.builder().labelMap(labels).build().evaluate(AnnotationSet.of(truth), detections);
  }

  static void assertSameReport(EvaluationReport expected, EvaluationReport actual) {
    assertEquals(expected.metrics(), actual.metrics());
    assertEquals(expected.classes(), actual.classes());
    assertEquals(expected.imageCount(), actual.imageCount());
    assertEquals(expected.warnings(), actual.warnings());
  }

  @Test
  void export_givesTheReportOfTheDetectorAndEvaluatorByHand() throws Exception {
    EvaluationResult r = ModelEvaluator.builder(exported).build().evaluate(List.of(record));
    assertSameReport(byHand, r.report());
    assertEquals(byHand.warnings(), r.warnings());
    assertEquals(8, r.report().imageCount());
  }

  @Test
  void detector_givesTheSameReport_andStaysOpen() throws Exception {
    DetectorOptions options =
        DetectorOptions.builder().minScore(0f).maxResults(Integer.MAX_VALUE).build();
    try (Detector detector = Detector.load(exported, options)) {
      ModelEvaluator evaluator = ModelEvaluator.builder(detector).build();
      assertSameReport(byHand, evaluator.evaluate(List.of(record)).report());
      assertSameReport(byHand, evaluator.evaluate(List.of(record)).report());
    }
  }

  @Test
  void anyModel_isNamedThroughTheLabelMapGiven() throws Exception {
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(1000).build();
    try (Detector detector = Detector.load(exported, all);
        CheckpointModel model = new CheckpointModel(SsdSpecs.from(config))) {
      // Names from the evaluator's label map, whatever the function gives.
      DetectionModel unnamed =
          image ->
              detector.detect(image).stream()
                  .map(d -> Detection.of(d.labelId(), "", d.score(), d.box(), 1, 1))
                  .toList();
      assertSameReport(
          byHand,
          ModelEvaluator.builder(unnamed)
              .labelMap(labels)
              .build()
              .evaluate(List.of(record))
              .report());
      // What training does: one graph, checkpoints restored into it.
      model.restore(dir.resolve("model/ckpt-20"));
      assertSameReport(
          byHand,
          ModelEvaluator.builder(model::detect)
              .labelMap(labels)
              .build()
              .evaluate(List.of(record))
              .report());
    }
  }

  @Test
  void checkpoint_givesTheReportOfItsExport() throws Exception {
    List<String> seen = new ArrayList<>();
    EvaluationListener listener =
        new EvaluationListener() {
          @Override
          public void onCheckpoint(Path prefix, long step) {
            seen.add(prefix.getFileName() + " " + step);
          }
        };
    EvaluationResult latest =
        ModelEvaluator.forCheckpoint(config, dir.resolve("model"))
            .listener(listener)
            .build()
            .evaluate();
    assertSameReport(byHand, latest.report());
    assertEquals(List.of("ckpt-20 20"), seen);

    EvaluationResult prefix =
        ModelEvaluator.forCheckpoint(config, dir.resolve("model/ckpt-20"))
            .build()
            .evaluate(List.of(record));
    assertSameReport(byHand, prefix.report());
  }

  @Test
  void checkpoint_missing_isNoSuchFile() throws Exception {
    Path empty = Files.createDirectories(dir.resolve("empty-model"));
    ModelEvaluator evaluator = ModelEvaluator.forCheckpoint(config, empty).build();
    var e = assertThrows(java.nio.file.NoSuchFileException.class, evaluator::evaluate);
    assertTrue(e.getMessage().contains("no checkpoint (train first)"), e.getMessage());
  }

  @Test
  void idOnlyRecords_areNamedThroughTheLabelMap() throws Exception {
    EvaluationResult r = ModelEvaluator.builder(exported).build().evaluate(List.of(idOnlyRecord()));
    assertSameReport(byHand, r.report());
  }

  @Test
  void withoutLabelMap_matchesByIdAndWarns() throws Exception {
    Path bare = dir.resolve("bare/saved_model");
    copyTree(exported.resolve("saved_model"), bare);
    EvaluationResult r = ModelEvaluator.builder(bare).build().evaluate(List.of(idOnlyRecord()));
    assertEquals(byHand.vocMap(), r.report().vocMap());
    assertEquals(byHand.cocoMap(), r.report().cocoMap());
    assertTrue(
        r.warnings().get(0).startsWith("no label map given or found beside " + bare),
        r.warnings().toString());
    assertTrue(r.warnings().get(0).contains("matched to the records' classes by id"));

    EvaluationResult named =
        ModelEvaluator.builder(bare).labelMap(labels).build().evaluate(List.of(idOnlyRecord()));
    assertSameReport(byHand, named.report());
  }

  @Test
  void repeatedFileNames_areRenamedWithAWarning() throws Exception {
    EvaluationResult r = ModelEvaluator.builder(exported).build().evaluate(List.of(record, record));
    assertEquals(16, r.report().imageCount());
    String first = r.warnings().get(0);
    assertTrue(first.startsWith(record + "#0: file name '"), first);
    assertTrue(first.contains("' repeats; evaluated as '"), first);
    assertTrue(first.endsWith("#train.record:0'"), first);
    assertEquals(8, r.warnings().stream().filter(w -> w.contains(" repeats; ")).count());
  }

  @Test
  void annotationSetWithItsImages_givesTheReportOfItsRecords() throws Exception {
    AnnotationSet truth = TfRecordReader.withLabelMap(labels).read(record).annotations();
    EvaluationResult r =
        ModelEvaluator.builder(exported).build().evaluate(truth, dir.resolve("shapes/images"));
    assertSameReport(byHand, r.report());
  }

  @Test
  void maxImages_evaluatesTheFirstOnes_andReportsEach() throws Exception {
    List<Integer> done = new ArrayList<>();
    EvaluationListener listener =
        new EvaluationListener() {
          @Override
          public void onImage(int n) {
            done.add(n);
          }
        };
    EvaluationResult r =
        ModelEvaluator.builder(exported)
            .maxImages(3)
            .listener(listener)
            .build()
            .evaluate(List.of(record, record));
    assertEquals(3, r.report().imageCount());
    assertEquals(List.of(1, 2, 3), done);
  }

  @Test
  void evaluateWithoutRecords_needsACheckpointEvaluator() {
    ModelEvaluator evaluator = ModelEvaluator.builder(exported).build();
    assertThrows(IllegalStateException.class, evaluator::evaluate);
    assertThrows(
        IllegalArgumentException.class, () -> ModelEvaluator.builder(exported).maxImages(0));
  }

  /** The record without {@code class/text}: objects with class ids only. */
  static Path idOnlyRecord() throws Exception {
    Path out = dir.resolve("ids.record");
    if (Files.exists(out)) {
      return out;
    }
    try (TfRecordFileReader in = TfRecordFileReader.open(record);
        TfRecordFileWriter w = TfRecordFileWriter.open(out, TfRecordCompression.NONE)) {
      for (Optional<byte[]> r = in.next(); r.isPresent(); r = in.next()) {
        Example ex = Example.parseFrom(r.get());
        Features.Builder f = ex.getFeatures().toBuilder().removeFeature(OdApiKeys.CLASS_TEXT);
        w.write(ex.toBuilder().setFeatures(f).build().toByteArray());
      }
      w.commit();
    }
    return out;
  }

  static void copyTree(Path from, Path to) throws Exception {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path p : files.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target);
        }
      }
    }
  }
}
