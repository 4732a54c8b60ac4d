package dev.detect.train.ssd;

import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.op.image.CombinedNonMaxSuppression;
import org.tensorflow.op.image.ResizeBilinear;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TUint8;

/**
 * The inference graph with the OD API's {@code serving_default} interface: {@code input_tensor}
 * uint8 {@code [1, H, W, 3]} with H and W free, resized in the graph to the model input; outputs
 * {@code detection_boxes} {@code [1, N, 4]} (normalized ymin, xmin, ymax, xmax), {@code
 * detection_scores} {@code [1, N]}, {@code detection_classes} {@code [1, N]} (float, 1-based label
 * ids) and {@code num_detections} {@code [1]}, N = {@code max_total_detections}, with per-class NMS
 * then top-N inside the graph. Variables carry the training names and start uninitialized: restore
 * a checkpoint into the session.
 */
public final class SsdInferenceGraph {
  /** Input: uint8 images {@code [1, H, W, 3]}. */
  public final Placeholder<TUint8> input;

  /**
   * The name of the optional int32 {@code [3]} input that says in which order the image's channels
   * come: {@code [0, 1, 2]} (RGB, the default when it is not fed) or {@code [2, 1, 0]} (BGR, as
   * Java's {@code TYPE_3BYTE_BGR} images and OpenCV hold them, fed as they are). Not part of the
   * {@code serving_default} signature; a caller feeds it by name.
   */
  public static final String CHANNEL_ORDER = "input_channel_order";

  /** The channel order input ({@link #CHANNEL_ORDER}). */
  public final Operand<TInt32> channelOrder;

  /** Output: boxes {@code [1, N, 4]}, normalized {@code ymin, xmin, ymax, xmax}. */
  public final Operand<TFloat32> boxes;

  /** Output: scores {@code [1, N]}. */
  public final Operand<TFloat32> scores;

  /** Output: 1-based class ids as floats {@code [1, N]}. */
  public final Operand<TFloat32> classes;

  /** Output: number of valid detections {@code [1]}. */
  public final Operand<TFloat32> numDetections;

  /** Builds the inference graph into {@code graph}. */
  public SsdInferenceGraph(Graph graph, SsdSpec spec) {
    Ops tf = Ops.create(graph);
    Scopes scopes = new Scopes(tf);
    ModelVariables vars = new ModelVariables(graph, tf, false, 0);
    input =
        tf.withName("input_tensor")
            .placeholder(TUint8.class, Placeholder.shape(Shape.of(1, -1, -1, 3)));
    Ops pre = scopes.at("Preprocessor");
    Operand<TFloat32> resized =
        pre.image.resizeBilinear(
            pre.dtypes.cast(input, TFloat32.class),
            pre.constant(new int[] {spec.inputHeight(), spec.inputWidth()}),
            ResizeBilinear.halfPixelCenters(true));
    channelOrder =
        tf.withName(CHANNEL_ORDER)
            .placeholderWithDefault(tf.constant(new int[] {0, 1, 2}), Shape.of(3));
    SsdNetwork.Heads heads = new SsdNetwork(spec, scopes, vars, false).build(resized, channelOrder);
    float[][] anchors =
        SsdAnchors.of(spec)
            .generate(heads.featureMapSizes(), spec.inputHeight(), spec.inputWidth());
    Ops post = scopes.at("Postprocessor");
    Operand<TFloat32> decoded = decode(post, spec.boxCoder(), heads.boxEncodings(), anchors);
    Operand<TFloat32> classScores = scores(post, spec, heads.classLogits());
    SsdSpec.PostProcessing pp = spec.postProcessing();
    CombinedNonMaxSuppression nms =
        post.image.combinedNonMaxSuppression(
            post.expandDims(decoded, post.constant(2)),
            classScores,
            post.constant(pp.maxDetectionsPerClass()),
            post.constant(pp.maxTotalDetections()),
            post.constant((float) pp.iouThreshold()),
            post.constant((float) pp.scoreThreshold()),
            CombinedNonMaxSuppression.padPerClass(false),
            CombinedNonMaxSuppression.clipBoxes(true));
    boxes = tf.withName("detection_boxes").identity(nms.nmsedBoxes());
    scores = tf.withName("detection_scores").identity(nms.nmsedScores());
    classes = tf.withName("detection_classes").math.add(nms.nmsedClasses(), tf.constant(1f));
    numDetections =
        tf.withName("num_detections").dtypes.cast(nms.validDetections(), TFloat32.class);
  }

  /** Anchor-relative encodings {@code [1, A, 4]} to boxes ymin, xmin, ymax, xmax. */
  private static Operand<TFloat32> decode(
      Ops tf, BoxCoder coder, Operand<TFloat32> codes, float[][] anchors) {
    int a = anchors.length;
    float[] yc = new float[a];
    float[] xc = new float[a];
    float[] h = new float[a];
    float[] w = new float[a];
    for (int i = 0; i < a; i++) {
      yc[i] = anchors[i][0];
      xc[i] = anchors[i][1];
      h[i] = anchors[i][2];
      w[i] = anchors[i][3];
    }
    List<org.tensorflow.Output<TFloat32>> t =
        tf.unstack(codes, 4L, org.tensorflow.op.core.Unstack.axis(2L)).output();
    Operand<TFloat32> ha = tf.constant(Shape.of(1, a), DataBuffers.of(h));
    Operand<TFloat32> wa = tf.constant(Shape.of(1, a), DataBuffers.of(w));
    Operand<TFloat32> ycenter =
        tf.math.add(
            tf.math.mul(tf.math.div(t.get(0), tf.constant((float) coder.yScale())), ha),
            tf.constant(Shape.of(1, a), DataBuffers.of(yc)));
    Operand<TFloat32> xcenter =
        tf.math.add(
            tf.math.mul(tf.math.div(t.get(1), tf.constant((float) coder.xScale())), wa),
            tf.constant(Shape.of(1, a), DataBuffers.of(xc)));
    Operand<TFloat32> half = tf.constant(0.5f);
    Operand<TFloat32> hh =
        tf.math.mul(
            tf.math.mul(
                tf.math.exp(tf.math.div(t.get(2), tf.constant((float) coder.heightScale()))), ha),
            half);
    Operand<TFloat32> hw =
        tf.math.mul(
            tf.math.mul(
                tf.math.exp(tf.math.div(t.get(3), tf.constant((float) coder.widthScale()))), wa),
            half);
    return tf.stack(
        List.of(
            tf.math.sub(ycenter, hh),
            tf.math.sub(xcenter, hw),
            tf.math.add(ycenter, hh),
            tf.math.add(xcenter, hw)),
        org.tensorflow.op.core.Stack.axis(2L));
  }

  /** Class scores without the background column: {@code [1, A, C]}. */
  private static Operand<TFloat32> scores(Ops tf, SsdSpec spec, Operand<TFloat32> logits) {
    SsdSpec.PostProcessing pp = spec.postProcessing();
    Operand<TFloat32> scaled = tf.math.div(logits, tf.constant((float) pp.logitScale()));
    Operand<TFloat32> converted =
        switch (pp.scoreConverter()) {
          case SIGMOID -> tf.math.sigmoid(scaled);
          case SOFTMAX -> tf.nn.softmax(scaled);
          case IDENTITY -> scaled;
        };
    return tf.slice(
        converted,
        tf.constant(new int[] {0, 0, 1}),
        tf.constant(new int[] {-1, -1, spec.numClasses()}));
  }
}
