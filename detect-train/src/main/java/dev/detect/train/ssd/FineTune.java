package dev.detect.train.ssd;

import dev.detect.train.FineTuneReport;
import dev.detect.train.checkpoint.CheckpointIndex;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.tensorflow.Operand;
import org.tensorflow.Output;
import org.tensorflow.Session;
import org.tensorflow.ndarray.Shape;
import org.tensorflow.ndarray.buffer.DataBuffers;
import org.tensorflow.op.Op;
import org.tensorflow.op.Ops;
import org.tensorflow.op.train.Restore;
import org.tensorflow.proto.DataType;
import org.tensorflow.types.TFloat32;
import org.tensorflow.types.TString;
import org.tensorflow.types.family.TType;

/**
 * Restores model variables from another checkpoint by name and shape ({@code
 * fine_tune_checkpoint}): {@code detection} takes every variable whose name and shape match (so the
 * class head is skipped when the number of classes differs); {@code classification} takes the
 * MobileNet backbone from an ImageNet checkpoint whose names lack the {@code FeatureExtractor/}
 * prefix (TF-slim's {@code MobilenetV2/...} or {@code MobilenetV1/...}). A TF2 object-based
 * checkpoint ({@code ckpt-0}) is read through {@link Tf2CheckpointKeys}: {@code detection} takes
 * every variable whose key and shape match, {@code classification} the backbone's. Optimizer slots
 * and the global step are never taken.
 */
public final class FineTune {
  private FineTune() {}

  /**
   * Restores into {@code session} from {@code prefix}.
   *
   * @throws IllegalStateException when fewer than half of the candidates match (wrong architecture,
   *     depth multiplier or checkpoint type), naming examples
   */
  public static FineTuneReport restore(
      SsdTrainingGraph graph, Session session, Path prefix, FineTuneReport.Type type)
      throws IOException {
    CheckpointIndex index = CheckpointIndex.read(prefix);
    boolean objectBased = index.entries().containsKey(Tf2CheckpointKeys.OBJECT_GRAPH);
    if (objectBased && graph.spec.fpn() == null) {
      throw new IllegalStateException(
          "fine_tune_checkpoint "
              + prefix
              + " is a TF2 object-based checkpoint; detect maps TF2 checkpoints onto"
              + " ssd_mobilenet_v2_fpn_keras (FPN-Lite) only. For this model use a TF1 checkpoint"
              + " (model.ckpt of the TF1 model zoo) or train from scratch.");
    }
    List<String> restored = new ArrayList<>();
    List<String> missing = new ArrayList<>();
    List<String> mismatch = new ArrayList<>();
    List<String> sourceNames = new ArrayList<>();
    List<Output<TFloat32>> targets = new ArrayList<>();
    int candidates = 0;
    for (ModelVariables.Entry e : graph.variables()) {
      String source =
          objectBased ? tf2SourceName(e.name(), type, graph.spec) : sourceName(e.name(), type);
      if (source == null) {
        continue;
      }
      candidates++;
      CheckpointIndex.Entry c = index.entries().get(source);
      if (c == null) {
        missing.add(e.name());
      } else if (c.dtype() != DataType.DT_FLOAT || !Arrays.equals(c.shape(), e.shape())) {
        mismatch.add(
            e.name() + " " + Arrays.toString(e.shape()) + " vs " + Arrays.toString(c.shape()));
      } else {
        restored.add(e.name());
        sourceNames.add(source);
        targets.add(e.variable());
      }
    }
    List<String> left = new ArrayList<>();
    for (ModelVariables.Entry e : graph.variables()) {
      if (!restored.contains(e.name())) {
        left.add(e.name());
      }
    }
    Set<String> taken = new HashSet<>(sourceNames);
    List<String> unused = new ArrayList<>();
    for (String name : index.entries().keySet()) {
      boolean model = objectBased ? isTf2ModelTensor(name, type) : isModelTensor(name, type);
      if (!taken.contains(name) && model) {
        unused.add(name);
      }
    }
    FineTuneReport report =
        new FineTuneReport(prefix, type, restored, missing, mismatch, candidates, left, unused);
    if (candidates == 0 || restored.size() * 2 < candidates) {
      throw new IllegalStateException(
          "fine_tune_checkpoint "
              + prefix
              + " does not fit this model ("
              + type.name().toLowerCase(Locale.ROOT)
              + "): "
              + report.summary()
              + "; examples: missing "
              + head(missing)
              + ", other shape "
              + head(mismatch)
              + ". Check the feature extractor (type, use_depthwise), depth_multiplier and"
              + " fine_tune_checkpoint_type (detection for an OD API checkpoint, classification for an"
              + " ImageNet MobileNet checkpoint).");
    }
    run(graph.ops(), session, prefix, sourceNames, targets);
    return report;
  }

