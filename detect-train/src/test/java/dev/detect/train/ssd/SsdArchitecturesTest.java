package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * Each TF1 SSD config resolves to the network it describes, and the new networks train: a few
 * optimizer steps on a fixed batch lower the loss.
 */
class SsdArchitecturesTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  @ParameterizedTest
  @CsvSource({
    "pipeline_configs/tf1_ssd_mobilenet_v1_coco.config, MOBILENET_V1, false, false, 1",
    "pipeline_configs/tf1_ssd_mobilenet_v2_coco.config, MOBILENET_V2, false, false, 1",
    "pipeline_configs/tf1_ssdlite_mobilenet_v2_coco.config, MOBILENET_V2, true, true, 3",
    "models/tf1_zoo_ssd_mobilenet_v1_coco_2018_01_28/pipeline.config, MOBILENET_V1, false, false,"
        + " 1",
    "models/tf1_zoo_ssd_mobilenet_v2_coco_2018_03_29/pipeline.config, MOBILENET_V2, true, false,"
        + " 3"
  })
  void tf1Config_resolvesToItsNetwork(
      String file,
      SsdSpec.Backbone backbone,
      boolean extrasDepthwise,
      boolean predictorDepthwise,
      int kernel)
      throws Exception {
    SsdSpec spec = SsdSpecs.from(PipelineConfig.read(DATA.resolve(file)));
    assertEquals(backbone, spec.backbone());
    assertEquals(extrasDepthwise, spec.extraLayersDepthwise());
    assertEquals(predictorDepthwise, spec.predictorDepthwise());
    assertEquals(kernel, spec.predictorKernelSize());
  }

  /**
   * The new layer kinds (MobileNetV1, separable extra layers and predictors, the FPN-Lite pyramid
   * with its weight-shared towers) have gradients.
   */
  @Tag("slow")
  @ParameterizedTest
  @ValueSource(
      strings = {
        "pipeline_configs/tf1_ssd_mobilenet_v1_coco.config",
        "pipeline_configs/tf1_ssdlite_mobilenet_v2_coco.config",
        "models/tf2_zoo_ssd_mobilenet_v2_fpnlite_320x320_coco17_tpu-8/pipeline.config"
      })
  void network_trains(String file) throws Exception {
    PipelineConfig config = PipelineConfig.read(DATA.resolve(file));
    SsdSpec small =
        SsdSpecs.from(
            config.toBuilder().numClasses(2).imageSize(96, 96).depthMultiplier(0.25).build());
    float[] losses = train(small, 5);
    assertTrue(Float.isFinite(losses[0]), Arrays.toString(losses));
    assertTrue(losses[losses.length - 1] < losses[0], Arrays.toString(losses));
  }

  /** The total loss of {@code steps} Adam steps on one fixed synthetic batch. */
  private static float[] train(SsdSpec spec, int steps) {
    int batch = 2;
    int h = spec.inputHeight();
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph t = new SsdTrainingGraph(g, spec, OptimizerSpec.adam(), batch, 3);
      TargetAssigner assigner = new TargetAssigner(t.anchors, spec.boxCoder(), spec.matcher());
      int a = t.anchors.length;
      float[] pixels = new float[batch * h * h * 3];
      int[] cls = new int[batch * a];
      float[] clsW = new float[batch * a];
      float[] reg = new float[batch * a * 4];
      float[] regW = new float[batch * a];
      for (int i = 0; i < batch; i++) {
        float y0 = 0.2f + 0.2f * i;
        for (int y = (int) (y0 * h); y < (int) ((y0 + 0.4f) * h); y++) {
          for (int x = h / 4; x < 3 * h / 4; x++) {
            pixels[((i * h + y) * h + x) * 3] = 250;
          }
        }
        float[][] boxes = {{y0, 0.25f, y0 + 0.4f, 0.75f}};
        TargetAssigner.Targets tg = assigner.assign(boxes, new int[] {1}, null);
        System.arraycopy(tg.classes(), 0, cls, i * a, a);
        System.arraycopy(tg.classWeights(), 0, clsW, i * a, a);
        System.arraycopy(tg.regression(), 0, reg, i * a * 4, a * 4);
        System.arraycopy(tg.regressionWeights(), 0, regW, i * a, a);
      }
      float[] losses = new float[steps];
      try (TFloat32 img = TFloat32.tensorOf(Shape.of(batch, h, h, 3), DataBuffers.of(pixels));
          TInt32 ct = TInt32.tensorOf(Shape.of(batch, a), DataBuffers.of(cls));
          TFloat32 cw = TFloat32.tensorOf(Shape.of(batch, a), DataBuffers.of(clsW));
          TFloat32 bt = TFloat32.tensorOf(Shape.of(batch, a, 4), DataBuffers.of(reg));
          TFloat32 bw = TFloat32.tensorOf(Shape.of(batch, a), DataBuffers.of(regW));
          TFloat32 lr = TFloat32.scalarOf(0.01f)) {
        s.initialize();
        for (int step = 0; step < steps; step++) {
          try (Result r =
              s.runner()
                  .feed(t.images, img)
                  .feed(t.classTargets, ct)
                  .feed(t.classWeights, cw)
                  .feed(t.boxTargets, bt)
                  .feed(t.boxWeights, bw)
                  .feed(t.learningRate, lr)
                  .fetch(t.totalLoss)
                  .addTarget(t.trainOp)
                  .run()) {
            losses[step] = ((TFloat32) r.get(0)).getFloat();
          }
        }
      }
      return losses;
    }
  }
}
