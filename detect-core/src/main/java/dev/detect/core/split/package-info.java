/**
 * Per-image, seeded, multi-label stratified train/eval splitting.
 *
 * <p>{@link dev.detect.core.split.StratifiedSplitter} replaces the seed's {@code
 * generate_train_eval.py}, which splits CSV rows (one image can land on both sides with part of its
 * boxes), has no seed, and cannot really turn stratification off ({@code -s False} is truthy). Here
 * the unit is an image, or a group of related images; the same input and seed give the same {@link
 * dev.detect.core.split.Split} on every JVM (a built-in SplitMix64 generator, no hash-order
 * dependence); and the {@link dev.detect.core.split.SplitReport} shows how each class was divided.
 */
package dev.detect.core.split;
