package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Operand;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;

/**
 * The SSD network as a TensorFlow graph, with the variable names of the TF1 Object Detection API
 * ({@code FeatureExtractor/MobilenetV2/...} or {@code FeatureExtractor/MobilenetV1/...}, {@code
 * BoxPredictor_N/...}), so that its checkpoints can be restored by name: the feature extractor
 * {@link SsdSpec#backbone()} names ({@link FeatureExtractorNet}) and the {@link BoxPredictorNet}.
 *
 * <p>Input: float images {@code [B, H, W, 3]} in [0, 255]; normalized to {@code 2x/255 - 1} in the
 * graph. Output: box encodings {@code [B, A, 4]} and class logits {@code [B, A, C+1]} in anchor
 * order.
 */
final class SsdNetwork {
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
    Layers layers = new Layers(spec, scopes, vars, training, channelOrder);
    Ops tf = scopes.at("Preprocessor");
    Operand<TFloat32> x =
        tf.math.sub(tf.math.mul(images, tf.constant((float) (2.0 / 255.0))), tf.constant(1f));
    FeatureMap image = new FeatureMap(x, spec.inputHeight(), spec.inputWidth(), 3);
    List<FeatureMap> maps = FeatureExtractorNet.of(spec).build(layers, image);
    int[] perLocation = SsdAnchors.of(spec).anchorsPerLocation();
    List<Operand<TFloat32>> heads =
        spec.fpn() != null
            ? new WeightSharedBoxPredictorNet(layers).build(maps, perLocation)
            : new BoxPredictorNet(layers).build(maps, perLocation);
    List<int[]> sizes = new ArrayList<>();
    for (FeatureMap m : maps) {
      sizes.add(new int[] {m.height(), m.width()});
    }
    return new Heads(heads.get(0), heads.get(1), sizes, layers.batchNormUpdates());
  }
}
