package dev.detect.core.config;

import dev.detect.core.DatasetFormatException;
import java.util.Optional;
import java.util.OptionalDouble;

/** Reads the typed model views from the merged config tree, with the proto defaults. */
final class ModelReaders {
  private ModelReaders() {}

  static ImageResizer imageResizer(Node model) throws DatasetFormatException {
    Node r = model.child("image_resizer");
    Optional<String> variant =
        r.oneof(
            "fixed_shape_resizer",
            "keep_aspect_ratio_resizer",
            "identity_resizer",
            "conditional_shape_resizer",
            "pad_to_multiple_resizer");
    ImageResizer.Kind kind =
        variant.isEmpty()
            ? ImageResizer.Kind.NONE
            : switch (variant.get()) {
              case "fixed_shape_resizer" -> ImageResizer.Kind.FIXED_SHAPE;
              case "keep_aspect_ratio_resizer" -> ImageResizer.Kind.KEEP_ASPECT_RATIO;
              default -> ImageResizer.Kind.OTHER;
            };
    Node fixed = r.child("fixed_shape_resizer");
    Node keep = r.child("keep_aspect_ratio_resizer");
    Node active = kind == ImageResizer.Kind.KEEP_ASPECT_RATIO ? keep : fixed;
    return new ImageResizer(
        kind,
        variant.orElse(""),
        fixed.int32("height", 300),
        fixed.int32("width", 300),
        keep.int32("min_dimension", 600),
        keep.int32("max_dimension", 1024),
        keep.bool("pad_to_max_dimension", false),
        active.enumOf(
            "resize_method", ImageResizer.ResizeMethod.class, ImageResizer.ResizeMethod.BILINEAR),
        active.bool("convert_to_grayscale", false));
  }

  static ConvHyperparams convHyperparams(Node h) throws DatasetFormatException {
    Node reg = h.child("regularizer");
    String regName = reg.oneof("l1_regularizer", "l2_regularizer").orElse("");
    double regWeight = regName.isEmpty() ? 0.0 : reg.child(regName).dbl("weight", 1.0);
    Node init = h.child("initializer");
    String initName =
        init.oneof(
                "truncated_normal_initializer",
                "random_normal_initializer",
                "variance_scaling_initializer",
                "keras_initializer_by_name")
            .orElse("");
    Node initNode = init.child(initName.isEmpty() ? "-" : initName);
    Node bn = h.child("batch_norm");
    Optional<ConvHyperparams.BatchNorm> batchNorm =
        bn.present()
            ? Optional.of(
                new ConvHyperparams.BatchNorm(
                    bn.dbl("decay", 0.999),
                    bn.bool("center", true),
                    bn.bool("scale", false),
                    bn.dbl("epsilon", 0.001),
                    bn.bool("train", true)))
            : Optional.empty();
    return new ConvHyperparams(
        h.enumOf("activation", ConvHyperparams.Activation.class, ConvHyperparams.Activation.RELU),
        regName,
        regWeight,
        initName,
        initNode.dbl("mean", 0.0),
        initNode.dbl("stddev", 1.0),
        batchNorm,
        h.bool("force_use_bias", false));
  }

  static FeatureExtractor featureExtractor(Node model) throws DatasetFormatException {
    Node f = model.child("feature_extractor");
    return new FeatureExtractor(
        f.str("type", ""),
        f.dbl("depth_multiplier", 1.0),
        f.int32("min_depth", 16),
        f.int32("pad_to_multiple", 1),
        f.bool("use_explicit_padding", false),
        f.bool("use_depthwise", false),
        f.bool("override_base_feature_extractor_hyperparams", false),
        convHyperparams(f.child("conv_hyperparams")),
        fpn(f.child("fpn")));
  }

  private static Optional<FeaturePyramid> fpn(Node f) throws DatasetFormatException {
    if (!f.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new FeaturePyramid(
            f.int32("min_level", 3),
            f.int32("max_level", 7),
            f.int32("additional_layer_depth", 256)));
  }

