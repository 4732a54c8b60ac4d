package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * The OD API's TF1 {@code convolutional_box_predictor}: per feature map i, {@code
 * BoxPredictor_i/BoxEncodingPredictor} and {@code BoxPredictor_i/ClassPredictor}, k×k convolutions
 * with bias ({@code kernel_size}). With {@code use_depthwise} (SSDLite) each is separable, as the
 * OD API's {@code ConvolutionalBoxHead}/{@code ConvolutionalClassHead} build it: a k×k depthwise
 * convolution with batch norm and ReLU6 ({@code BoxEncodingPredictor_depthwise/depthwise_weights},
 * {@code .../BatchNorm/...}, no bias), then a 1×1 convolution with bias and no activation under the
 * plain name. detect initializes the class biases with {@code class_prediction_bias_init} in both
 * forms.
 */
final class BoxPredictorNet {
  private final Layers layers;

  BoxPredictorNet(Layers layers) {
    this.layers = layers;
  }

  /**
   * Box encodings {@code [B, A, 4]} and class logits {@code [B, A, C+1]} in anchor order, with
   * {@code perLocation[i]} anchors per cell of {@code maps.get(i)}.
   */
  List<Operand<TFloat32>> build(List<FeatureMap> maps, int[] perLocation) {
    SsdSpec spec = layers.spec();
    int classes = spec.numClasses() + 1;
    List<Operand<TFloat32>> boxes = new ArrayList<>();
    List<Operand<TFloat32>> logits = new ArrayList<>();
    for (int i = 0; i < maps.size(); i++) {
      FeatureMap m = maps.get(i);
      int n = perLocation[i];
      long cells = (long) m.height() * m.width() * n;
      String scope = "BoxPredictor_" + i;
      Ops tf = layers.scopes().at(scope);
      Operand<TFloat32> box = head(scope + "/BoxEncodingPredictor", m, n * 4, 0);
      Operand<TFloat32> cls =
          head(scope + "/ClassPredictor", m, n * classes, spec.classPredictionBiasInit());
      boxes.add(tf.reshape(box, tf.constant(new long[] {-1, cells, 4})));
      logits.add(tf.reshape(cls, tf.constant(new long[] {-1, cells, classes})));
    }
    Ops tf = layers.scopes().at("concat");
    return List.of(tf.concat(boxes, tf.constant(1)), tf.concat(logits, tf.constant(1)));
  }

  private Operand<TFloat32> head(String scope, FeatureMap in, int out, double biasInit) {
    int k = layers.spec().predictorKernelSize();
    if (!layers.spec().predictorDepthwise()) {
      return layers.prediction(scope, in, k, out, biasInit);
    }
    FeatureMap dw = layers.depthwise(scope + "_depthwise", in, k, 1, true);
    return layers.prediction(scope, dw, 1, out, biasInit);
  }
}
