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
 * The TF-slim layers the OD API builds its SSD networks from, with slim's variable names: {@code
 * <scope>/weights}, {@code <scope>/depthwise_weights}, {@code <scope>/biases} and {@code
 * <scope>/BatchNorm/{gamma,beta,moving_mean,moving_variance}}. Every convolution pads SAME.
 * Collects the batch-norm moving-average updates of a training graph.
 */
final class Layers {
  private final SsdSpec spec;
  private final Scopes scopes;
  private final ModelVariables vars;
  private final boolean training;
  private final Operand<TInt32> channelOrder;
  private final List<Op> bnUpdates = new ArrayList<>();

  /**
   * @param training batch norm in training mode (batch statistics, moving averages updated)
   * @param channelOrder the image's channel order for {@link #stem}, or null for RGB
   */
  Layers(
      SsdSpec spec,
      Scopes scopes,
      ModelVariables vars,
      boolean training,
      Operand<TInt32> channelOrder) {
    this.spec = spec;
    this.scopes = scopes;
    this.vars = vars;
    this.training = training;
    this.channelOrder = channelOrder;
  }

  SsdSpec spec() {
    return spec;
  }

  Scopes scopes() {
    return scopes;
  }

  /** The moving-average updates of every batch norm built so far (empty unless training). */
  List<Op> batchNormUpdates() {
    return List.copyOf(bnUpdates);
  }

  /**
   * The first convolution (k×k, batch norm, ReLU6) on the image; its weights' input channels are
   * permuted to the image's channel order when one was given, which costs nothing next to permuting
   * the image.
   */
  FeatureMap stem(String scope, FeatureMap image, int k, int out, int stride) {
    return conv(scope, image, k, out, stride, true, channelOrder);
  }

  /** slim's conv2d without bias, then batch norm, then ReLU6 when {@code relu6}. */
  FeatureMap conv(String scope, FeatureMap in, int k, int out, int stride, boolean relu6) {
    return conv(scope, in, k, out, stride, relu6, null);
  }

  private FeatureMap conv(
      String scope,
      FeatureMap in,
      int k,
      int out,
      int stride,
      boolean relu6,
      Operand<TInt32> order) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> w =
        vars.create(
            scope + "/weights",
            new long[] {k, k, in.depth(), out},
            Init.TRUNCATED_NORMAL,
            spec.featureExtractorInitStddev(),
            true,
            spec.featureExtractorL2());
    Operand<TFloat32> weights = order == null ? w : tf.gather(w, order, tf.constant(2));
    Operand<TFloat32> y =
        tf.nn.conv2d(in.value(), weights, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    y = batchNorm(scope + "/BatchNorm", y, out);
    if (relu6) {
      y = tf.nn.relu6(y);
    }
    return new FeatureMap(y, ceilDiv(in.height(), stride), ceilDiv(in.width(), stride), out);
  }

  /**
   * slim's separable_conv2d with no pointwise part: a k×k depthwise convolution (depth multiplier
   * 1, no bias), batch norm, ReLU6. {@code predictor} takes the box predictor's initializer and
   * regularizer instead of the feature extractor's.
   */
  FeatureMap depthwise(String scope, FeatureMap in, int k, int stride, boolean predictor) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> w =
        vars.create(
            scope + "/depthwise_weights",
            new long[] {k, k, in.depth(), 1},
            Init.TRUNCATED_NORMAL,
            predictor ? spec.predictorInitStddev() : spec.featureExtractorInitStddev(),
            true,
            predictor ? spec.predictorL2() : spec.featureExtractorL2());
    Operand<TFloat32> y =
        tf.nn.depthwiseConv2dNative(
            in.value(), w, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    y = tf.nn.relu6(batchNorm(scope + "/BatchNorm", y, in.depth()));
    return new FeatureMap(y, ceilDiv(in.height(), stride), ceilDiv(in.width(), stride), in.depth());
  }

