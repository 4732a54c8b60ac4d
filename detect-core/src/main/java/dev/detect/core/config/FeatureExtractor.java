package dev.detect.core.config;

import java.util.Objects;
import java.util.Optional;

/**
 * {@code model.<type>.feature_extractor} (for SSD {@code SsdFeatureExtractor}), with its defaults.
 *
 * @param type the extractor name, e.g. {@code ssd_mobilenet_v2_keras} (empty when absent)
 * @param depthMultiplier width multiplier of the backbone (default 1.0)
 * @param minDepth the smallest number of channels of a layer (default 16)
 * @param padToMultiple pad the input to a multiple of this (default 1)
 * @param useExplicitPadding use explicit padding (default false)
 * @param useDepthwise use depthwise convolutions in the extra layers (default false)
 * @param overrideBaseFeatureExtractorHyperparams apply conv_hyperparams to the backbone too
 *     (default false)
 * @param convHyperparams the convolution hyperparameters (defaults when absent)
 * @param fpn the {@code fpn} block of an FPN extractor (empty when absent)
 */
public record FeatureExtractor(
    String type,
    double depthMultiplier,
    int minDepth,
    int padToMultiple,
    boolean useExplicitPadding,
    boolean useDepthwise,
    boolean overrideBaseFeatureExtractorHyperparams,
    ConvHyperparams convHyperparams,
    Optional<FeaturePyramid> fpn) {

  /** Checks for nulls. */
  public FeatureExtractor {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(convHyperparams, "convHyperparams");
    Objects.requireNonNull(fpn, "fpn");
  }
}
