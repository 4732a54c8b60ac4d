package dev.detect.io.yolo;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Parses one YOLO label file: lines {@code class cx cy w h}, normalized by the image size. */
final class YoloLabelFile {
  private static final String[] FIELDS = {"class", "cx", "cy", "w", "h"};

  private YoloLabelFile() {}

  /**
   * Parses {@code file} for an image of {@code width × height} pixels.
   *
   * @param tolerance how far outside {@code [0, 1]} a coordinate may lie (rounding)
   */
  static List<ObjectAnnotation> parse(
      Path file, List<String> classes, int width, int height, double tolerance) throws IOException {
    String[] lines = Utf8Text.read(file).split("\n", -1);
    List<ObjectAnnotation> objects = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (i == 0 && line.startsWith("\uFEFF")) {
        line = line.substring(1).strip();
      }
      if (!line.isEmpty()) {
        objects.add(parseLine(file, i + 1, line, classes, width, height, tolerance));
      }
    }
    return objects;
  }

  private static ObjectAnnotation parseLine(
      Path file, int lineNo, String line, List<String> classes, int w, int h, double tolerance)
      throws DatasetFormatException {
    String[] f = line.split("\\s+");
    if (f.length != 5) {
      throw new DatasetFormatException(
          file,
          lineNo,
          "'"
              + line
              + "' has "
              + f.length
              + " fields, expected 5 (class cx cy w h)"
              + (f.length > 5 && f.length % 2 == 1
                  ? "; polygon (segmentation) labels are not supported"
                  : ""));
    }
    int index = classIndex(file, lineNo, f[0], classes);
    double[] v = new double[4];
    for (int k = 0; k < 4; k++) {
      v[k] = coordinate(file, lineNo, FIELDS[k + 1], f[k + 1], tolerance);
    }
    PixelBox box = PixelBox.ofCenter(v[0] * w, v[1] * h, v[2] * w, v[3] * h);
    return ObjectAnnotation.of(classes.get(index), box);
  }

  private static int classIndex(Path file, int lineNo, String text, List<String> classes)
      throws DatasetFormatException {
    int index;
    try {
      index = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(
          file, lineNo, "class index '" + text + "' is not an integer (0-based class index)");
    }
    if (index < 0 || index >= classes.size()) {
      throw new DatasetFormatException(
          file,
          lineNo,
          "class index "
              + index
              + " is out of range: the class list has "
              + classes.size()
              + " names (indices 0.."
              + (classes.size() - 1)
              + "); check that the class names file matches the labels");
    }
    return index;
  }

  private static double coordinate(
      Path file, int lineNo, String field, String text, double tolerance)
      throws DatasetFormatException {
    double value;
    try {
      value = Double.parseDouble(text);
    } catch (NumberFormatException e) {
      throw new DatasetFormatException(
          file, lineNo, "value '" + text + "' of field '" + field + "' is not a number");
    }
    if (!(value >= -tolerance && value <= 1 + tolerance)) {
      throw new DatasetFormatException(
          file,
          lineNo,
          "value "
              + text
              + " of field '"
              + field
              + "' is outside [0, 1]: YOLO coordinates are normalized by the image width and"
              + " height; divide pixel values by the image size");
    }
    return value;
  }
}
