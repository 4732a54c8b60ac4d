package dev.detect.train.export;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.ssd.SsdInferenceGraph;
import dev.detect.train.ssd.SsdSpec;
import dev.detect.train.ssd.SsdSpecs;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorShapeProto;

/**
 * Exports a trained checkpoint as the OD API's {@code exporter_main_v2.py} does: {@code
 * out/saved_model/} (tag {@code serve}, signature {@code serving_default}: {@code input_tensor}
 * uint8 {@code [1, H, W, 3]} RGB of any size → {@code detection_boxes} float32 {@code [1, N, 4]}
 * normalized {@code ymin, xmin, ymax, xmax}, {@code detection_scores} float32 {@code [1, N]},
 * {@code detection_classes} float32 {@code [1, N]} 1-based label map ids, {@code num_detections}
 * float32 {@code [1]}), {@code out/checkpoint/ckpt-0.*}, {@code out/pipeline.config} and {@code
 * out/label_map.pbtxt}; and, as TF1's {@code export_inference_graph.py} did, {@code
 * out/frozen_inference_graph.pb} ({@link #FROZEN_GRAPH}): the same inference graph as one {@code
 * GraphDef} with the weights folded into constants, input {@code image_tensor} ({@link
 * #FROZEN_GRAPH_INPUT}, uint8 {@code [B, H, W, 3]} RGB, B, H and W free; the images of one batch
 * share a size), output nodes {@code detection_boxes}, {@code detection_scores}, {@code
 * detection_classes} and {@code num_detections} (with a leading batch dimension B), for any
 * TensorFlow runtime that imports a {@code GraphDef}.
 *
 * <pre>{@code
 * Path exported = Exporter.builder(config).checkpoint(modelDir).outputDirectory(out).build().export();
 * }</pre>
 *
 * <p>A separate inference graph is built (the SavedModel holds no training ops), the weights are
 * restored into it, and the whole export is assembled in a temporary folder beside {@code out},
 * flushed to disk and renamed into place, so a crash or a kill never leaves a half-written export:
 * {@code out} is absent, the previous export or the new one.
 */
public final class Exporter {
  /** The frozen graph's file name in the export folder: {@code frozen_inference_graph.pb}. */
  public static final String FROZEN_GRAPH = "frozen_inference_graph.pb";

  /**
   * The frozen graph's input node, {@code image_tensor} (the TF1 exporter's name): uint8 {@code [B,
   * H, W, 3]}, RGB.
   */
  public static final String FROZEN_GRAPH_INPUT = "image_tensor";

  /** The frozen graph's output nodes, named as in the OD API's frozen graphs. */
  private static final List<String> FROZEN_GRAPH_OUTPUTS =
      List.of("detection_boxes", "detection_scores", "detection_classes", "num_detections");

  private final PipelineConfig config;
  private final Path checkpoint;
  private final Path output;
  private final Optional<LabelMap> labelMap;

  private Exporter(Builder b) {
    this.config = b.config;
    this.checkpoint = b.checkpoint;
    this.output = b.output;
    this.labelMap = Optional.ofNullable(b.labelMap);
  }

  /** A builder exporting a model of {@code config}. */
  public static Builder builder(PipelineConfig config) {
    return new Builder(Objects.requireNonNull(config, "config"));
  }

