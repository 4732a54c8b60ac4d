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
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.Graph;
import org.tensorflow.SavedModelBundle;
import org.tensorflow.Session;
import org.tensorflow.Signature;
import org.tensorflow.exceptions.TensorFlowException;

/**
 * Exports a trained checkpoint as the OD API's {@code exporter_main_v2.py} does: {@code
 * out/saved_model/} (tag {@code serve}, signature {@code serving_default}: {@code input_tensor}
 * uint8 {@code [1, H, W, 3]} RGB of any size → {@code detection_boxes} float32 {@code [1, N, 4]}
 * normalized {@code ymin, xmin, ymax, xmax}, {@code detection_scores} float32 {@code [1, N]},
 * {@code detection_classes} float32 {@code [1, N]} 1-based label map ids, {@code num_detections}
 * float32 {@code [1]}), {@code out/checkpoint/ckpt-0.*}, {@code out/pipeline.config} and {@code
 * out/label_map.pbtxt}.
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
      writeSavedModel(spec, prefix, tmp.resolve("saved_model"));
      copyCheckpoint(prefix, tmp.resolve("checkpoint"));
      AtomicFiles.writeString(tmp.resolve("pipeline.config"), config.print());
      LabelMap labels = labelMap.isPresent() ? labelMap.get() : labelMapFromConfig();
      LabelMapFormat.write(labels, tmp.resolve("label_map.pbtxt"));
      AtomicFiles.commitDirectory(tmp, out);
      return out;
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
        && !isEmpty(out)) {
      throw new IllegalArgumentException(
          "output directory "
              + out
              + " is not empty and holds no earlier export (saved_model/saved_model.pb); an export"
              + " replaces its whole output folder, so this would delete those files: choose a new"
              + " or empty folder");
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

  private static void writeSavedModel(SsdSpec spec, Path prefix, Path dir) throws IOException {
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
        SavedModelBundle.exporter(dir.toString()).withSession(s).withSignature(signature).export();
      }
    }
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
