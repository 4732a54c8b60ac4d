package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.EvaluationReport;
import dev.detect.train.TinyModels;
import dev.detect.train.Trainer;
import dev.detect.train.TrainingResult;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.eval.ModelEvaluator;
import dev.detect.train.export.Exporter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The TF2 zoo's FPN-Lite config, shrunk only in size (64×64, depth ×0.25, 3 classes, batch 2), goes
 * through the whole workflow unchanged: {@link Trainer}, {@link Exporter} (SavedModel and frozen
 * graph), {@link Detector} on both, and {@link ModelEvaluator} on the checkpoint.
 */
@Tag("slow")
class FpnLiteTrainExportTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  static final Path ZOO =
      DATA.resolve("models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config");
  static final String COSINE =
      "train_config.optimizer.momentum_optimizer.learning_rate.cosine_decay_learning_rate.";

  @TempDir static Path dir;
  static PipelineConfig config;
  static TrainingResult trained;
  static Path export;

  @BeforeAll
  static void trainAndExport() throws Exception {
    PipelineConfig data = TinyModels.config(dir, 6, 4);
    config =
        PipelineConfig.read(ZOO).toBuilder()
            .numClasses(3)
            .imageSize(64, 64)
            .depthMultiplier(0.25)
            .labelMapPath(data.trainInput().labelMapPath())
            .trainInputPaths(data.trainInput().inputPaths())
            .evalInputPaths(data.trainInput().inputPaths())
            .batchSize(2)
            .numSteps(4)
            .fineTuneCheckpoint("", "detection")
            .set(COSINE + "total_steps", "4")
            .set(COSINE + "warmup_steps", "2")
            .build();
    try (Trainer t = Trainer.create(config, dir.resolve("model"))) {
      trained = t.train();
    }
    export =
        Exporter.builder(config)
            .checkpoint(dir.resolve("model"))
            .outputDirectory(dir.resolve("exported"))
            .build()
            .export();
  }

  @Test
  void zooConfig_buildsTheFpnNetwork() {
    SsdSpec spec = SsdSpecs.from(config);
    assertEquals(SsdSpec.Backbone.MOBILENET_V2_FPN, spec.backbone());
    assertEquals(3, spec.fpn().minLevel());
    assertEquals(7, spec.fpn().maxLevel());
  }

  @Test
  void trains_withAFiniteLoss() {
    assertEquals(4, trained.step(), trained.toString());
    assertTrue(Float.isFinite((float) trained.finalLoss()), trained.toString());
  }

  @Test
  void savedModelAndFrozenGraph_detectTheSame() throws Exception {
    Path image;
    try (var files = Files.list(dir.resolve("shapes/images"))) {
      image = files.sorted().findFirst().orElseThrow();
    }
    DetectorOptions all = DetectorOptions.builder().minScore(0f).maxResults(1000).build();
    List<Detection> saved;
    try (Detector d = Detector.load(export.resolve("saved_model"), all)) {
      saved = d.detect(image);
    }
    List<Detection> frozen;
    try (Detector d = Detector.load(export.resolve(Exporter.FROZEN_GRAPH), all)) {
      frozen = d.detect(image);
    }
    assertFalse(saved.isEmpty());
    assertEquals(saved.size(), frozen.size());
    for (int i = 0; i < saved.size(); i++) {
      Detection a = saved.get(i);
      Detection b = frozen.get(i);
      assertEquals(a.labelId(), b.labelId(), "detection " + i);
      assertEquals(a.score(), b.score(), 1e-5, "detection " + i);
      assertEquals(a.box().xmin(), b.box().xmin(), 1e-3, "detection " + i);
      assertEquals(a.box().ymax(), b.box().ymax(), 1e-3, "detection " + i);
      assertTrue(a.box().xmin() >= 0 && a.box().xmax() <= 1, a.toString());
    }
  }

  @Test
  void evaluatesTheCheckpoint() throws Exception {
    EvaluationReport report =
        ModelEvaluator.forCheckpoint(config, dir.resolve("model")).build().evaluate().report();
    assertEquals(6, report.imageCount());
    assertTrue(report.detectionCount() > 0);
    assertTrue(report.vocMap() >= 0 && report.vocMap() <= 1, report.toText());
  }
}
