package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.config.AugmentationStep.JitterMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Reads train_config, the input readers and eval_config, with the proto defaults. */
final class TrainReaders {
  private TrainReaders() {}

  static TrainConfig trainConfig(Node t) throws DatasetFormatException {
    List<AugmentationStep> steps = new ArrayList<>();
    for (Node option : t.each("data_augmentation_options")) {
      steps.add(augmentation(option));
    }
    return new TrainConfig(
        t.int32("batch_size", 32),
        t.int64("num_steps", 0),
        optimizer(t.child("optimizer")),
        t.str("fine_tune_checkpoint", ""),
        fineTuneCheckpointType(t),
        t.enumOf("fine_tune_checkpoint_version", CheckpointVersion.class, CheckpointVersion.V1),
        t.dbl("gradient_clipping_by_norm", 0.0),
        t.int32("max_number_of_boxes", 100),
        t.bool("unpad_groundtruth_tensors", true),
        t.bool("use_bfloat16", false),
        steps);
  }

  /**
   * {@code fine_tune_checkpoint_type}, else what the TF1 OD API derives from the deprecated {@code
   * from_detection_checkpoint} (true: detection, false: classification), else "".
   */
  private static String fineTuneCheckpointType(Node t) throws DatasetFormatException {
    String type = t.str("fine_tune_checkpoint_type", "");
    if (type.isEmpty() && t.has("from_detection_checkpoint")) {
      return t.bool("from_detection_checkpoint", false) ? "detection" : "classification";
    }
    return type;
  }

  static Optimizer optimizer(Node o) throws DatasetFormatException {
    Optional<String> variant =
        o.oneof(
            "rms_prop_optimizer",
            "momentum_optimizer",
            "adam_optimizer",
            "adamw_optimizer",
            "adagrad_optimizer",
            "sgd_optimizer");
    Optimizer.Kind kind = Optimizer.Kind.NONE;
    if (variant.isPresent()) {
      kind =
          switch (variant.get()) {
            case "momentum_optimizer" -> Optimizer.Kind.MOMENTUM;
            case "adam_optimizer" -> Optimizer.Kind.ADAM;
            case "rms_prop_optimizer" -> Optimizer.Kind.RMS_PROP;
            default -> Optimizer.Kind.OTHER;
          };
    }
    Node v = o.child(variant.orElse("-"));
    double momentum =
        kind == Optimizer.Kind.MOMENTUM || kind == Optimizer.Kind.RMS_PROP
            ? v.dbl("momentum_optimizer_value", 0.9)
            : 0.0;
    double decay = kind == Optimizer.Kind.RMS_PROP ? v.dbl("decay", 0.9) : 0.0;
    double epsilon =
        switch (kind) {
          case ADAM -> v.dbl("epsilon", 1e-8);
          case RMS_PROP -> v.dbl("epsilon", 1.0);
          default -> 0.0;
        };
    return new Optimizer(
        kind,
        schedule(v.child("learning_rate")),
        momentum,
        decay,
        epsilon,
        o.bool("use_moving_average", true),
        o.dbl("moving_average_decay", 0.9999));
  }

  static LearningRateSchedule schedule(Node lr) throws DatasetFormatException {
    String variant =
        lr.oneof(
                "constant_learning_rate",
                "exponential_decay_learning_rate",
                "manual_step_learning_rate",
                "cosine_decay_learning_rate")
            .orElse("constant_learning_rate");
    Node s = lr.child(variant);
    switch (variant) {
      case "exponential_decay_learning_rate":
        return new LearningRateSchedule.ExponentialDecay(
            s.dbl("initial_learning_rate", 0.002),
            s.int64("decay_steps", 4000000),
            s.dbl("decay_factor", 0.95),
            s.bool("staircase", true),
            s.dbl("burnin_learning_rate", 0.0),
            s.int64("burnin_steps", 0),
            s.dbl("min_learning_rate", 0.0));
      case "manual_step_learning_rate":
        List<LearningRateSchedule.ManualStep.Step> steps = new ArrayList<>();
        for (Node step : s.each("schedule")) {
          steps.add(
              new LearningRateSchedule.ManualStep.Step(
                  step.int64("step", 0), step.dbl("learning_rate", 0.002)));
        }
        return new LearningRateSchedule.ManualStep(
            s.dbl("initial_learning_rate", 0.002), steps, s.bool("warmup", false));
      case "cosine_decay_learning_rate":
        return new LearningRateSchedule.CosineDecay(
            s.dbl("learning_rate_base", 0.002),
            s.int64("total_steps", 4000000),
            s.dbl("warmup_learning_rate", 0.0002),
            s.int64("warmup_steps", 10000),
            s.int64("hold_base_rate_steps", 0));
      default:
        return new LearningRateSchedule.Constant(s.dbl("learning_rate", 0.002));
    }
  }

