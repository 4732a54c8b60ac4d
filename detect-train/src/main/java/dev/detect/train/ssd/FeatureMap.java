package dev.detect.train.ssd;

import org.tensorflow.Operand;
import org.tensorflow.types.TFloat32;

/**
 * One activation {@code [B, height, width, depth]} with its static spatial size and depth, as the
 * network builders pass it from layer to layer.
 */
record FeatureMap(Operand<TFloat32> value, int height, int width, int depth) {}
