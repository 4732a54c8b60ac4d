package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.train.FineTuneReport;
import dev.detect.train.testkit.StandInCheckpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.types.TFloat32;

/**
 * Fine-tuning FPN-Lite from the TF2 zoo's {@code ckpt-0}: a stand-in written with TF's own {@code
 * SaveV2} holding exactly the real index's 386 keys, dtypes and shapes (random values; the real
 * data shard is not here) is restored into the graph built from the zoo's {@code pipeline.config},
 * and every mapped variable must hold the stand-in's value.
 */
@Tag("slow")
class Tf2FineTuneTest {
  @TempDir static Path dir;
  static Path standIn;
  static Map<String, float[]> values;

  @BeforeAll
  static void writeStandIn() throws Exception {
    standIn = dir.resolve("ckpt-0");
    values = StandInCheckpoint.write(FpnLiteTest.CKPT, standIn, 11);
    assertEquals(384, values.size(), "the float tensors: every model variable");
  }

  @Test
  void detection_threeClasses_restoresAllButTheClassHeadsPointwiseKernelAndBias() throws Exception {
    PipelineConfig config = FpnLiteTest.zooConfig().toBuilder().numClasses(3).build();
    SsdSpec spec = SsdSpecs.from(config);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph model = new SsdTrainingGraph(g, spec, SsdSpecs.optimizer(config), 1, 3);
      s.initialize();
      FineTuneReport report = FineTune.restore(model, s, standIn, FineTuneReport.Type.DETECTION);
      System.out.println("FPN-Lite ckpt-0 stand-in: " + report.summary());
      assertEquals(384, report.candidates());
      assertEquals(382, report.restored().size(), report.summary());
      assertEquals(List.of(), report.missing());
      assertEquals(
          List.of(
              "WeightSharedConvolutionalBoxPredictor/ClassPredictor/pointwise_weights",
              "WeightSharedConvolutionalBoxPredictor/ClassPredictor/biases"),
          report.shapeMismatch().stream().map(m -> m.split(" ")[0]).toList());
      assertEquals(2, report.unused().size(), report.unused().toString());
      assertTrue(report.summary().startsWith("restored 382 of 384"), report.summary());
      Map<String, String> table = Tf2CheckpointKeys.table(report.restored(), spec);
      for (String name : report.restored()) {
        try (Result r = s.runner().fetch(name).run()) {
          TFloat32 t = (TFloat32) r.get(0);
          float[] got = new float[(int) t.shape().size()];
          t.asRawTensor().data().asFloats().read(got);
          assertArrayEquals(values.get(table.get(name)), got, name);
        }
      }
    }
  }

  @Test
  void classification_restoresTheBackboneOnly() throws Exception {
    PipelineConfig config = FpnLiteTest.zooConfig().toBuilder().numClasses(3).build();
    SsdSpec spec = SsdSpecs.from(config);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph model = new SsdTrainingGraph(g, spec, SsdSpecs.optimizer(config), 1, 3);
      s.initialize();
      FineTuneReport report =
          FineTune.restore(model, s, standIn, FineTuneReport.Type.CLASSIFICATION);
      assertEquals(260, report.candidates(), report.summary());
      assertEquals(260, report.restored().size(), report.summary());
      assertTrue(
          report.restored().stream().allMatch(n -> n.startsWith("FeatureExtractor/MobilenetV2/")));
      assertEquals(List.of(), report.unused());
    }
  }

  @Test
  void tf2CheckpointIntoANonFpnModel_isAClearError() throws Exception {
    PipelineConfig config =
        PipelineConfig.read(
                FpnLiteTest.DATA.resolve(
                    "pipeline_configs/ssd_mobilenet_v2_320x320_coco17_tpu-8.config"))
            .toBuilder()
            .numClasses(3)
            .imageSize(96, 96)
            .depthMultiplier(0.25)
            .build();
    SsdSpec spec = SsdSpecs.from(config);
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph model = new SsdTrainingGraph(g, spec, SsdSpecs.optimizer(config), 1, 3);
      s.initialize();
      IllegalStateException e =
          assertThrows(
              IllegalStateException.class,
              () -> FineTune.restore(model, s, standIn, FineTuneReport.Type.DETECTION));
      assertTrue(e.getMessage().contains("TF2 object-based checkpoint"), e.getMessage());
      assertTrue(e.getMessage().contains("ssd_mobilenet_v2_fpn_keras"), e.getMessage());
    }
  }
}