  /**
   * A k×k stride-1 prediction convolution with bias and neither batch norm nor activation ({@code
   * <scope>/weights}, {@code <scope>/biases}), with the box predictor's hyperparameters.
   */
  Operand<TFloat32> prediction(String scope, FeatureMap in, int k, int out, double biasInit) {
    Ops tf = scopes.at(scope);
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

  /**
   * Keras' {@code SeparableConv2D} without bias (depth multiplier 1), then batch norm and ReLU6: a
   * k×k depthwise convolution ({@code <scope>/depthwise_weights}) straight into a 1×1 convolution
   * ({@code <scope>/pointwise_weights}), as the FPN-Lite smoothing and coarse layers are built. The
   * pointwise kernel starts glorot-uniform, as Keras initializes it (the OD API passes the config's
   * initializer to the depthwise kernel only).
   */
  FeatureMap separable(String scope, FeatureMap in, int k, int out, int stride) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> dw =
        vars.create(
            scope + "/depthwise_weights",
            new long[] {k, k, in.depth(), 1},
            Init.TRUNCATED_NORMAL,
            spec.featureExtractorInitStddev(),
            true,
            spec.featureExtractorL2());
    Output<TFloat32> pw =
        vars.create(
            scope + "/pointwise_weights",
            new long[] {1, 1, in.depth(), out},
            Init.UNIFORM,
            glorotLimit(1, in.depth(), out),
            true,
            spec.featureExtractorL2());
    Operand<TFloat32> y =
        tf.nn.depthwiseConv2dNative(
            in.value(), dw, List.of(1L, (long) stride, (long) stride, 1L), "SAME");
    y = tf.nn.conv2d(y, pw, List.of(1L, 1L, 1L, 1L), "SAME");
    y = tf.nn.relu6(batchNorm(scope + "/BatchNorm", y, out));
    return new FeatureMap(y, ceilDiv(in.height(), stride), ceilDiv(in.width(), stride), out);
  }

  /**
   * A k×k stride-1 convolution with bias and neither batch norm nor activation, with the feature
   * extractor's hyperparameters ({@code <scope>/weights}, {@code <scope>/biases}): the FPN's 1×1
   * projections.
   */
  FeatureMap projection(String scope, FeatureMap in, int out) {
    Ops tf = scopes.at(scope);
    Output<TFloat32> w =
        vars.create(
            scope + "/weights",
            new long[] {1, 1, in.depth(), out},
            Init.TRUNCATED_NORMAL,
            spec.featureExtractorInitStddev(),
            true,
            spec.featureExtractorL2());
    Output<TFloat32> b =
        vars.create(scope + "/biases", new long[] {out}, Init.CONSTANT, 0, true, 0);
    Operand<TFloat32> y =
        tf.nn.biasAdd(tf.nn.conv2d(in.value(), w, List.of(1L, 1L, 1L, 1L), "SAME"), b);
    return new FeatureMap(y, in.height(), in.width(), out);
  }

  /** Nearest-neighbour upsampling by 2 (the FPN's top-down step). */
  FeatureMap upsample2x(String scope, FeatureMap in) {
    Ops tf = scopes.at(scope);
    int h = in.height() * 2;
    int w = in.width() * 2;
    Operand<TFloat32> y = tf.image.resizeNearestNeighbor(in.value(), tf.constant(new int[] {h, w}));
    return new FeatureMap(y, h, w, in.depth());
  }

  /**
   * A trainable box predictor variable, with the predictor's L2 regularizer when {@code
   * regularized} (kernels, not biases), for layers that share one kernel between feature maps.
   */
  Output<TFloat32> predictorVariable(
      String path, long[] shape, Init kind, double value, boolean regularized) {
    return vars.create(path, shape, kind, value, true, regularized ? spec.predictorL2() : 0);
  }

  /** Batch norm (with its variables under {@code scope}), then ReLU6. */
  Operand<TFloat32> batchNormRelu6(String scope, Operand<TFloat32> x, int depth) {
    return scopes.at(scope).nn.relu6(batchNorm(scope, x, depth));
  }

  /** Keras' glorot_uniform limit for a k×k kernel: {@code sqrt(6 / (fan_in + fan_out))}. */
  static double glorotLimit(int k, int in, int out) {
    return Math.sqrt(6.0 / ((double) k * k * in + (double) k * k * out));
  }

  /** {@code a + b} in the ops scope {@code scope} (a residual connection). */
  FeatureMap add(String scope, FeatureMap a, FeatureMap b) {
    return new FeatureMap(
        scopes.at(scope).math.add(a.value(), b.value()), a.height(), a.width(), a.depth());
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

  private static int ceilDiv(int a, int b) {
    return (a + b - 1) / b;
  }
}
