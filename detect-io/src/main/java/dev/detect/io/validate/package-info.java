/**
 * Dataset validation against image files and label maps: {@link
 * dev.detect.io.validate.DatasetValidator} collects every problem (bad boxes, missing or corrupt
 * images, size and EXIF-orientation traps, duplicates, unknown labels) into a {@link
 * dev.detect.io.validate.ValidationReport} with text and JSON forms.
 */
package dev.detect.io.validate;
