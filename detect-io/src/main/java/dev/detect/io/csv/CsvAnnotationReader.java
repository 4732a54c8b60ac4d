package dev.detect.io.csv;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.internal.Decimals;
import dev.detect.io.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads the seed's annotation CSV ({@code filename,width,height,class,xmin,ymin,xmax,ymax}, one row
 * per object) into an {@link AnnotationSet}.
 *
 * <p>The header line is required; columns are matched by name (any order, any case; extra columns
 * are ignored, but for the optional {@code difficult} and {@code truncated} (0/1) and {@code pose}
 * that {@link CsvAnnotationWriter.Builder#objectAttributes(boolean)} writes). Instead of {@code
 * xmin, ymin, xmax, ymax} in pixels, the relative columns {@code xmin_rel, ymin_rel, xmax_rel,
 * ymax_rel} (fractions of the width and height) are accepted. Rows are grouped into images by
 * {@code filename} in order of first appearance. A row with an empty class and empty box is a
 * negative image (as {@link CsvAnnotationWriter} writes with {@code keepNegatives}). UTF-8 with or
 * without BOM, CRLF or LF, RFC 4180 quoting. Every error names the file, the 1-based line, the
 * column and the bad value. Immutable and thread-safe.
 */
public final class CsvAnnotationReader implements AnnotationReader {
  private static final String[] BOX = {"xmin", "ymin", "xmax", "ymax"};
  private static final String[] BOX_REL = {"xmin_rel", "ymin_rel", "xmax_rel", "ymax_rel"};
  private static final CsvAnnotationReader INSTANCE = new CsvAnnotationReader();

  private CsvAnnotationReader() {}

  /** The reader (it has no settings). */
  public static CsvAnnotationReader defaults() {
    return INSTANCE;
  }

  /**
   * Reads one CSV file.
   *
   * @throws DatasetFormatException naming the file, line, column and value of the first bad field
   */
  @Override
  public ReadResult read(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    String text = Utf8Text.read(input);
    return parse(text, input.toString());
  }

  /**
   * Reads CSV text.
   *
   * @param source a name for error messages (the file name)
   */
  public ReadResult parse(String text, String source) throws DatasetFormatException {
    Objects.requireNonNull(text, "text");
    Objects.requireNonNull(source, "source");
    CsvRecords records = new CsvRecords(text, source);
    CsvRecords.Record header = records.next();
    if (header == null) {
      throw new DatasetFormatException(
          source,
          1,
          0,
          "empty file: expected the header " + String.join(",", CsvAnnotationWriter.HEADER));
    }
    Columns columns = new Columns(header, source);
    Map<String, ImageRows> images = new LinkedHashMap<>();
    List<ReadResult.Warning> warnings = new ArrayList<>();
    for (CsvRecords.Record r = records.next(); r != null; r = records.next()) {
      row(r, columns, source, images, warnings);
    }
    List<ImageAnnotation> list = new ArrayList<>(images.size());
    for (ImageRows rows : images.values()) {
      list.add(rows.builder.build());
    }
    return new ReadResult(AnnotationSet.of(list), warnings, 1);
  }

  /** The accumulated rows of one image. */
  private static final class ImageRows {
    final ImageAnnotation.Builder builder;
    final int width;
    final int height;
    final int firstLine;
    int objects;
    int negativeLine;

    ImageRows(String fileName, int width, int height, int firstLine) {
      this.builder = ImageAnnotation.builder(fileName, width, height);
      this.width = width;
      this.height = height;
      this.firstLine = firstLine;
    }
  }

  private static void row(
      CsvRecords.Record r,
      Columns columns,
      String source,
      Map<String, ImageRows> images,
      List<ReadResult.Warning> warnings)
      throws DatasetFormatException {
    List<String> f = r.fields();
    if (f.size() != columns.count) {
      throw new DatasetFormatException(
          source,
          r.line(),
          0,
          f.size() + " fields, but the header has " + columns.count + ": " + String.join(",", f));
    }
    String fileName = f.get(columns.filename);
    if (fileName.isBlank()) {
      throw new DatasetFormatException(source, r.line(), 0, "column 'filename' is empty");
    }
    int width = size(f, columns.width, "width", source, r.line());
    int height = size(f, columns.height, "height", source, r.line());
    ImageRows rows = images.get(fileName);
    if (rows == null) {
      rows = new ImageRows(fileName, width, height, r.line());
      images.put(fileName, rows);
    } else {
      if (rows.width != width || rows.height != height) {
        throw new DatasetFormatException(
            source,
            r.line(),
            0,
            "width,height "
                + width
                + ","
                + height
                + " of "
                + fileName
                + " differ from "
                + rows.width
                + ","
                + rows.height
                + " on line "
                + rows.firstLine
                + "; one image has one size");
      }
    }
    String label = f.get(columns.label);
    int[] box = columns.box;
    boolean emptyBox = true;
    for (int b : box) {
      emptyBox &= f.get(b).isBlank();
    }
    if (label.isEmpty() && emptyBox) {
      if (rows.negativeLine == 0) {
        rows.negativeLine = r.line();
      }
      warnIfMixed(rows, fileName, source, warnings);
      return;
    }
    if (label.isBlank()) {
      throw new DatasetFormatException(
          source, r.line(), 0, "column 'class' is empty but the row has a box");
    }
    double[] c = new double[4];
    for (int i = 0; i < 4; i++) {
      String name = columns.relative ? BOX_REL[i] : BOX[i];
      c[i] = number(f.get(box[i]), name, source, r.line());
      if (columns.relative) {
        c[i] *= i % 2 == 0 ? width : height;
      }
    }
    rows.builder.addObject(
        new ObjectAnnotation(
            label,
            PixelBox.ofCorners(c[0], c[1], c[2], c[3]),
            flag(f, columns.difficult, "difficult", source, r.line()),
            flag(f, columns.truncated, "truncated", source, r.line()),
            columns.pose < 0 || f.get(columns.pose).isEmpty()
                ? ObjectAnnotation.UNSPECIFIED_POSE
                : f.get(columns.pose)));
    rows.objects++;
    warnIfMixed(rows, fileName, source, warnings);
  }

  /** Warns once when an image has both objects and an empty-class (negative) row. */
  private static void warnIfMixed(
      ImageRows rows, String fileName, String source, List<ReadResult.Warning> warnings) {
    if (rows.negativeLine > 0 && rows.objects > 0) {
      warnings.add(
          new ReadResult.Warning(
              source,
              "line "
                  + rows.negativeLine
                  + ": "
                  + fileName
                  + " has objects and also an empty-class (negative) row; the empty row is ignored"));
      rows.negativeLine = -1;
    }
  }

  /** An optional 0/1 column ({@code difficult}, {@code truncated}); absent or empty is 0. */
  private static boolean flag(List<String> f, int index, String name, String source, int line)
      throws DatasetFormatException {
    if (index < 0) {
      return false;
    }
    String v = f.get(index).strip();
    return switch (v) {
      case "", "0", "false", "False" -> false;
      case "1", "true", "True" -> true;
      default ->
          throw new DatasetFormatException(
              source, line, 0, "column '" + name + "' = '" + v + "': expected 0 or 1");
    };
  }

  private static int size(List<String> f, int index, String name, String source, int line)
      throws DatasetFormatException {
    double v = number(f.get(index), name, source, line);
    if (v <= 0 || v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw new DatasetFormatException(
          source,
          line,
          0,
          "column '"
              + name
              + "' = '"
              + f.get(index)
              + "': expected a positive whole number of pixels"
              + (v == 0
                  ? " (generate_csv.py writes 0 for VIA JSON input; fill in the real size)"
                  : ""));
    }
    return (int) v;
  }

  private static double number(String text, String name, String source, int line)
      throws DatasetFormatException {
    double v = Decimals.parse(text);
    if (Double.isNaN(v)) {
      throw new DatasetFormatException(
          source,
          line,
          0,
          "column '"
              + name
              + "' = '"
              + text
              + "' is not a number"
              + (text.isBlank() ? " (empty)" : ""));
    }
    return v;
  }

  /** Column indexes found by name in the header. */
  private static final class Columns {
    final int count;
    final int filename;
    final int width;
    final int height;
    final int label;
    final int[] box = new int[4];
    final boolean relative;
    final int difficult;
    final int truncated;
    final int pose;

    Columns(CsvRecords.Record header, String source) throws DatasetFormatException {
      Map<String, Integer> index = new HashMap<>();
      List<String> names = header.fields();
      for (int i = 0; i < names.size(); i++) {
        String name = names.get(i).strip().toLowerCase(Locale.ROOT);
        if (index.putIfAbsent(name, i) != null) {
          throw new DatasetFormatException(
              source, header.line(), 0, "header names column '" + name + "' twice");
        }
      }
      count = names.size();
      filename = required(index, "filename", header, source);
      width = required(index, "width", header, source);
      height = required(index, "height", header, source);
      label = required(index, "class", header, source);
      relative = !index.containsKey("xmin") && index.containsKey("xmin_rel");
      for (int i = 0; i < 4; i++) {
        box[i] = required(index, relative ? BOX_REL[i] : BOX[i], header, source);
      }
      difficult = index.getOrDefault("difficult", -1);
      truncated = index.getOrDefault("truncated", -1);
      pose = index.getOrDefault("pose", -1);
    }

    private static int required(
        Map<String, Integer> index, String name, CsvRecords.Record header, String source)
        throws DatasetFormatException {
      Integer i = index.get(name);
      if (i == null) {
        throw new DatasetFormatException(
            source,
            header.line(),
            0,
            "header has no column '"
                + name
                + "'; expected "
                + String.join(",", CsvAnnotationWriter.HEADER)
                + " (any order), got "
                + String.join(",", header.fields()));
      }
      return i;
    }
  }
}