  static Optional<MultiscaleAnchorGenerator> multiscaleAnchorGenerator(Node model)
      throws DatasetFormatException {
    Node a = model.path("anchor_generator.multiscale_anchor_generator");
    if (!a.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new MultiscaleAnchorGenerator(
            a.int32("min_level", 3),
            a.int32("max_level", 7),
            a.dbl("anchor_scale", 4.0),
            a.doubles("aspect_ratios"),
            a.int32("scales_per_octave", 2),
            a.bool("normalize_coordinates", true)));
  }

  static Optional<WeightSharedBoxPredictor> weightSharedBoxPredictor(Node model)
      throws DatasetFormatException {
    Node p = model.path("box_predictor.weight_shared_convolutional_box_predictor");
    if (!p.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new WeightSharedBoxPredictor(
            p.int32("num_layers_before_predictor", 0),
            p.int32("depth", 0),
            p.int32("kernel_size", 3),
            p.int32("box_code_size", 4),
            p.dbl("class_prediction_bias_init", 0.0),
            p.bool("use_dropout", false),
            p.dbl("dropout_keep_probability", 0.8),
            p.bool("share_prediction_tower", false),
            p.bool("use_depthwise", false),
            convHyperparams(p.child("conv_hyperparams"))));
  }

  static Optional<SsdAnchorGenerator> anchorGenerator(Node model) throws DatasetFormatException {
    Node a = model.path("anchor_generator.ssd_anchor_generator");
    if (!a.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new SsdAnchorGenerator(
            a.int32("num_layers", 6),
            a.dbl("min_scale", 0.2),
            a.dbl("max_scale", 0.95),
            a.doubles("scales"),
            a.doubles("aspect_ratios"),
            a.dbl("interpolated_scale_aspect_ratio", 1.0),
            a.bool("reduce_boxes_in_lowest_layer", true),
            a.dbl("base_anchor_height", 1.0),
            a.dbl("base_anchor_width", 1.0),
            a.ints("height_stride"),
            a.ints("width_stride"),
            a.ints("height_offset"),
            a.ints("width_offset")));
  }

  static Optional<FasterRcnnBoxCoder> boxCoder(Node model) throws DatasetFormatException {
    Node c = model.path("box_coder.faster_rcnn_box_coder");
    if (!c.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new FasterRcnnBoxCoder(
            c.dbl("y_scale", 10.0),
            c.dbl("x_scale", 10.0),
            c.dbl("height_scale", 5.0),
            c.dbl("width_scale", 5.0)));
  }

  static Optional<ArgmaxMatcher> matcher(Node model) throws DatasetFormatException {
    Node m = model.path("matcher.argmax_matcher");
    if (!m.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new ArgmaxMatcher(
            m.dbl("matched_threshold", 0.5),
            m.dbl("unmatched_threshold", 0.5),
            m.bool("ignore_thresholds", false),
            m.bool("negatives_lower_than_unmatched", true),
            m.bool("force_match_for_each_row", false),
            m.bool("use_matmul_gather", false)));
  }

  static Optional<ConvolutionalBoxPredictor> boxPredictor(Node model)
      throws DatasetFormatException {
    Node p = model.path("box_predictor.convolutional_box_predictor");
    if (!p.present()) {
      return Optional.empty();
    }
    return Optional.of(
        new ConvolutionalBoxPredictor(
            p.int32("kernel_size", 1),
            p.int32("box_code_size", 4),
            p.dbl("class_prediction_bias_init", 0.0),
            p.int32("num_layers_before_predictor", 0),
            p.int32("min_depth", 0),
            p.int32("max_depth", 0),
            p.bool("use_dropout", true),
            p.dbl("dropout_keep_probability", 0.8),
            p.bool("apply_sigmoid_to_scores", false),
            p.bool("use_depthwise", false),
            convHyperparams(p.child("conv_hyperparams"))));
  }

