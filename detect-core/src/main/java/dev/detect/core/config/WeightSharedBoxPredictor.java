package dev.detect.core.config;

import java.util.Objects;

/**
 * {@code box_predictor.weight_shared_convolutional_box_predictor} (box_predictor.proto) with its
 * defaults: one tower of convolutions whose weights every feature map shares (batch norm per map),
 * then a box head and a class head, also shared.
 *
 * @param numLayersBeforePredictor tower convolutions before the heads (default 0)
 * @param depth channels of the tower convolutions (default 0)
 * @param kernelSize kernel of the tower and head convolutions (default 3)
 * @param boxCodeSize values per box encoding (default 4)
 * @param classPredictionBiasInit initial bias of the class logits (default 0.0)
 * @param useDropout dropout before the class head (default false)
 * @param dropoutKeepProbability keep probability (default 0.8)
 * @param sharePredictionTower the box and class heads share one tower (default false)
 * @param useDepthwise the tower and head convolutions are depthwise separable (default false)
 * @param convHyperparams the tower and head hyperparameters
 */
public record WeightSharedBoxPredictor(
    int numLayersBeforePredictor,
    int depth,
    int kernelSize,
    int boxCodeSize,
    double classPredictionBiasInit,
    boolean useDropout,
    double dropoutKeepProbability,
    boolean sharePredictionTower,
    boolean useDepthwise,
    ConvHyperparams convHyperparams) {

  /** Checks for nulls. */
  public WeightSharedBoxPredictor {
    Objects.requireNonNull(convHyperparams, "convHyperparams");
  }
}
