/**
 * COCO object-detection JSON: {@link dev.detect.io.coco.CocoReader}, {@link
 * dev.detect.io.coco.CocoWriter} and {@link dev.detect.io.coco.CocoCategory}.
 *
 * <p>Boxes are {@code [x, y, width, height]} in pixels from the top-left corner; labels are
 * category names. {@code iscrowd: 1} maps to {@code difficult = true} and back (both mark objects
 * that evaluation ignores). Category ids of a file can be kept in a label map with {@link
 * dev.detect.io.coco.CocoCategory#toLabelMap}.
 */
package dev.detect.io.coco;
