/**
 * VGG Image Annotator (VIA) JSON, the {@code json} input of the seed's {@code generate_csv.py}:
 * {@link dev.detect.io.via.ViaReader} (VIA 1.x and 2.x exports, VIA 2 project files) and {@link
 * dev.detect.io.via.ViaWriter} (VIA 2.x annotation JSON).
 *
 * <p>VIA stores no image size, so reading needs the images. Non-rect regions (polygon, polyline,
 * circle, ellipse) are read as their bounding box, with a warning.
 */
package dev.detect.io.via;