  static AugmentationStep augmentation(Node option) throws DatasetFormatException {
    List<String> names = option.fieldNames();
    if (names.isEmpty()) {
      return new AugmentationStep.Unknown("");
    }
    String name = names.get(names.size() - 1);
    Node s = option.child(name);
    return switch (name) {
      case "random_horizontal_flip" ->
          new AugmentationStep.RandomHorizontalFlip(s.dbl("probability", 0.5));
      case "random_vertical_flip" ->
          new AugmentationStep.RandomVerticalFlip(s.dbl("probability", 0.5));
      case "random_rotation90" -> new AugmentationStep.RandomRotation90(s.dbl("probability", 0.5));
      case "ssd_random_crop" -> ssdRandomCrop(s);
      case "random_crop_image" ->
          new AugmentationStep.RandomCropImage(
              s.dbl("min_object_covered", 1.0),
              s.dbl("min_aspect_ratio", 0.75),
              s.dbl("max_aspect_ratio", 1.33),
              s.dbl("min_area", 0.1),
              s.dbl("max_area", 1.0),
              s.dbl("overlap_thresh", 0.3),
              s.bool("clip_boxes", true),
              s.dbl("random_coef", 0.0));
      case "random_pad_image" ->
          new AugmentationStep.RandomPadImage(
              s.optDbl("min_image_height"),
              s.optDbl("min_image_width"),
              s.optDbl("max_image_height"),
              s.optDbl("max_image_width"),
              s.doubles("pad_color"));
      case "random_adjust_brightness" ->
          new AugmentationStep.RandomAdjustBrightness(s.dbl("max_delta", 0.2));
      case "random_adjust_contrast" ->
          new AugmentationStep.RandomAdjustContrast(
              s.dbl("min_delta", 0.8), s.dbl("max_delta", 1.25));
      case "random_adjust_saturation" ->
          new AugmentationStep.RandomAdjustSaturation(
              s.dbl("min_delta", 0.8), s.dbl("max_delta", 1.25));
      case "random_adjust_hue" -> new AugmentationStep.RandomAdjustHue(s.dbl("max_delta", 0.02));
      case "random_distort_color" ->
          new AugmentationStep.RandomDistortColor(s.int32("color_ordering", 0));
      case "random_image_scale" ->
          new AugmentationStep.RandomImageScale(
              s.dbl("min_scale_ratio", 0.5), s.dbl("max_scale_ratio", 2.0));
      case "random_jitter_boxes" ->
          new AugmentationStep.RandomJitterBoxes(
              s.dbl("ratio", 0.05), s.enumOf("jitter_mode", JitterMode.class, JitterMode.DEFAULT));
      case "random_black_patches" ->
          new AugmentationStep.RandomBlackPatches(
              s.int32("max_black_patches", 10),
              s.dbl("probability", 0.5),
              s.dbl("size_to_image_ratio", 0.1));
      case "random_rgb_to_gray" -> new AugmentationStep.RandomRgbToGray(s.dbl("probability", 0.1));
      case "random_pixel_value_scale" ->
          new AugmentationStep.RandomPixelValueScale(s.dbl("minval", 0.9), s.dbl("maxval", 1.1));
      default -> new AugmentationStep.Unknown(name);
    };
  }

  private static AugmentationStep ssdRandomCrop(Node s) throws DatasetFormatException {
    List<AugmentationStep.SsdCropOperation> ops = new ArrayList<>();
    for (Node op : s.each("operations")) {
      ops.add(
          new AugmentationStep.SsdCropOperation(
              op.dbl("min_object_covered", 0.0),
              op.dbl("min_aspect_ratio", 0.0),
              op.dbl("max_aspect_ratio", 0.0),
              op.dbl("min_area", 0.0),
              op.dbl("max_area", 0.0),
              op.dbl("overlap_thresh", 0.0),
              op.bool("clip_boxes", true),
              op.dbl("random_coef", 0.0)));
    }
    return new AugmentationStep.SsdRandomCrop(ops);
  }

  static InputReader inputReader(Node r) throws DatasetFormatException {
    return new InputReader(
        r.str("label_map_path", ""),
        r.child("tf_record_input_reader").strings("input_path"),
        r.bool("shuffle", true),
        r.int32("shuffle_buffer_size", 2048),
        r.int64("num_epochs", 0),
        r.int32("max_number_of_boxes", 100));
  }

  static EvalConfig evalConfig(Node e) throws DatasetFormatException {
    return new EvalConfig(
        e.strings("metrics_set"),
        e.int32("num_examples", 5000),
        e.bool("use_moving_averages", false),
        e.int32("batch_size", 1),
        e.bool("include_metrics_per_category", false));
  }
}
