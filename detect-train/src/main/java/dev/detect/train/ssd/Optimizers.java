package dev.detect.train.ssd;

import java.util.ArrayList;
import java.util.List;
import org.tensorflow.Graph;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.types.TFloat32;

/**
 * Optimizer updates with raw {@code Apply*} ops and explicitly named slots. The framework's {@code
 * Optimizer.minimize} differentiates every variable in the graph and fails on batch-norm moving
 * statistics, and fixes its learning rate at construction; here gradients come from {@code
 * Graph.addGradients} on the trainable variables only and the learning rate is fed.
 */
final class Optimizers {
  private final Graph graph;
  private final Ops tf;
  private final ModelVariables vars;
  private final OptimizerSpec spec;

  Optimizers(Graph graph, Ops tf, ModelVariables vars, OptimizerSpec spec) {
    this.graph = graph;
    this.tf = tf;
    this.vars = vars;
    this.spec = spec;
  }

  /** The update ops for one step minimizing {@code loss} at {@code lr}. */
  @SuppressWarnings("unchecked")
  List<Op> apply(Operand<TFloat32> loss, Operand<TFloat32> lr) {
    List<ModelVariables.Entry> trainable = vars.trainable();
    Output<?>[] xs = new Output<?>[trainable.size()];
    for (int i = 0; i < xs.length; i++) {
      xs[i] = trainable.get(i).variable();
    }
    Output<?>[] grads = graph.addGradients(loss.asOutput(), xs);
    List<Operand<TFloat32>> g = new ArrayList<>();
    for (Output<?> grad : grads) {
      g.add((Output<TFloat32>) grad);
    }
    if (spec.gradientClipNorm() > 0) {
      g = clipByGlobalNorm(g, spec.gradientClipNorm());
    }
    List<Op> updates = new ArrayList<>();
    // Every update waits for every gradient: TensorFlow would otherwise run a variable's update as
    // soon as its own gradient is ready, while backpropagation to earlier layers still reads the
    // variable (ref semantics), which made training diverge depending on op scheduling.
    List<Op> gradientOps = new ArrayList<>();
    for (Operand<TFloat32> grad : g) {
      gradientOps.add(tf.identity(grad));
    }
    Ops opt = tf.withSubScope("optimizer").withControlDependencies(gradientOps);
    Output<TFloat32> beta1Power = null;
    Output<TFloat32> beta2Power = null;
    if (spec.kind() == OptimizerSpec.Kind.ADAM) {
      beta1Power = vars.raw("beta1_power", new long[0]);
      vars.initialize(beta1Power, new long[0], spec.beta1());
      beta2Power = vars.raw("beta2_power", new long[0]);
      vars.initialize(beta2Power, new long[0], spec.beta2());
    }
    for (int i = 0; i < trainable.size(); i++) {
      ModelVariables.Entry e = trainable.get(i);
      updates.add(update(opt, e, g.get(i), lr, beta1Power, beta2Power));
    }
    if (beta1Power != null) {
      Op after = tf.withControlDependencies(updates).noOp();
      List<Op> powers = new ArrayList<>();
      powers.add(
          opt.withControlDependencies(List.of(after))
              .assign(beta1Power, opt.math.mul(beta1Power, opt.constant((float) spec.beta1()))));
      powers.add(
          opt.withControlDependencies(List.of(after))
              .assign(beta2Power, opt.math.mul(beta2Power, opt.constant((float) spec.beta2()))));
      updates.addAll(powers);
    }
    return updates;
  }

  private Op update(
      Ops opt,
      ModelVariables.Entry e,
      Operand<TFloat32> grad,
      Operand<TFloat32> lr,
      Output<TFloat32> beta1Power,
      Output<TFloat32> beta2Power) {
    Output<TFloat32> v = e.variable();
    long[] shape = e.shape();
    return switch (spec.kind()) {
      case MOMENTUM -> {
        Output<TFloat32> accum = slot(e.name() + "/Momentum", shape, 0);
        yield opt.train.applyMomentum(v, accum, lr, grad, opt.constant((float) spec.momentum()));
      }
      case ADAM -> {
        Output<TFloat32> m = slot(e.name() + "/Adam", shape, 0);
        Output<TFloat32> s = slot(e.name() + "/Adam_1", shape, 0);
        yield opt.train.applyAdam(
            v,
            m,
            s,
            beta1Power,
            beta2Power,
            lr,
            opt.constant((float) spec.beta1()),
            opt.constant((float) spec.beta2()),
            opt.constant((float) spec.epsilon()),
            grad);
      }
      case RMS_PROP -> {
        // TF1's RMSPropOptimizer starts the mean square at 1.
        Output<TFloat32> ms = slot(e.name() + "/RMSProp", shape, 1);
        Output<TFloat32> mom = slot(e.name() + "/RMSProp_1", shape, 0);
        yield opt.train.applyRmsProp(
            v,
            ms,
            mom,
            lr,
            opt.constant((float) spec.rmsDecay()),
            opt.constant((float) spec.momentum()),
            opt.constant((float) spec.epsilon()),
            grad);
      }
    };
  }

  private Output<TFloat32> slot(String name, long[] shape, double init) {
    Output<TFloat32> s = vars.raw(name, shape);
    vars.initialize(s, shape, init);
    return s;
  }

  private List<Operand<TFloat32>> clipByGlobalNorm(List<Operand<TFloat32>> grads, double clip) {
    Ops c = tf.withSubScope("clip_by_global_norm");
    Operand<TFloat32> sumSquares = c.constant(0f);
    for (Operand<TFloat32> g : grads) {
      sumSquares = c.math.add(sumSquares, c.math.mul(c.nn.l2Loss(g), c.constant(2f)));
    }
    Operand<TFloat32> norm = c.math.sqrt(sumSquares);
    Operand<TFloat32> clipValue = c.constant((float) clip);
    Operand<TFloat32> scale = c.math.div(clipValue, c.math.maximum(norm, clipValue));
    List<Operand<TFloat32>> out = new ArrayList<>();
    for (Operand<TFloat32> g : grads) {
      out.add(c.math.mul(g, scale));
    }
    return out;
  }
}
