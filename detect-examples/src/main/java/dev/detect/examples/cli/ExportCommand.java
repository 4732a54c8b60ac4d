package dev.detect.examples.cli;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.checkpoint.CheckpointManager;
import dev.detect.train.export.Exporter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code detect export}: a trained checkpoint to a SavedModel, like exporter_main_v2.py, and a TF1
 * frozen graph.
 */
@Command(
    name = "export",
    mixinStandardHelpOptions = true,
    description = {
      "Export a trained checkpoint as a SavedModel, like the OD API's exporter_main_v2.py.",
      "Exports a trained checkpoint as exporter_main_v2.py does (whose snake_case flag names are"
          + " accepted too): OUT/saved_model/ (signature serving_default: input_tensor"
          + " uint8 [1, H, W, 3] -> detection_boxes, detection_scores, detection_classes,"
          + " num_detections), OUT/checkpoint/, OUT/pipeline.config, OUT/label_map.pbtxt;"
          + " and, like TF1's export_inference_graph.py, OUT/frozen_inference_graph.pb (weights"
          + " folded into constants; input node image_tensor uint8 [B, H, W, 3] -> output nodes"
          + " detection_boxes, detection_scores, detection_classes, num_detections).",
      "OUT is replaced only once the new export is complete."
    })
final class ExportCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"--pipeline-config", "--pipeline_config_path"},
      required = true,
      paramLabel = "FILE",
      description = "The pipeline.config the checkpoint was trained with.")
  Path pipelineConfig;

  @Option(
      names = {"--trained-checkpoint-dir", "--trained_checkpoint_dir"},
      required = true,
      paramLabel = "DIR|PREFIX",
      description = "Model folder (its latest checkpoint) or a checkpoint prefix (DIR/ckpt-2000).")
  Path checkpoint;

  @Option(
      names = {"--output-directory", "--output_directory"},
      required = true,
      paramLabel = "OUT",
      description = "Export folder.")
  Path output;

  @Option(
      names = {"--input-type", "--input_type"},
      defaultValue = "image_tensor",
      paramLabel = "image_tensor",
      description = "Input signature; only image_tensor (uint8 images) is supported.")
  String inputType;

  @Option(
      names = "--label-map",
      paramLabel = "FILE",
      description = "Label map written beside the model (default: the config's label_map_path).")
  Path labelMap;

  @Override
  public Integer call() throws Exception {
    if (!"image_tensor".equals(inputType)) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--input-type " + inputType + " is not supported: only image_tensor");
    }
    PipelineConfig config = PipelineConfig.read(pipelineConfig);
    Exporter.Builder b = Exporter.builder(config).checkpoint(checkpoint).outputDirectory(output);
    if (labelMap != null) {
      b.labelMap(LabelMapFormat.read(labelMap));
    }
    Path exported = b.build().export();
    new Console(spec)
        .out(
            "exported "
                + checkpointName(checkpoint)
                + " to "
                + exported
                + " (saved_model/, checkpoint/, pipeline.config, label_map.pbtxt)");
    new Console(spec)
        .out(
            "wrote the frozen graph "
                + exported.resolve(Exporter.FROZEN_GRAPH)
                + " (input image_tensor; outputs detection_boxes, detection_scores,"
                + " detection_classes, num_detections)");
    return 0;
  }

  /** The checkpoint a folder or prefix names, for the summary. */
  static String checkpointName(Path checkpoint) throws IOException {
    if (Files.isDirectory(checkpoint)) {
      return new CheckpointManager(checkpoint, 1)
          .latest()
          .map(c -> c.prefix() + " (step " + c.step() + ")")
          .orElse(checkpoint.toString());
    }
    return checkpoint.toString();
  }
}
