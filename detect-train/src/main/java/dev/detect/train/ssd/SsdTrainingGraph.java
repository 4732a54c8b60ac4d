package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.core.Placeholder;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TInt32;
import org.tensorflow.types.TInt64;

/**
 * The training graph: the SSD network in training mode, the losses from Java-assigned targets, L2
 * regularization, gradients ({@code Graph.addGradients}) and the optimizer update with a fed
 * learning rate. Variables and optimizer slots carry TF1 names ({@code <var>/Momentum}, {@code
 * <var>/Adam}, {@code <var>/Adam_1}, {@code <var>/RMSProp}, {@code <var>/RMSProp_1}, {@code
 * global_step}).
 */
public final class SsdTrainingGraph {
  /** Feed: images {@code [B, H, W, 3]} float in [0, 255]. */
  public final Placeholder<TFloat32> images;

  /** Feed: class id per anchor {@code [B, A]}. */
  public final Placeholder<TInt32> classTargets;

  /** Feed: classification weight per anchor {@code [B, A]}. */
  public final Placeholder<TFloat32> classWeights;

  /** Feed: box targets {@code [B, A, 4]}. */
  public final Placeholder<TFloat32> boxTargets;

  /** Feed: box weight per anchor {@code [B, A]}. */
  public final Placeholder<TFloat32> boxWeights;

  /** Feed: the learning rate of this step. */
  public final Placeholder<TFloat32> learningRate;

  /** Fetch: classification loss. */
  public final Operand<TFloat32> classificationLoss;

  /** Fetch: localization loss. */
  public final Operand<TFloat32> localizationLoss;

  /** Fetch: regularization loss. */
  public final Operand<TFloat32> regularizationLoss;

  /** Fetch: total loss. */
  public final Operand<TFloat32> totalLoss;

  /** Target: one optimization step (also updates batch-norm statistics and the global step). */
  public final Op trainOp;

  /** The global step counter. */
  public final Output<TInt64> globalStep;

  /** The anchors, {@code [A][4]} ycenter, xcenter, height, width. */
  public final float[][] anchors;

  /** The names of the model variables (not optimizer slots), in creation order. */
  public final List<String> modelVariables;

  /** Number of trainable parameters. */
  public final long trainableParameters;

  /** The model this graph trains. */
  public final SsdSpec spec;

  private final Ops ops;
  private final ModelVariables vars;

  /**
   * Builds the training graph into {@code graph}.
   *
   * @param batchSize fixed batch size
   * @param seed seed of the initial weights
   */
  public SsdTrainingGraph(
      Graph graph, SsdSpec spec, OptimizerSpec optimizer, int batchSize, long seed) {
    Ops tf = Ops.create(graph);
    this.ops = tf;
    this.spec = spec;
    Scopes scopes = new Scopes(tf);
    ModelVariables vars = new ModelVariables(graph, tf, true, seed);
    this.vars = vars;
    Ops in = scopes.at("inputs");
    images =
        in.withName("images")
            .placeholder(
                TFloat32.class,
                Placeholder.shape(Shape.of(batchSize, spec.inputHeight(), spec.inputWidth(), 3)));
    SsdNetwork.Heads heads = new SsdNetwork(spec, scopes, vars, true).build(images);
    anchors =
        SsdAnchors.of(spec)
            .generate(heads.featureMapSizes(), spec.inputHeight(), spec.inputWidth());
    int a = anchors.length;
    classTargets =
        in.withName("class_targets")
            .placeholder(TInt32.class, Placeholder.shape(Shape.of(batchSize, a)));
    classWeights =
        in.withName("class_weights")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchSize, a)));
    boxTargets =
        in.withName("box_targets")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchSize, a, 4)));
    boxWeights =
        in.withName("box_weights")
            .placeholder(TFloat32.class, Placeholder.shape(Shape.of(batchSize, a)));
    learningRate =
        in.withName("learning_rate").placeholder(TFloat32.class, Placeholder.shape(Shape.scalar()));
    Ops lossScope = scopes.at("Loss");
    SsdLosses.Losses losses =
        SsdLosses.build(
            lossScope,
            spec.loss(),
            spec.numClasses(),
            heads.classLogits(),
            heads.boxEncodings(),
            classTargets,
            classWeights,
            boxTargets,
            boxWeights);
    classificationLoss = losses.classification();
    localizationLoss = losses.localization();
    regularizationLoss = regularization(lossScope, vars);
    totalLoss =
        lossScope
            .withName("total_loss")
            .math
            .add(lossScope.math.add(classificationLoss, localizationLoss), regularizationLoss);
    modelVariables = vars.all().stream().map(ModelVariables.Entry::name).toList();
    trainableParameters = vars.trainable().stream().mapToLong(e -> count(e.shape())).sum();
    globalStep =
        graph
            .opBuilder("VariableV2", "global_step", tf.withInitScope().scope())
            .setAttr("shape", Shape.scalar())
            .setAttr("dtype", DataType.DT_INT64)
            .build()
            .output(0);
    tf.withInitScope().assign(globalStep, tf.withInitScope().constant(0L));
    List<Op> updates = new ArrayList<>(heads.batchNormUpdates());
    updates.addAll(new Optimizers(graph, tf, vars, optimizer).apply(totalLoss, learningRate));
    updates.add(tf.assignAdd(globalStep, tf.constant(1L)));
    trainOp = tf.withName("train_op").withControlDependencies(updates).noOp();
  }

  /** The model variables (not optimizer slots) in creation order. */
  List<ModelVariables.Entry> variables() {
    return vars.all();
  }

  /** The graph's root ops. */
  Ops ops() {
    return ops;
  }

  private static Operand<TFloat32> regularization(Ops tf, ModelVariables vars) {
    Operand<TFloat32> sum = tf.constant(0f);
    for (ModelVariables.Entry e : vars.trainable()) {
      if (e.l2() > 0) {
        sum =
            tf.math.add(sum, tf.math.mul(tf.nn.l2Loss(e.variable()), tf.constant((float) e.l2())));
      }
    }
    return tf.withName("regularization_loss").identity(sum);
  }

  static long count(long[] shape) {
    long n = 1;
    for (long d : shape) {
      n *= d;
    }
    return n;
  }
}
