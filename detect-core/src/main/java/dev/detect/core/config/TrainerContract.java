package dev.detect.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The one place that lists what detect's SSD trainer honours ({@link
 * PipelineConfig#TRAINER_SUPPORTED}). The trainer reports every other field present in a config via
 * {@link PipelineConfig#unsupportedFields(Set)}. Keep this list and the trainer in step.
 */
final class TrainerContract {
  private TrainerContract() {}

  /** The augmentation steps the trainer implements (every parameter of each). */
  static final List<String> AUGMENTATION_STEPS =
      List.of(
          "random_horizontal_flip",
          "random_vertical_flip",
          "random_rotation90",
          "ssd_random_crop",
          "random_crop_image",
          "random_pad_image",
          "random_adjust_brightness",
          "random_adjust_contrast",
          "random_adjust_saturation",
          "random_adjust_hue",
          "random_distort_color",
          "random_image_scale",
          "random_jitter_boxes",
          "random_black_patches",
          "random_rgb_to_gray",
          "random_pixel_value_scale");

  private static final String SSD = "model.ssd.";
  private static final String PREDICTOR = SSD + "box_predictor.convolutional_box_predictor.";
  private static final List<String> READER_FIELDS =
      List.of(
          "label_map_path",
          "tf_record_input_reader.input_path",
          "shuffle",
          "shuffle_buffer_size",
          "num_epochs",
          "max_number_of_boxes");

  static final Set<String> SUPPORTED = build();

  private static Set<String> build() {
    List<String> s = new ArrayList<>();
    s.add(SSD + "num_classes");
    for (String f : List.of("height", "width", "resize_method")) {
      s.add(SSD + "image_resizer.fixed_shape_resizer." + f);
    }
    for (String f :
        List.of(
            "type",
            "depth_multiplier",
            "min_depth",
            "conv_hyperparams.*",
            "override_base_feature_extractor_hyperparams",
            "pad_to_multiple=1",
            "use_depthwise",
            "fpn.min_level",
            "fpn.max_level",
            "fpn.additional_layer_depth")) {
      s.add(SSD + "feature_extractor." + f);
    }
    s.add(SSD + "box_coder.faster_rcnn_box_coder.*");
    s.add(SSD + "matcher.argmax_matcher.*");
    s.add(SSD + "similarity_calculator.iou_similarity");
    s.add(SSD + "encode_background_as_zeros");
    s.add(SSD + "anchor_generator.ssd_anchor_generator.*");
    s.add(SSD + "anchor_generator.multiscale_anchor_generator.*");
    for (String f :
        List.of(
            "num_layers_before_predictor",
            "depth",
            "kernel_size",
            "box_code_size",
            "class_prediction_bias_init",
            "conv_hyperparams.*",
            "use_dropout=false",
            "dropout_keep_probability",
            "share_prediction_tower",
            "use_depthwise",
            "score_converter=IDENTITY")) {
      s.add(SSD + "box_predictor.weight_shared_convolutional_box_predictor." + f);
    }
    for (String f :
        List.of(
            "kernel_size",
            "box_code_size",
            "class_prediction_bias_init",
            "conv_hyperparams.*",
            "min_depth",
            "max_depth",
            "num_layers_before_predictor",
            "use_dropout=false",
            "dropout_keep_probability",
            "apply_sigmoid_to_scores=false",
            "use_depthwise")) {
      s.add(PREDICTOR + f);
    }
    s.add(SSD + "post_processing.*");
    for (String f :
        List.of(
            "classification_loss.weighted_sigmoid.*",
            "classification_loss.weighted_softmax.*",
            "classification_loss.weighted_sigmoid_focal.*",
            "localization_loss.weighted_smooth_l1.*",
            "classification_weight",
            "localization_weight",
            "hard_example_miner.*")) {
      s.add(SSD + "loss." + f);
    }
    for (String f :
        List.of(
            "normalize_loss_by_num_matches",
            "normalize_loc_loss_by_codesize",
            "inplace_batchnorm_update",
            "freeze_batchnorm",
            "add_background_class")) {
      s.add(SSD + f);
    }
    for (String f :
        List.of(
            "batch_size",
            "num_steps",
            "optimizer.*",
            "fine_tune_checkpoint",
            "fine_tune_checkpoint_type",
            "from_detection_checkpoint",
            "fine_tune_checkpoint_version",
            "gradient_clipping_by_norm",
            "max_number_of_boxes",
            "unpad_groundtruth_tensors",
            "use_bfloat16=false")) {
      s.add("train_config." + f);
    }
    for (String step : AUGMENTATION_STEPS) {
      s.add("train_config.data_augmentation_options." + step + ".*");
    }
    for (String f : READER_FIELDS) {
      s.add("train_input_reader." + f);
      s.add("eval_input_reader." + f);
    }
    for (String f :
        List.of(
            "metrics_set",
            "num_examples",
            "use_moving_averages",
            "batch_size",
            "include_metrics_per_category")) {
      s.add("eval_config." + f);
    }
    return Set.copyOf(s);
  }
}
