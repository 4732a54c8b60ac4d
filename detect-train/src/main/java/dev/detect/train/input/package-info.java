/**
 * The training input pipeline: OD API TFRecords → decoded RGB images ({@code
 * dev.detect.train.input.ImageDecoder}) → box-aware augmentation ({@code
 * dev.detect.train.input.augment}) → resize ({@code Resize}, TF2 bilinear) → {@link
 * dev.detect.train.input.Batch}es, on background threads ({@link
 * dev.detect.train.input.InputPipeline}).
 *
 * <p>Conventions: pixels are RGB HWC floats in [0, 255]; boxes are normalized {@code [ymin, xmin,
 * ymax, xmax]}; class ids are 1-based label map ids.
 */
package dev.detect.train.input;
