package dev.detect.core.config;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * {@code model.ssd.loss} (losses.proto) with its defaults.
 *
 * @param classification the classification loss
 * @param localization the localization loss
 * @param classificationWeight default 1.0
 * @param localizationWeight default 1.0
 * @param hardExampleMiner the hard negative miner, empty when there is no {@code
 *     hard_example_miner} block
 */
public record Loss(
    ClassificationLoss classification,
    LocalizationLoss localization,
    double classificationWeight,
    double localizationWeight,
    Optional<HardExampleMiner> hardExampleMiner) {

  /** Checks for nulls. */
  public Loss {
    Objects.requireNonNull(classification, "classification");
    Objects.requireNonNull(localization, "localization");
    Objects.requireNonNull(hardExampleMiner, "hardExampleMiner");
  }

  /**
   * {@code classification_loss}.
   *
   * @param kind the loss
   * @param variant its proto field name ({@code weighted_sigmoid_focal}, …; empty when absent)
   * @param gamma focal gamma (default 2.0)
   * @param alpha focal alpha; empty when not written (then no class weighting)
   * @param logitScale softmax logit scale (default 1.0)
   */
  public record ClassificationLoss(
      ClassificationKind kind,
      String variant,
      double gamma,
      OptionalDouble alpha,
      double logitScale) {
    /** Checks for nulls. */
    public ClassificationLoss {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(variant, "variant");
      Objects.requireNonNull(alpha, "alpha");
    }
  }

  /** The classification loss variant. */
  public enum ClassificationKind {
    /** {@code weighted_sigmoid}: per-class sigmoid cross-entropy. */
    WEIGHTED_SIGMOID,
    /** {@code weighted_softmax}: softmax cross-entropy over classes + background. */
    WEIGHTED_SOFTMAX,
    /** {@code weighted_sigmoid_focal}: focal loss (Lin et al.). */
    WEIGHTED_SIGMOID_FOCAL,
    /** Another variant (bootstrapped_sigmoid, weighted_logits_softmax, …). */
    OTHER,
    /** No classification_loss block. */
    NONE
  }

  /**
   * {@code localization_loss}.
   *
   * @param kind the loss
   * @param variant its proto field name (empty when absent)
   * @param delta smooth-L1 (Huber) delta (default 1.0)
   */
  public record LocalizationLoss(LocalizationKind kind, String variant, double delta) {
    /** Checks for nulls. */
    public LocalizationLoss {
      Objects.requireNonNull(kind, "kind");
      Objects.requireNonNull(variant, "variant");
    }
  }

  /** The localization loss variant. */
  public enum LocalizationKind {
    /** {@code weighted_smooth_l1}. */
    WEIGHTED_SMOOTH_L1,
    /** {@code weighted_l2}. */
    WEIGHTED_L2,
    /** {@code weighted_iou}. */
    WEIGHTED_IOU,
    /** {@code l1_localization_loss}. */
    L1,
    /** {@code weighted_giou}. */
    WEIGHTED_GIOU,
    /** Another variant. */
    OTHER,
    /** No localization_loss block. */
    NONE
  }

  /**
   * {@code hard_example_miner} with its defaults.
   *
   * @param numHardExamples anchors kept per image (default 64; 0 = all)
   * @param iouThreshold NMS threshold among mined boxes (default 0.7)
   * @param lossType which loss ranks the examples (default BOTH)
   * @param maxNegativesPerPositive 0 = no ratio (default 0)
   * @param minNegativesPerImage (default 0)
   */
  public record HardExampleMiner(
      int numHardExamples,
      double iouThreshold,
      MinerLossType lossType,
      int maxNegativesPerPositive,
      int minNegativesPerImage) {
    /** Checks for nulls. */
    public HardExampleMiner {
      Objects.requireNonNull(lossType, "lossType");
    }
  }

  /** {@code HardExampleMiner.LossType}, in proto number order. */
  public enum MinerLossType {
    /** 0: classification + localization, the default. */
    BOTH,
    /** 1. */
    CLASSIFICATION,
    /** 2. */
    LOCALIZATION
  }
}
