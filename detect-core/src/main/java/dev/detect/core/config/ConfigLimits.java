package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.ConfigIssue.Severity;
import dev.detect.core.textproto.TextProtoDocument;
import dev.detect.core.textproto.TextProtoField;
import dev.detect.core.textproto.TextProtoMessage;
import dev.detect.core.textproto.TextProtoScalar;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * The allowed ranges of the numbers that size a model or its training, checked before anything is
 * allocated: a hostile or mistyped config ({@code num_classes: 1000000000}, a 10⁶×10⁶ input) is
 * refused with the file, line, field, value and range instead of exhausting memory; so is any
 * number that is not finite as a float32 ({@code nan}, {@code inf}, {@code 1e39}). The one place
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
  static final int MAX_PYRAMID_LEVEL = 10;
  static final double MAX_MULTISCALE_ANCHOR_SCALE = 1_000;
  static final int MAX_LAYER_DEPTH = 4_096;
  static final int MAX_SCALES_PER_OCTAVE = 16;
  static final int MAX_TOWER_LAYERS = 16;
  static final int MAX_KERNEL_SIZE = 15;

  /**
   * One value out of range: the field path, the message, and the value's line:column (0 when the
   * path locates it: its first occurrence).
   */
  record Violation(String path, String message, int line, int column) {
    Violation(String path, String message) {
      this(path, message, 0, 0);
    }
  }

  private final PipelineConfig config;
  private final List<Violation> out = new ArrayList<>();

  private ConfigLimits(PipelineConfig config) {
    this.config = config;
  }

  /** Every value out of range, in a fixed order. */
  static List<Violation> find(PipelineConfig config) {
    ConfigLimits c = new ConfigLimits(config);
    c.finite(config.document().root(), "");
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
        v.line() > 0 ? v.line() : field.map(TextProtoField::line).orElse(0),
        v.line() > 0 ? v.column() : field.map(TextProtoField::column).orElse(0),
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

  /**
   * Every number in the file must be finite as the OD API stores it, a float32: {@code nan}, {@code
   * inf} and {@code 1e999} are refused, and so is {@code 1e39}, which float32 rounds to infinity. A
   * non-finite learning rate, momentum, threshold or augmentation setting trains to NaN losses or
   * does something else silently wrong; no field of the OD API needs one.
   */
  private void finite(TextProtoMessage m, String prefix) {
    for (TextProtoField f : m.fields()) {
      String path = prefix + f.name();
      for (TextProtoMessage child : f.messages()) {
        finite(child, path + ".");
      }
      for (TextProtoScalar s : f.scalars()) {
        if (s.kind() == TextProtoScalar.Kind.STRING) {
          continue;
        }
        double value;
        try {
          value = s.asDouble();
        } catch (DatasetFormatException notANumber) {
          continue; // an enum value or boolean
        }
        if (!Float.isFinite((float) value)) {
          out.add(
              new Violation(
                  path,
                  f.name()
                      + " is "
                      + s.literal()
                      + (Double.isFinite(value)
                          ? ", beyond the float32 range (±3.4e38) the OD API stores it in"
                          : "")
                      + ": it must be a finite number",
                  f.line(),
                  f.column()));
        }
      }
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
    config.featureExtractor().fpn().ifPresent(f -> pyramid(model, f));
    config.multiscaleAnchorGenerator().ifPresent(a -> multiscaleAnchors(model, a));
    config.weightSharedBoxPredictor().ifPresent(p -> weightShared(model, p));
  }

  private void pyramid(String model, FeaturePyramid f) {
    String p = model + ".feature_extractor.fpn.";
    String levels = "pyramid levels are 1 to " + MAX_PYRAMID_LEVEL + ", the zoo uses 3 to 7";
    range(p + "min_level", "min_level", f.minLevel(), 1, MAX_PYRAMID_LEVEL, levels);
    range(p + "max_level", "max_level", f.maxLevel(), f.minLevel(), MAX_PYRAMID_LEVEL, levels);
    range(
        p + "additional_layer_depth",
        "additional_layer_depth",
        f.additionalLayerDepth(),
        1,
        MAX_LAYER_DEPTH,
        "the zoo's FPN-Lite uses 128");
  }

  private void multiscaleAnchors(String model, MultiscaleAnchorGenerator a) {
    String p = model + ".anchor_generator.multiscale_anchor_generator.";
    String levels = "one level per pyramid level, the zoo uses 3 to 7";
    range(p + "min_level", "min_level", a.minLevel(), 1, MAX_PYRAMID_LEVEL, levels);
    range(p + "max_level", "max_level", a.maxLevel(), a.minLevel(), MAX_PYRAMID_LEVEL, levels);
    range(
        p + "scales_per_octave",
        "scales_per_octave",
        a.scalesPerOctave(),
        1,
        MAX_SCALES_PER_OCTAVE,
        "the zoo uses 2");
    range(p + "anchor_scale", "anchor_scale", a.anchorScale(), MAX_MULTISCALE_ANCHOR_SCALE);
    range(
        p + "aspect_ratios",
        "the number of aspect_ratios",
        a.aspectRatios().size(),
        1,
        MAX_ASPECT_RATIOS,
        "the usual list is 1.0, 2.0, 0.5");
    for (double ratio : a.aspectRatios()) {
      range(p + "aspect_ratios", "an aspect ratio", ratio, MAX_ASPECT_RATIO);
    }
  }

  private void weightShared(String model, WeightSharedBoxPredictor w) {
    String p = model + ".box_predictor.weight_shared_convolutional_box_predictor.";
    range(
        p + "num_layers_before_predictor",
        "num_layers_before_predictor",
        w.numLayersBeforePredictor(),
        0,
        MAX_TOWER_LAYERS,
        "the zoo uses 4");
    range(p + "depth", "depth", w.depth(), 0, MAX_LAYER_DEPTH, "the zoo's FPN-Lite uses 128");
    range(p + "kernel_size", "kernel_size", w.kernelSize(), 1, MAX_KERNEL_SIZE, "the zoo uses 3");
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
    for (AugmentationStep step : t.dataAugmentationOptions()) {
      if (step instanceof AugmentationStep.RandomPadImage pad) {
        String p = "train_config.data_augmentation_options.random_pad_image.";
        padSide(p + "min_image_height", pad.minImageHeight());
        padSide(p + "min_image_width", pad.minImageWidth());
        padSide(p + "max_image_height", pad.maxImageHeight());
        padSide(p + "max_image_width", pad.maxImageWidth());
      }
    }
  }

  /** A pad size becomes an int: beyond the int32 range it would saturate, not fail. */
  private void padSide(String path, OptionalDouble side) {
    if (side.isPresent() && !(side.getAsDouble() >= 0 && side.getAsDouble() <= Integer.MAX_VALUE)) {
      out.add(
          new Violation(
              path,
              path.substring(path.lastIndexOf('.') + 1)
                  + " is "
                  + side.getAsDouble()
                  + ", outside the int32 range 0 to "
                  + Integer.MAX_VALUE
                  + " pixels"));
    }
  }
}
