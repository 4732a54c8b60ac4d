package dev.detect.train.ssd;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.tensorflow.Graph;
import org.tensorflow.Result;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

@Tag("slow")
class SsdTrainingGraphTest {

  @Test
  void graph_at300_hasOdApiAnchorCountAndVariableNames() {
    SsdSpec spec = SsdSpec.defaults(90, 300, 300, 1.0);
    try (Graph g = new Graph()) {
      SsdTrainingGraph t = new SsdTrainingGraph(g, spec, OptimizerSpec.momentum(0.9), 1, 1);
      assertEquals(1917, t.anchors.length);
      for (String name :
          List.of(
              "FeatureExtractor/MobilenetV2/Conv/weights",
              "FeatureExtractor/MobilenetV2/expanded_conv_9/expand/BatchNorm/gamma",
              "FeatureExtractor/MobilenetV2/expanded_conv_9/depthwise/depthwise_weights",
              "FeatureExtractor/MobilenetV2/layer_19_2_Conv2d_2_3x3_s2_512/weights",
              "BoxPredictor_0/ClassPredictor/weights",
              "BoxPredictor_0/BoxEncodingPredictor/biases",
              "FeatureExtractor/MobilenetV2/Conv_1/weights")) {
        assertTrue(
            t.modelVariables.contains(name), name + " in " + t.modelVariables.subList(0, 10));
        assertTrue(g.operation(name) != null, name);
      }
      assertTrue(g.operation("BoxPredictor_0/ClassPredictor/weights/Momentum") != null);
      // ssd_mobilenet_v2 at 1.0 with 90 classes: about 6M parameters (backbone, extras, heads).
      assertTrue(
          t.trainableParameters > 5_500_000 && t.trainableParameters < 6_500_000,
          "" + t.trainableParameters);
    }
  }

  @Test
  void training_onASyntheticBatch_reducesLoss() {
    SsdSpec spec = SsdSpec.defaults(2, 128, 128, 0.35);
    int batch = 4;
    try (Graph g = new Graph();
        Session s = new Session(g)) {
      SsdTrainingGraph t = new SsdTrainingGraph(g, spec, OptimizerSpec.adam(), batch, 7);
      TargetAssigner assigner = new TargetAssigner(t.anchors, spec.boxCoder(), spec.matcher());
      int a = t.anchors.length;
      Random r = new Random(3);
      float[] pixels = new float[batch * 128 * 128 * 3];
      int[] cls = new int[batch * a];
      float[] clsW = new float[batch * a];
      float[] reg = new float[batch * a * 4];
      float[] regW = new float[batch * a];
      for (int i = 0; i < batch; i++) {
        float y0 = 0.1f + 0.4f * r.nextFloat();
        float x0 = 0.1f + 0.4f * r.nextFloat();
        float[][] boxes = {{y0, x0, y0 + 0.4f, x0 + 0.4f}};
        for (int y = 0; y < 128; y++) {
          for (int x = 0; x < 128; x++) {
            boolean in =
                y >= y0 * 128 && y < (y0 + 0.4f) * 128 && x >= x0 * 128 && x < (x0 + 0.4f) * 128;
            int base = ((i * 128 + y) * 128 + x) * 3;
            pixels[base] = in ? 250 : 20;
            pixels[base + 1] = in ? 30 : 20;
            pixels[base + 2] = 20;
          }
        }
        TargetAssigner.Targets tg = assigner.assign(boxes, new int[] {1}, null);
        assertTrue(tg.numMatched() > 0);
        System.arraycopy(tg.classes(), 0, cls, i * a, a);
        System.arraycopy(tg.classWeights(), 0, clsW, i * a, a);
        System.arraycopy(tg.regression(), 0, reg, i * a * 4, a * 4);
        System.arraycopy(tg.regressionWeights(), 0, regW, i * a, a);
      }
      List<Float> losses = new ArrayList<>();
      try (TFloat32 img = TFloat32.tensorOf(Shape.of(batch, 128, 128, 3), DataBuffers.of(pixels));
          TInt32 ct = TInt32.tensorOf(Shape.of(batch, a), DataBuffers.of(cls));
          TFloat32 cw = TFloat32.tensorOf(Shape.of(batch, a), DataBuffers.of(clsW));
          TFloat32 bt = TFloat32.tensorOf(Shape.of(batch, a, 4), DataBuffers.of(reg));
          TFloat32 bw = TFloat32.tensorOf(Shape.of(batch, a), DataBuffers.of(regW));
          TFloat32 lr = TFloat32.scalarOf(0.01f)) {
        for (int step = 0; step < 40; step++) {
          try (Result res =
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
            losses.add(((TFloat32) res.get(0)).getFloat());
          }
        }
      }
      System.out.println("losses " + losses);
      assertTrue(Float.isFinite(losses.get(0)));
      assertTrue(losses.get(39) < losses.get(0) * 0.5, losses.toString());
    }
  }
}
