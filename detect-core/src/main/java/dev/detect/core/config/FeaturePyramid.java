package dev.detect.core.config;

/**
 * {@code feature_extractor.fpn} (ssd.proto's {@code FeaturePyramidNetworks}) with its defaults: the
 * pyramid levels an FPN feature extractor outputs (level {@code l} has stride {@code 2^l}) and the
 * depth of its layers.
 *
 * @param minLevel the finest level (default 3)
 * @param maxLevel the coarsest level (default 7)
 * @param additionalLayerDepth channels of every pyramid layer (default 256)
 */
public record FeaturePyramid(int minLevel, int maxLevel, int additionalLayerDepth) {}
