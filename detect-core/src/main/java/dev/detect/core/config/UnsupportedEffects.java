package dev.detect.core.config;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What detect's trainer does with a config field it does not honour ({@link
 * PipelineConfig#trainerEffect(String)}): the fields that real OD API configs carry, each with its
 * consequence, so that a warning says more than "ignored". Keep in step with {@link
 * TrainerContract}.
 */
final class UnsupportedEffects {
  static final String GENERIC = "ignored: not implemented by detect's trainer";

  private static final String MULTI_WORKER =
      "ignored: a multi-worker (TPU or replica) training setting; detect trains in one process";

  /** Effects by field path, or by the path of a message covering everything below it. */
  private static final Map<String, String> EFFECTS = build();

  private UnsupportedEffects() {}

  private static Map<String, String> build() {
    Map<String, String> m = new HashMap<>();
    m.put(
        "train_config.load_all_detection_checkpoint_vars",
        "ignored: detect restores every model variable whose name and shape match, never"
            + " optimizer slots or the global step");
    m.put(
        "train_config.data_augmentation_options",
        "ignored: detect does not implement this augmentation step; training runs without it");
    for (String part :
        new String[] {
          "model.faster_rcnn",
          "model.center_net",
          "model.experimental_model",
          "model.ssd.feature_extractor.bifpn",
          "model.ssd.anchor_generator.grid_anchor_generator",
          "model.ssd.anchor_generator.flexible_grid_anchor_generator",
          "model.ssd.image_resizer.keep_aspect_ratio_resizer"
        }) {
      m.put(part, "refused: the trainer does not build this architecture (" + part + ")");
    }
    m.put(
        "model.ssd.feature_extractor.batch_norm_trainable",
        "ignored (deprecated in the OD API): detect trains batch norm unless freeze_batchnorm is"
            + " true or conv_hyperparams.batch_norm.train is false");
    m.put(
        "eval_config.max_evals",
        "ignored: detect has no evaluation loop polling for checkpoints; it evaluates during"
            + " training and once per detect eval");
    m.put(
        "eval_config.num_visualizations",
        "ignored: detect writes no evaluation images to TensorBoard");
    for (String reader : new String[] {"train_input_reader", "eval_input_reader"}) {
      m.put(
          reader + ".num_readers",
          "ignored: detect reads the TFRecord files in order on its own input threads");
      m.put(reader + ".num_parallel_batches", "ignored: detect sizes its input threads itself");
    }
    m.put("train_config.sync_replicas", MULTI_WORKER);
    m.put("train_config.startup_delay_steps", MULTI_WORKER);
    m.put("train_config.replicas_to_aggregate", MULTI_WORKER);
    m.put("train_config.use_bfloat16", "ignored: detect trains in float32");
    m.put(
        "train_config.keep_checkpoint_every_n_hours",
        "ignored: detect keeps the newest checkpoints (--keep-checkpoints)");
    m.put(
        "model.ssd.feature_extractor.use_explicit_padding",
        "ignored: detect's convolutions pad SAME; with true the OD API pads explicitly, so a"
            + " checkpoint restores but its activations differ slightly at the borders");
    m.put(
        "model.ssd.feature_extractor.pad_to_multiple",
        "ignored: detect's fixed_shape_resizer input is never padded");
    String predictor = "model.ssd.box_predictor.convolutional_box_predictor.";
    m.put(predictor + "use_dropout", "ignored: detect's box predictor has no dropout");
    m.put(
        predictor + "apply_sigmoid_to_scores",
        "ignored: detect's predictor outputs logits; scores come from"
            + " post_processing.score_converter");
    String shared = "model.ssd.box_predictor.weight_shared_convolutional_box_predictor.";
    m.put(shared + "use_dropout", "ignored: detect's box predictor has no dropout");
    m.put(
        shared + "score_converter",
        "ignored: detect's predictor outputs logits; scores come from"
            + " post_processing.score_converter");
    m.put(
        shared + "box_encodings_clip_range",
        "ignored: detect does not clip the box encodings; the box coder's scales bound them");
    m.put(
        "model.ssd.feature_extractor.fpn.use_native_resize_op",
        "ignored: detect upsamples by nearest neighbour, which gives the same values");
    return Map.copyOf(m);
  }

  /**
   * The specific effect noted for {@code path}, if any: an entry for the path itself or for a
   * message above it.
   */
  static Optional<String> known(String path) {
    for (String p = path; ; p = p.substring(0, p.lastIndexOf('.'))) {
      String effect = EFFECTS.get(p);
      if (effect != null) {
        return Optional.of(effect);
      }
      if (p.indexOf('.') < 0) {
        return Optional.empty();
      }
    }
  }

  static String of(String path) {
    return known(path).orElse(GENERIC);
  }
}
