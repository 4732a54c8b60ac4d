package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.ConfigIssue.Severity;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The allowed ranges of the numbers that size a model or its training, checked before anything is
 * allocated: a hostile or mistyped config ({@code num_classes: 1000000000}, a 10⁶×10⁶ input) is
 * refused with the file, line, field, value and range instead of exhausting memory. The one place
 * these limits live; {@link PipelineConfig#validate()} reports them, {@link
 * PipelineConfig#checkLimits()} throws for them.
 */
final class ConfigLimits {
  static final int MAX_NUM_CLASSES = 100_000;
  static final int MAX_BATCH_SIZE = 4_096;
  static final int MAX_IMAGE_SIDE = 8_192;
  static final int MAX_ANCHOR_LAYERS = 16;
  static final int MAX_ASPECT_RATIOS = 32;
  static final double MAX_ANCHOR_SCALE = 10;
  static final double MAX_ASPECT_RATIO = 1_000;

  /** One value out of range: the field path and the message. */
  record Violation(String path, String message) {}

  private final PipelineConfig config;
  private final List<Violation> out = new ArrayList<>();

  private ConfigLimits(PipelineConfig config) {
    this.config = config;
  }

  /** Every value out of range, in a fixed order. */
  static List<Violation> find(PipelineConfig config) {
    ConfigLimits c = new ConfigLimits(config);
    c.model();
    c.training();
    return List.copyOf(c.out);
  }

  /** Adds one ERROR issue per violation. */
  static void addIssues(PipelineConfig config, List<ConfigIssue> issues) {
    for (Violation v : find(config)) {
      issues.add(new ConfigIssue(Severity.ERROR, v.path(), v.message()));
    }
  }

  /** Throws for the first violation, naming the file and the field's line. */
  static void require(PipelineConfig config, TextProtoDocument document)
      throws DatasetFormatException {
    List<Violation> all = find(config);
    if (all.isEmpty()) {
      return;
    }
    Violation v = all.get(0);
    Optional<TextProtoField> field = field(document, v.path());
    String more = all.size() > 1 ? " (and " + (all.size() - 1) + " more out-of-range values)" : "";
    throw new DatasetFormatException(
        document.sourceName(),
        field.map(TextProtoField::line).orElse(0),
        field.map(TextProtoField::column).orElse(0),
        v.path() + ": " + v.message() + more);
  }

  /** The field at a dotted path without indices (the first occurrence of each segment). */
  static Optional<TextProtoField> field(TextProtoDocument document, String path) {
    String[] parts = path.split("\\.");
    TextProtoMessage m = document.root();
    for (int i = 0; i < parts.length - 1; i++) {
      Optional<TextProtoMessage> next = m.message(parts[i]);
      if (next.isEmpty()) {
        return Optional.empty();
      }
      m = next.get();
    }
    return m.field(parts[parts.length - 1]);
  }

  private void range(String path, String name, long value, long min, long max, String hint) {
    if (value < min || value > max) {
      out.add(
          new Violation(
              path,
              name
                  + " is "
                  + value
                  + ", outside the allowed range "
                  + min
                  + " to "
                  + max
                  + "; "
                  + hint));
    }
  }

  private void range(String path, String name, double value, double max) {
    if (!(value > 0 && value <= max)) {
      out.add(
          new Violation(
              path, name + " is " + value + ", outside the allowed range (0, " + max + "]"));
    }
  }

  private void model() {
    ModelType type = config.modelType();
    if (type == ModelType.NONE) {
      return;
    }
    String model = "model." + type.protoName();
    range(
        model + ".num_classes",
        "num_classes",
        config.numClasses(),
        1,
        MAX_NUM_CLASSES,
        "set it to the highest id of your label map");
    ImageResizer r = config.imageResizer();
    String resizer = model + ".image_resizer.";
    String side = "use the model's input size, e.g. 300 or 640";
    if (r.kind() == ImageResizer.Kind.FIXED_SHAPE) {
      String p = resizer + "fixed_shape_resizer.";
      range(p + "height", "height", r.height(), 1, MAX_IMAGE_SIDE, side);
      range(p + "width", "width", r.width(), 1, MAX_IMAGE_SIDE, side);
    } else if (r.kind() == ImageResizer.Kind.KEEP_ASPECT_RATIO) {
      String p = resizer + "keep_aspect_ratio_resizer.";
      range(p + "min_dimension", "min_dimension", r.minDimension(), 1, MAX_IMAGE_SIDE, side);
      range(p + "max_dimension", "max_dimension", r.maxDimension(), 1, MAX_IMAGE_SIDE, side);
    }
    config.anchorGenerator().ifPresent(a -> anchors(model, a));
  }

  private void anchors(String model, SsdAnchorGenerator a) {
    String p = model + ".anchor_generator.ssd_anchor_generator.";
    range(
        p + "num_layers",
        "num_layers",
        a.numLayers(),
        1,
        MAX_ANCHOR_LAYERS,
        "SSD uses one layer per feature map, usually 6");
    range(p + "min_scale", "min_scale", a.minScale(), MAX_ANCHOR_SCALE);
    range(p + "max_scale", "max_scale", a.maxScale(), MAX_ANCHOR_SCALE);
    for (double s : a.scales()) {
      range(p + "scales", "a scale", s, MAX_ANCHOR_SCALE);
    }
    range(
        p + "aspect_ratios",
        "the number of aspect_ratios",
        a.aspectRatios().size(),
        0,
        MAX_ASPECT_RATIOS,
        "the usual list is 1.0, 2.0, 0.5, 3.0, 0.3333");
    for (double ratio : a.aspectRatios()) {
      range(p + "aspect_ratios", "an aspect ratio", ratio, MAX_ASPECT_RATIO);
    }
  }

  private void training() {
    if (!config.hasTrainConfig()) {
      return;
    }
    TrainConfig t = config.trainConfig();
    range(
        "train_config.batch_size",
        "batch_size",
        t.batchSize(),
        1,
        MAX_BATCH_SIZE,
        "try 8-16 on a CPU or one GPU (--batch-size)");
    range(
        "train_config.num_steps",
        "num_steps",
        t.numSteps(),
        0,
        Long.MAX_VALUE,
        "0 trains until stopped; set --num-steps");
  }
}
