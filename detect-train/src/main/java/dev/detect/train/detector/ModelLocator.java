package dev.detect.train.detector;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Resolves what a user passes as "the model" to one file, in the layouts the OD API writes:
 *
 * <ul>
 *   <li>a {@code .pb} file: {@code saved_model.pb} is a SavedModel (its folder is loaded), any
 *       other is read as a frozen {@code GraphDef};
 *   <li>a folder, in this order: {@code saved_model.pb} in it (a SavedModel folder); {@code
 *       saved_model/saved_model.pb} ({@code exporter_main_v2.py}, {@code
 *       export_inference_graph.py}, the TF1 zoo tarball, {@code detect export}); {@code
 *       frozen_inference_graph.pb} (TF1 export and zoo tarball); else its only {@code *.pb} file.
 * </ul>
 *
 * The SavedModel wins when a folder has both (the TF1 zoo tarball does).
 */
final class ModelLocator {
  static final String SAVED_MODEL = "saved_model.pb";
  static final String FROZEN_GRAPH = "frozen_inference_graph.pb";

  private ModelLocator() {}

  /**
   * The model file {@code path} names.
   *
   * @throws NoSuchFileException when {@code path} does not exist or is a folder without a model
   * @throws DatasetFormatException when a folder holds several {@code .pb} files and none has a
   *     standard name (the message lists them)
   */
  static ModelSource locate(Path path) throws IOException {
    if (!Files.exists(path)) {
      throw new NoSuchFileException(
          path.toString(),
          null,
          "no model file or folder (a .pb file, or a folder with saved_model.pb,"
              + " saved_model/saved_model.pb or "
              + FROZEN_GRAPH
              + ")");
    }
    if (!Files.isDirectory(path)) {
      return path.getFileName().toString().equals(SAVED_MODEL)
          ? new ModelSource(path, ModelSource.Kind.SAVED_MODEL)
          : new ModelSource(path, ModelSource.Kind.FROZEN_GRAPH);
    }
    for (Path savedModel :
        List.of(path.resolve(SAVED_MODEL), path.resolve("saved_model/" + SAVED_MODEL))) {
      if (Files.isRegularFile(savedModel)) {
        return new ModelSource(savedModel, ModelSource.Kind.SAVED_MODEL);
      }
    }
    if (Files.isRegularFile(path.resolve(FROZEN_GRAPH))) {
      return new ModelSource(path.resolve(FROZEN_GRAPH), ModelSource.Kind.FROZEN_GRAPH);
    }
    List<Path> graphs;
    try (Stream<Path> files = Files.list(path)) {
      graphs =
          files
              .filter(f -> f.getFileName().toString().endsWith(".pb"))
              .filter(Files::isRegularFile)
              .sorted()
              .toList();
    }
    if (graphs.size() == 1) {
      return new ModelSource(graphs.get(0), ModelSource.Kind.FROZEN_GRAPH);
    }
    if (graphs.isEmpty()) {
      throw new NoSuchFileException(
          path.toString(),
          null,
          "no model: looked for saved_model.pb, saved_model/saved_model.pb, "
              + FROZEN_GRAPH
              + " and *.pb");
    }
    throw new DatasetFormatException(
        path,
        "holds "
            + graphs.size()
            + " .pb files and none is saved_model.pb, saved_model/saved_model.pb or "
            + FROZEN_GRAPH
            + ": "
            + String.join(", ", graphs.stream().map(g -> g.getFileName().toString()).toList())
            + "; pass the one to load");
  }

  /** Loads the model {@code source} names. */
  static ModelRunner open(ModelSource source) throws IOException {
    return source.kind() == ModelSource.Kind.SAVED_MODEL
        ? SavedModelRunner.open(source)
        : FrozenGraphRunner.open(source);
  }

  /**
   * The folders to look for a label map in, nearest first: the model's folder and, for a
   * SavedModel, the export folder above it (where {@code exporter_main_v2.py} and {@code detect
   * export} put {@code pipeline.config} and the label map).
   */
  static List<Path> labelMapFolders(ModelSource source) {
    Path dir = source.directory();
    Path parent = dir.getParent();
    return source.kind() == ModelSource.Kind.SAVED_MODEL && parent != null
        ? List.of(dir, parent)
        : List.of(dir);
  }
}