  static Loss loss(Node model) throws DatasetFormatException {
    Node l = model.child("loss");
    Node c = l.child("classification_loss");
    String cName =
        c.oneof(
                "weighted_sigmoid",
                "weighted_softmax",
                "weighted_logits_softmax",
                "bootstrapped_sigmoid",
                "weighted_sigmoid_focal",
                "penalty_reduced_logistic_focal_loss",
                "weighted_dice_classification_loss")
            .orElse("");
    Loss.ClassificationKind cKind =
        switch (cName) {
          case "weighted_sigmoid" -> Loss.ClassificationKind.WEIGHTED_SIGMOID;
          case "weighted_softmax" -> Loss.ClassificationKind.WEIGHTED_SOFTMAX;
          case "weighted_sigmoid_focal" -> Loss.ClassificationKind.WEIGHTED_SIGMOID_FOCAL;
          case "" -> Loss.ClassificationKind.NONE;
          default -> Loss.ClassificationKind.OTHER;
        };
    Node focal = c.child("weighted_sigmoid_focal");
    OptionalDouble alpha = focal.optDbl("alpha");
    Loss.ClassificationLoss classification =
        new Loss.ClassificationLoss(
            cKind,
            cName,
            focal.dbl("gamma", 2.0),
            alpha,
            c.child("weighted_softmax").dbl("logit_scale", 1.0));
    Node loc = l.child("localization_loss");
    String lName =
        loc.oneof(
                "weighted_l2",
                "weighted_smooth_l1",
                "weighted_iou",
                "l1_localization_loss",
                "weighted_giou")
            .orElse("");
    Loss.LocalizationKind lKind =
        switch (lName) {
          case "weighted_smooth_l1" -> Loss.LocalizationKind.WEIGHTED_SMOOTH_L1;
          case "weighted_l2" -> Loss.LocalizationKind.WEIGHTED_L2;
          case "weighted_iou" -> Loss.LocalizationKind.WEIGHTED_IOU;
          case "l1_localization_loss" -> Loss.LocalizationKind.L1;
          case "weighted_giou" -> Loss.LocalizationKind.WEIGHTED_GIOU;
          case "" -> Loss.LocalizationKind.NONE;
          default -> Loss.LocalizationKind.OTHER;
        };
    Loss.LocalizationLoss localization =
        new Loss.LocalizationLoss(lKind, lName, loc.child("weighted_smooth_l1").dbl("delta", 1.0));
    Node m = l.child("hard_example_miner");
    Optional<Loss.HardExampleMiner> miner =
        m.present()
            ? Optional.of(
                new Loss.HardExampleMiner(
                    m.int32("num_hard_examples", 64),
                    m.dbl("iou_threshold", 0.7),
                    m.enumOf("loss_type", Loss.MinerLossType.class, Loss.MinerLossType.BOTH),
                    m.int32("max_negatives_per_positive", 0),
                    m.int32("min_negatives_per_image", 0)))
            : Optional.empty();
    return new Loss(
        classification,
        localization,
        l.dbl("classification_weight", 1.0),
        l.dbl("localization_weight", 1.0),
        miner);
  }

  static PostProcessing postProcessing(Node p) throws DatasetFormatException {
    Node nms = p.child("batch_non_max_suppression");
    return new PostProcessing(
        nms.dbl("score_threshold", 0.0),
        nms.dbl("iou_threshold", 0.6),
        nms.int32("max_detections_per_class", 100),
        nms.int32("max_total_detections", 100),
        nms.bool("use_class_agnostic_nms", false),
        p.enumOf(
            "score_converter",
            PostProcessing.ScoreConverter.class,
            PostProcessing.ScoreConverter.IDENTITY),
        p.dbl("logit_scale", 1.0));
  }
}