  /**
   * Writes the export.
   *
   * @return the output folder
   * @throws NoSuchFileException when no checkpoint is found
   * @throws IllegalArgumentException when the config's model is not one detect builds
   */
  public Path export() throws IOException {
    SsdSpec spec = SsdSpecs.from(config);
    Path prefix = resolveCheckpoint(checkpoint);
    Path out = output.toAbsolutePath().normalize();
    refuseUnsafeOutput(out, prefix);
    String tag = "export-" + out.getFileName();
    AtomicFiles.deleteStaleTemporaries(out.getParent(), tag);
    Path tmp = AtomicFiles.newTempDirectory(out, tag);
    try {
      writeModels(spec, prefix, tmp);
      copyCheckpoint(prefix, tmp.resolve("checkpoint"));
      AtomicFiles.writeString(tmp.resolve("pipeline.config"), config.print());
      LabelMap labels = labelMap.isPresent() ? labelMap.get() : labelMapFromConfig();
      LabelMapFormat.write(labels, tmp.resolve("label_map.pbtxt"));
      AtomicFiles.commitDirectory(tmp, out);
      return out;
    } catch (IOException e) {
      // a file inside the temporary folder failed: name it under the output the caller gave
      throw AtomicFiles.namingTarget(e, tmp, output);
    } finally {
      AtomicFiles.deleteTree(tmp);
    }
  }

  /**
   * The export replaces its output folder as a whole (atomically), so an output that holds the
   * checkpoint, or files that are not an earlier export, would be deleted: both are refused.
   */
  private static void refuseUnsafeOutput(Path out, Path prefix) throws IOException {
    if (Files.exists(out) && !Files.isDirectory(out)) {
      throw new IllegalArgumentException("output directory " + out + " is a file");
    }
    Path real = Files.exists(out) ? out.toRealPath() : out;
    Path checkpointDir = prefix.toAbsolutePath().normalize().getParent();
    if (checkpointDir != null
        && (checkpointDir.startsWith(out)
            || (Files.exists(checkpointDir) && checkpointDir.toRealPath().startsWith(real)))) {
      throw new IllegalArgumentException(
          "output directory "
              + out
              + " holds the checkpoint "
              + prefix
              + "; an export replaces its whole output folder, so this would delete the checkpoint"
              + " and its neighbours: choose another output folder");
    }
    if (Files.isDirectory(out)
        && !Files.isRegularFile(out.resolve("saved_model/saved_model.pb"))
        && !Files.isRegularFile(out.resolve(FROZEN_GRAPH))
        && !isEmpty(out)) {
      throw new IllegalArgumentException(
          "output directory "
              + out
              + " is not empty and holds no earlier export (saved_model/saved_model.pb or "
              + FROZEN_GRAPH
              + "); an export replaces its whole output folder, so this would delete those files:"
              + " choose a new or empty folder");
    }
  }

  private static boolean isEmpty(Path dir) throws IOException {
    try (var entries = Files.list(dir)) {
      return entries.findAny().isEmpty();
    }
  }

  private LabelMap labelMapFromConfig() throws IOException {
    String path = config.hasTrainInput() ? config.trainInput().labelMapPath() : "";
    if (path.isBlank()) {
      throw new IllegalStateException(
          "no label map: the config has no train_input_reader.label_map_path; pass labelMap(...)");
    }
    return LabelMapFormat.read(Path.of(path));
  }

  /**
   * Writes {@code dir/saved_model/} and {@code dir/frozen_inference_graph.pb} from one inference
   * graph with the checkpoint restored.
   */
  private static void writeModels(SsdSpec spec, Path prefix, Path dir) throws IOException {
    try (Graph g = new Graph()) {
      SsdInferenceGraph inference = new SsdInferenceGraph(g, spec);
      try (Session s = new Session(g)) {
        try {
          s.restore(prefix.toString());
        } catch (TensorFlowException e) {
          throw new IllegalStateException(
              "checkpoint "
                  + prefix
                  + " does not fit the model of this pipeline.config ("
                  + e.getMessage()
                  + "); export with the config the checkpoint was trained with",
              e);
        }
        Signature signature =
            Signature.builder()
                .key(Signature.DEFAULT_KEY)
                .methodName("tensorflow/serving/predict")
                .input("input_tensor", inference.input)
                .output("detection_boxes", inference.boxes)
                .output("detection_scores", inference.scores)
                .output("detection_classes", inference.classes)
                .output("num_detections", inference.numDetections)
                .build();
        SavedModelBundle.exporter(dir.resolve("saved_model").toString())
            .withSession(s)
            .withSignature(signature)
            .export();
        writeFrozenGraph(g, s, inference, dir.resolve(FROZEN_GRAPH));
      }
    }
  }

