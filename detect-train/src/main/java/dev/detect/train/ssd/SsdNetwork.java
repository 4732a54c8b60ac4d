package dev.detect.train.ssd;

import dev.detect.train.ssd.ModelVariables.Init;
import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.nn.FusedBatchNorm;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SSD MobileNetV2 network as a TensorFlow graph, with the variable names of the TF1 Object
 * Detection API's {@code ssd_mobilenet_v2} ({@code FeatureExtractor/MobilenetV2/...}, {@code
 * BoxPredictor_N/...}), so that its checkpoints can be restored by name.
 *
 * <p>Input: float images {@code [B, H, W, 3]} in [0, 255]; normalized to {@code 2x/255 - 1} in the
 * graph. Output: box encodings {@code [B, A, 4]} and class logits {@code [B, A, C+1]} in anchor
 * order.
 */
final class SsdNetwork {
  private static final String FE = "FeatureExtractor/MobilenetV2";

  /** MobileNetV2 inverted residual blocks after the stem: output channels and stride. */
  private static final int[][] BLOCKS = {
    {16, 1}, {24, 2}, {24, 1}, {32, 2}, {32, 1}, {32, 1}, {64, 2}, {64, 1}, {64, 1}, {64, 1},
    {96, 1}, {96, 1}, {96, 1}, {160, 2}, {160, 1}, {160, 1}, {320, 1}
  };

  /** Depths of the extra SSD layers after layer_19 (feature maps 2..5). */
  private static final int[] EXTRA_DEPTHS = {512, 256, 256, 128};

  /** The network's outputs. */
  record Heads(
      Operand<TFloat32> boxEncodings,
      Operand<TFloat32> classLogits,
      List<int[]> featureMapSizes,
      List<Op> batchNormUpdates) {}

  private final SsdSpec spec;
  private final Scopes scopes;
  private final ModelVariables vars;
  private final boolean training;
  private final List<Op> bnUpdates = new ArrayList<>();
  private Operand<TInt32> channelOrder;

  /** One activation with its static spatial size and depth. */
  private record Tensor4(Operand<TFloat32> value, int height, int width, int depth) {}

  SsdNetwork(SsdSpec spec, Scopes scopes, ModelVariables vars, boolean training) {
    this.spec = spec;
    this.scopes = scopes;
    this.vars = vars;
    this.training = training && !spec.freezeBatchNorm();
  }

  /** Builds the network on {@code images} ({@code [B, H, W, 3]}, values 0..255, RGB). */
  Heads build(Operand<TFloat32> images) {
    return build(images, null);
  }

  /**
   * Builds the network on {@code images} whose channels are RGB in the order {@code channelOrder}
   * gives ({@code [0, 1, 2]} for RGB, {@code [2, 1, 0]} for BGR): the first convolution's weights
   * are permuted to match, which costs nothing next to permuting the image.
   */
  Heads build(Operand<TFloat32> images, Operand<TInt32> channelOrder) {
    this.channelOrder = channelOrder;
    Ops tf = scopes.at("Preprocessor");
    Operand<TFloat32> x =
        tf.math.sub(tf.math.mul(images, tf.constant((float) (2.0 / 255.0))), tf.constant(1f));
    Tensor4 net = new Tensor4(x, spec.inputHeight(), spec.inputWidth(), 3);
    net = conv(FE + "/Conv", net, 3, depth(32), 2, true);
    List<Tensor4> maps = new ArrayList<>();
    for (int i = 0; i < BLOCKS.length; i++) {
      String name = FE + "/expanded_conv" + (i == 0 ? "" : "_" + i);
      net =
          invertedResidual(
              name, net, depth(BLOCKS[i][0]), BLOCKS[i][1], i == 0, i == 13 ? maps : null);
    }
    net = conv(FE + "/Conv_1", net, 1, depth(1280), 1, true);
    maps.add(net);
    for (int i = 0; i < EXTRA_DEPTHS.length; i++) {
      int d = EXTRA_DEPTHS[i];
      int half = extraDepth(d / 2.0);
      int full = extraDepth(d);
      int index = i + 2;
      net = conv(FE + "/layer_19_1_Conv2d_" + index + "_1x1_" + half, net, 1, half, 1, true);
      net = conv(FE + "/layer_19_2_Conv2d_" + index + "_3x3_s2_" + full, net, 3, full, 2, true);
      maps.add(net);
    }
    return heads(maps);
  }

  /** MobileNet channel rounding: {@code _make_divisible(d * multiplier, 8, min_depth)}. */
  private int depth(int d) {
    return makeDivisible(d * spec.depthMultiplier(), 8, spec.minDepth());
  }

  /** The extra layers' {@code depth_fn}: {@code max(int(d * multiplier), min_depth)}. */
  private int extraDepth(double d) {
    return Math.max((int) (d * spec.depthMultiplier()), spec.minDepth());
  }

  static int makeDivisible(double v, int divisor, int minValue) {
    int rounded = Math.max(minValue, (int) (v + divisor / 2.0) / divisor * divisor);
    if (rounded < 0.9 * v) {
      rounded += divisor;
    }
    return rounded;
  }

  private Tensor4 invertedResidual(
      String name,
      Tensor4 in,
      int outDepth,
      int stride,
      boolean first,
      List<Tensor4> expansionOut) {
    Tensor4 net = in;
    int inner = first ? in.depth() : makeDivisible(in.depth() * 6.0, 8, 8);
    if (inner > in.depth()) {
      net = conv(name + "/expand", net, 1, inner, 1, true);
      if (expansionOut != null) {
        expansionOut.add(net);
      }
    }
    net = depthwise(name + "/depthwise", net, stride);
    net = conv(name + "/project", net, 1, outDepth, 1, false);
    if (stride == 1 && in.depth() == outDepth) {
      net =
          new Tensor4(
              scopes.at(name).math.add(net.value(), in.value()),
              net.height(),
              net.width(),
              outDepth);
    }
    return net;
  }

