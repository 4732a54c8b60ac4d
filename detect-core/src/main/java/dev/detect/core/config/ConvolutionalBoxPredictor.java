package dev.detect.core.config;

import java.util.Objects;

/**
 * {@code box_predictor.convolutional_box_predictor} (box_predictor.proto) with its defaults.
 *
 * @param kernelSize kernel of the prediction convolutions (default 1)
 * @param boxCodeSize values per box encoding (default 4)
 * @param classPredictionBiasInit initial bias of the class logits (default 0.0; −4.6 ≈ prior 0.01)
 * @param numLayersBeforePredictor extra conv layers before the heads (default 0)
 * @param minDepth min depth of those layers (default 0)
 * @param maxDepth max depth of those layers (default 0)
 * @param useDropout dropout before the class head (default true)
 * @param dropoutKeepProbability keep probability (default 0.8)
 * @param applySigmoidToScores (default false)
 * @param useDepthwise depthwise separable heads (default false)
 * @param convHyperparams the head hyperparameters
 */
public record ConvolutionalBoxPredictor(
    int kernelSize,
    int boxCodeSize,
    double classPredictionBiasInit,
    int numLayersBeforePredictor,
    int minDepth,
    int maxDepth,
    boolean useDropout,
    double dropoutKeepProbability,
    boolean applySigmoidToScores,
    boolean useDepthwise,
    ConvHyperparams convHyperparams) {

  /** Checks for nulls. */
  public ConvolutionalBoxPredictor {
    Objects.requireNonNull(convHyperparams, "convHyperparams");
  }
}