  /**
   * Writes the frozen graph: the nodes the four outputs need, the variables as constants, and the
   * input placeholder under the TF1 name {@code image_tensor} with a free batch size (the graph's
   * reshapes, resize, anchors and NMS all take any batch; the SavedModel keeps {@code [1, H, W, 3]}
   * as {@code exporter_main_v2.py} does). {@code input_channel_order} stays a {@code
   * PlaceholderWithDefault}, so feeding only {@code image_tensor} takes RGB.
   */
  private static void writeFrozenGraph(Graph g, Session s, SsdInferenceGraph inference, Path file)
      throws IOException {
    NodeDef imageTensor =
        NodeDef.newBuilder()
            .setName(FROZEN_GRAPH_INPUT)
            .setOp("Placeholder")
            .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_UINT8).build())
            .putAttr(
                "shape",
                AttrValue.newBuilder()
                    .setShape(
                        TensorShapeProto.newBuilder()
                            .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                            .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                            .addDim(TensorShapeProto.Dim.newBuilder().setSize(-1))
                            .addDim(TensorShapeProto.Dim.newBuilder().setSize(3)))
                    .build())
            .build();
    GraphDef frozen =
        FrozenGraph.freeze(
            g, s, FROZEN_GRAPH_OUTPUTS, Map.of(inference.input.op().name(), imageTensor));
    AtomicFiles.write(file, frozen::writeTo);
  }

  /** The checkpoint prefix named by {@code path}: a prefix, or a folder's latest checkpoint. */
  static Path resolveCheckpoint(Path path) throws IOException {
    if (Files.isDirectory(path)) {
      Optional<CheckpointManager.Checkpoint> latest = new CheckpointManager(path, 1).latest();
      if (latest.isPresent()) {
        return latest.get().prefix();
      }
      throw new NoSuchFileException(
          path.toString(), null, "no checkpoint (no 'checkpoint' state file naming one)");
    }
    if (Files.exists(path.resolveSibling(path.getFileName() + ".index"))) {
      return path;
    }
    throw new NoSuchFileException(path + ".index", null, "no such checkpoint");
  }

  private static void copyCheckpoint(Path prefix, Path dir) throws IOException {
    Files.createDirectories(dir);
    String name = prefix.getFileName().toString();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(prefix.getParent(), name + ".*")) {
      for (Path f : ds) {
        String suffix = f.getFileName().toString().substring(name.length());
        AtomicFiles.copy(f, dir.resolve("ckpt-0" + suffix));
      }
    }
    AtomicFiles.writeString(
        dir.resolve("checkpoint"),
        "model_checkpoint_path: \"ckpt-0\"\nall_model_checkpoint_paths: \"ckpt-0\"\n");
  }

  /** Builds an {@link Exporter}. */
  public static final class Builder {
    private final PipelineConfig config;
    private Path checkpoint;
    private Path output;
    private LabelMap labelMap;

    private Builder(PipelineConfig config) {
      this.config = config;
    }

    /**
     * The trained checkpoint: a model folder (its latest checkpoint) or a prefix like {@code
     * dir/ckpt-2000}.
     */
    public Builder checkpoint(Path path) {
      this.checkpoint = Objects.requireNonNull(path, "path");
      return this;
    }

    /** The export folder (replaced atomically if it exists). */
    public Builder outputDirectory(Path dir) {
      this.output = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /** The label map written beside the model (default: the config's train label map). */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
      return this;
    }

    /** The exporter. */
    public Exporter build() {
      if (checkpoint == null || output == null) {
        throw new IllegalStateException(
            "checkpoint(...) and outputDirectory(...) must be set before build()");
      }
      return new Exporter(this);
    }
  }
}