  /** Convolution without bias + batch norm (+ ReLU6), slim's conv2d with a normalizer. */
  private Tensor4 conv(String scope, Tensor4 in, int k, int out, int stride, boolean relu6) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> w =
        vars.create(
            scope + "/weights",
            new long[] {k, k, in.depth(), out},
            Init.TRUNCATED_NORMAL,
            spec.featureExtractorInitStddev(),
            true,
            spec.featureExtractorL2());
    Operand<TFloat32> weights = w;
    if (channelOrder != null && scope.equals(FE + "/Conv")) {
      weights = tf.gather(w, channelOrder, tf.constant(2)); // input channels in the image's order
    }
    Operand<TFloat32> y =
        tf.nn.conv2d(in.value(), weights, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    y = batchNorm(scope + "/BatchNorm", y, out);
    if (relu6) {
      y = tf.nn.relu6(y);
    }
    return new Tensor4(y, ceilDiv(in.height(), stride), ceilDiv(in.width(), stride), out);
  }

  private Tensor4 depthwise(String scope, Tensor4 in, int stride) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> w =
        vars.create(
            scope + "/depthwise_weights",
            new long[] {3, 3, in.depth(), 1},
            Init.TRUNCATED_NORMAL,
            spec.featureExtractorInitStddev(),
            true,
            spec.featureExtractorL2());
    Operand<TFloat32> y =
        tf.nn.depthwiseConv2dNative(
            in.value(), w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    y = tf.nn.relu6(batchNorm(scope + "/BatchNorm", y, in.depth()));
    return new Tensor4(y, ceilDiv(in.height(), stride), ceilDiv(in.width(), stride), in.depth());
  }

  private Operand<TFloat32> batchNorm(String scope, Operand<TFloat32> x, int depth) {
    Ops tf = scopes.at(scope);
    long[] shape = {depth};
    Output<TFloat32> gamma = vars.create(scope + "/gamma", shape, Init.CONSTANT, 1, true, 0);
    Output<TFloat32> beta = vars.create(scope + "/beta", shape, Init.CONSTANT, 0, true, 0);
    Output<TFloat32> mean = vars.create(scope + "/moving_mean", shape, Init.CONSTANT, 0, false, 0);
    Output<TFloat32> var =
        vars.create(scope + "/moving_variance", shape, Init.CONSTANT, 1, false, 0);
    FusedBatchNorm<TFloat32, TFloat32> bn =
        tf.nn.fusedBatchNorm(
            x,
            gamma,
            beta,
            mean,
            var,
            FusedBatchNorm.epsilon((float) spec.batchNormEpsilon()),
            FusedBatchNorm.isTraining(training));
    if (training) {
      Operand<TFloat32> keep = tf.constant((float) spec.batchNormDecay());
      Operand<TFloat32> take = tf.constant((float) (1 - spec.batchNormDecay()));
      bnUpdates.add(
          tf.assign(mean, tf.math.add(tf.math.mul(mean, keep), tf.math.mul(bn.batchMean(), take))));
      bnUpdates.add(
          tf.assign(
              var, tf.math.add(tf.math.mul(var, keep), tf.math.mul(bn.batchVariance(), take))));
    }
    return bn.y();
  }

  private Heads heads(List<Tensor4> maps) {
    int[] perLocation = new AnchorGenerator(spec.anchors()).anchorsPerLocation();
    int classes = spec.numClasses() + 1;
    List<Operand<TFloat32>> boxes = new ArrayList<>();
    List<Operand<TFloat32>> logits = new ArrayList<>();
    List<int[]> sizes = new ArrayList<>();
    for (int i = 0; i < maps.size(); i++) {
      Tensor4 m = maps.get(i);
      int n = perLocation[i];
      long cells = (long) m.height() * m.width() * n;
      Ops tf = scopes.at("BoxPredictor_" + i);
      Operand<TFloat32> box = predictor("BoxPredictor_" + i + "/BoxEncodingPredictor", m, n * 4, 0);
      Operand<TFloat32> cls =
          predictor(
              "BoxPredictor_" + i + "/ClassPredictor",
              m,
              n * classes,
              spec.classPredictionBiasInit());
      boxes.add(tf.reshape(box, tf.constant(new long[] {-1, cells, 4})));
      logits.add(tf.reshape(cls, tf.constant(new long[] {-1, cells, classes})));
      sizes.add(new int[] {m.height(), m.width()});
    }
    Ops tf = scopes.at("concat");
    return new Heads(
        tf.concat(boxes, tf.constant(1)),
        tf.concat(logits, tf.constant(1)),
        sizes,
        List.copyOf(bnUpdates));
  }

  private Operand<TFloat32> predictor(String scope, Tensor4 in, int out, double biasInit) {
    Ops tf = scopes.at(scope);
    int k = spec.predictorKernelSize();
    Output<TFloat32> w =
        vars.create(
            scope + "/weights",
            new long[] {k, k, in.depth(), out},
            Init.NORMAL,
            spec.predictorInitStddev(),
            true,
            spec.predictorL2());
    Output<TFloat32> b =
        vars.create(scope + "/biases", new long[] {out}, Init.CONSTANT, biasInit, true, 0);
    return tf.nn.biasAdd(tf.nn.conv2d(in.value(), w, List.of(1L, 1L, 1L, 1L), "SAME"), b);
  }

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
