package dev.detect.train.ssd;

import dev.detect.train.ssd.ModelVariables.Init;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The OD API's {@code weight_shared_convolutional_box_predictor} (Keras {@code
 * WeightSharedConvolutionalBoxPredictor}): every feature map runs through the same tower of {@code
 * num_layers_before_predictor} k×k convolutions (one set of kernels for all maps; batch norm per
 * map; ReLU6), then through the same box head ({@code anchors × 4}) and class head ({@code anchors
 * × (classes + 1)}, bias initialized to {@code class_prediction_bias_init}). With {@code
 * share_prediction_tower} both heads read one tower, otherwise each has its own. With {@code
 * use_depthwise} every convolution is separable (depthwise k×k, then pointwise 1×1).
 *
 * <p>Variables: {@code WeightSharedConvolutionalBoxPredictor/<Tower>/conv2d_<j>/...} with batch
 * norm {@code .../conv2d_<j>/BatchNorm/feature_<i>/...}, and {@code .../BoxPredictor/...}, {@code
 * .../ClassPredictor/...} for the heads.
 */
final class WeightSharedBoxPredictorNet {
  static final String SCOPE = "WeightSharedConvolutionalBoxPredictor";
  static final String SHARED_TOWER = "PredictionTower";
  static final String BOX_TOWER = "BoxPredictionTower";
  static final String CLASS_TOWER = "ClassPredictionTower";

  private final Layers layers;
  private final SsdSpec spec;
  private final Map<String, Output<TFloat32>> shared = new HashMap<>();

  WeightSharedBoxPredictorNet(Layers layers) {
    this.layers = layers;
    this.spec = layers.spec();
  }

  /**
   * Box encodings {@code [B, A, 4]} and class logits {@code [B, A, C+1]} in anchor order, with
   * {@code perLocation[i]} anchors per cell of {@code maps.get(i)}.
   */
  List<Operand<TFloat32>> build(List<FeatureMap> maps, int[] perLocation) {
    int classes = spec.numClasses() + 1;
    SsdSpec.Fpn fpn = spec.fpn();
    List<Operand<TFloat32>> boxes = new ArrayList<>();
    List<Operand<TFloat32>> logits = new ArrayList<>();
    for (int i = 0; i < maps.size(); i++) {
      FeatureMap m = maps.get(i);
      if (m.depth() != maps.get(0).depth()) {
        throw new IllegalStateException("the shared predictor needs maps of one depth");
      }
      int n = perLocation[i];
      long cells = (long) m.height() * m.width() * n;
      FeatureMap boxTower = tower(fpn.shareTower() ? SHARED_TOWER : BOX_TOWER, i, m);
      FeatureMap classTower = fpn.shareTower() ? boxTower : tower(CLASS_TOWER, i, m);
      Operand<TFloat32> box = head(SCOPE + "/BoxPredictor", boxTower, n * 4, 0, i);
      Operand<TFloat32> cls =
          head(
              SCOPE + "/ClassPredictor",
              classTower,
              n * classes,
              spec.classPredictionBiasInit(),
              i);
      Ops tf = layers.scopes().at(SCOPE + "/feature_" + i);
      boxes.add(tf.reshape(box, tf.constant(new long[] {-1, cells, 4})));
      logits.add(tf.reshape(cls, tf.constant(new long[] {-1, cells, classes})));
    }
    Ops tf = layers.scopes().at("concat");
    return List.of(tf.concat(boxes, tf.constant(1)), tf.concat(logits, tf.constant(1)));
  }

  private FeatureMap tower(String name, int feature, FeatureMap in) {
    SsdSpec.Fpn fpn = spec.fpn();
    FeatureMap net = in;
    for (int j = 0; j < fpn.towerLayers(); j++) {
      String scope = SCOPE + "/" + name + "/conv2d_" + j;
      Operand<TFloat32> y = conv(scope, net, fpn.towerDepth(), !fpn.towerBatchNorm(), 0, feature);
      String bn = scope + "/BatchNorm/feature_" + feature;
      y =
          fpn.towerBatchNorm()
              ? layers.batchNormRelu6(bn, y, fpn.towerDepth())
              : layers.scopes().at(scope + "/feature_" + feature).nn.relu6(y);
      net = new FeatureMap(y, net.height(), net.width(), fpn.towerDepth());
    }
    return net;
  }

  private Operand<TFloat32> head(
      String scope, FeatureMap in, int out, double biasInit, int feature) {
    return conv(scope, in, out, true, biasInit, feature);
  }

  /**
   * The shared k×k (or separable) stride-1 convolution {@code scope}, its kernels created on the
   * first feature map and reused for the others.
   */
  private Operand<TFloat32> conv(
      String scope, FeatureMap in, int out, boolean bias, double biasInit, int feature) {
    int k = spec.predictorKernelSize();
    int depth = in.depth();
    Ops tf = layers.scopes().at(scope + "/feature_" + feature);
    Operand<TFloat32> y;
    if (spec.predictorDepthwise()) {
      Output<TFloat32> dw =
          kernel(
              scope + "/depthwise_weights",
              new long[] {k, k, depth, 1},
              Init.NORMAL,
              spec.predictorInitStddev());
      Output<TFloat32> pw =
          kernel(
              scope + "/pointwise_weights",
              new long[] {1, 1, depth, out},
              Init.UNIFORM,
              Layers.glorotLimit(1, depth, out));
      y = tf.nn.depthwiseConv2dNative(in.value(), dw, List.of(1L, 1L, 1L, 1L), "SAME");
      y = tf.nn.conv2d(y, pw, List.of(1L, 1L, 1L, 1L), "SAME");
    } else {
      Output<TFloat32> w =
          kernel(
              scope + "/weights",
              new long[] {k, k, depth, out},
              Init.NORMAL,
              spec.predictorInitStddev());
      y = tf.nn.conv2d(in.value(), w, List.of(1L, 1L, 1L, 1L), "SAME");
    }
    if (bias) {
      y = tf.nn.biasAdd(y, kernel(scope + "/biases", new long[] {out}, Init.CONSTANT, biasInit));
    }
    return y;
  }

  private Output<TFloat32> kernel(String path, long[] shape, Init init, double value) {
    Output<TFloat32> v = shared.get(path);
    if (v == null) {
      v = layers.predictorVariable(path, shape, init, value, init != Init.CONSTANT);
      shared.put(path, v);
    }
    return v;
  }
}