  /**
   * Whether a checkpoint tensor is a model variable a restore of {@code type} could take: not an
   * optimizer slot, a moving average or a step counter.
   */
  private static boolean isModelTensor(String name, FineTuneReport.Type type) {
    if (name.equals("global_step")
        || name.contains("/ExponentialMovingAverage")
        || name.endsWith("/RMSProp")
        || name.endsWith("/RMSProp_1")
        || name.endsWith("/Momentum")
        || name.endsWith("/Adam")
        || name.endsWith("/Adam_1")
        || name.startsWith("beta1_power")
        || name.startsWith("beta2_power")) {
      return false;
    }
    if (type == FineTuneReport.Type.CLASSIFICATION) {
      return !name.contains("/Logits/") && !name.contains("/AuxLogits/");
    }
    return true;
  }

  private static boolean isTf2ModelTensor(String key, FineTuneReport.Type type) {
    return Tf2CheckpointKeys.isModelVariable(key)
        && (type == FineTuneReport.Type.DETECTION || key.startsWith(Tf2CheckpointKeys.BACKBONE));
  }

  /**
   * The TF2 key of our variable ({@link Tf2CheckpointKeys}); with {@code classification} only the
   * MobileNetV2 backbone's.
   */
  private static String tf2SourceName(String ours, FineTuneReport.Type type, SsdSpec spec) {
    String key = Tf2CheckpointKeys.key(ours, spec).orElse(null);
    if (key != null
        && type == FineTuneReport.Type.CLASSIFICATION
        && !key.startsWith(Tf2CheckpointKeys.BACKBONE)) {
      return null;
    }
    return key;
  }

  private static String sourceName(String ours, FineTuneReport.Type type) {
    if (type == FineTuneReport.Type.DETECTION) {
      return ours;
    }
    // TF-slim's ImageNet names lack the FeatureExtractor/ prefix; the SSD extra layers
    // (MobilenetV2/layer_19_*, MobilenetV1/Conv2d_13_pointwise_N_*) are not in them.
    String fe = "FeatureExtractor/";
    boolean v2 = ours.startsWith(fe + "MobilenetV2/") && !ours.contains("/layer_19_");
    boolean v1 =
        ours.startsWith(fe + "MobilenetV1/") && !ours.matches(".*/Conv2d_13_pointwise_\\d.*");
    return v1 || v2 ? ours.substring(fe.length()) : null;
  }

  private static void run(
      Ops tf, Session session, Path prefix, List<String> names, List<Output<TFloat32>> targets) {
    Ops r = tf.withSubScope("fine_tune_restore");
    byte[][] encoded = new byte[names.size()][];
    byte[][] slices = new byte[names.size()][];
    List<Class<? extends TType>> dtypes = new ArrayList<>();
    for (int i = 0; i < names.size(); i++) {
      encoded[i] = names.get(i).getBytes(StandardCharsets.UTF_8);
      slices[i] = new byte[0];
      dtypes.add(TFloat32.class);
    }
    Operand<TString> tensorNames;
    Operand<TString> shapeAndSlices;
    // The constants copy the tensors into the graph; close the host tensors right away.
    try (TString n = TString.tensorOfBytes(Shape.of(names.size()), DataBuffers.ofObjects(encoded));
        TString sl = TString.tensorOfBytes(Shape.of(names.size()), DataBuffers.ofObjects(slices))) {
      tensorNames = r.constant(n);
      shapeAndSlices = r.constant(sl);
    }
    Restore restore =
        r.train.restore(r.constant(prefix.toString()), tensorNames, shapeAndSlices, dtypes);
    List<Op> assigns = new ArrayList<>();
    for (int i = 0; i < targets.size(); i++) {
      @SuppressWarnings("unchecked")
      Operand<TFloat32> value = (Operand<TFloat32>) restore.tensors().get(i);
      assigns.add(r.assign(targets.get(i), value));
    }
    Session.Runner runner = session.runner();
    assigns.forEach(runner::addTarget);
    runner.run().close();
  }

  private static String head(List<String> l) {
    return l.isEmpty() ? "none" : l.subList(0, Math.min(3, l.size())).toString();
  }
}
