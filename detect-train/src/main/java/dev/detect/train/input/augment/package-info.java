/**
 * Box-aware data augmentation steps with the semantics, parameters and defaults of the OD API's
 * {@code core/preprocessor.py} and {@code protos/preprocessor.proto}: flips, 90° rotation, SSD and
 * plain random crops (TensorFlow's {@code sample_distorted_bounding_box} reimplemented), padding,
 * scaling, box jitter, black patches and the colour steps. Each step is an immutable {@link
 * dev.detect.train.input.augment.Augmentation} driven by a generator passed in, so results are
 * reproducible from a seed; {@code defaults()} gives the proto defaults.
 *
 * <p>Deliberate differences from the OD API: brightness deltas are fractions of the full range
 * applied to our [0, 255] pixels (the OD API divides by 255 first, same effect); a pad colour is in
 * [0, 255]; a box whose overlap with a crop is below 1e-6 (normalized, float rounding) counts as
 * outside, where the OD API would keep a zero-size sliver.
 */
package dev.detect.train.input.augment;
