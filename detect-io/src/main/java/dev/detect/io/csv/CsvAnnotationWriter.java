package dev.detect.io.csv;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.internal.NotWrittenReport;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Writes the seed's 8-column annotation CSV, {@code
 * filename,width,height,class,xmin,ymin,xmax,ymax} with a header line and one row per object, as
 * {@code generate_csv.py} and {@code xml_to_csv.py} write it (pandas {@code to_csv(index=None)}):
 * LF line ends, UTF-8 without BOM, fields quoted per RFC 4180 only when they hold a comma, quote or
 * line break.
 *
 * <p>Sizes are whole pixels; coordinates are pixels, written as integers when integral ({@code 81})
 * and otherwise as the shortest decimal that reads back to the same value. The 8 columns cannot
 * hold {@code difficult}, {@code truncated} or {@code pose}: objects that carry them are reported
 * in {@link WriteResult#notWritten()} (count and first files), unless {@link
 * Builder#objectAttributes(boolean)} adds the columns {@code difficult,truncated,pose}, which
 * {@link CsvAnnotationReader} reads back (pandas-based scripts ignore extra columns). Depth and
 * paths are not written. It cannot hold a negative image (no objects) unless {@link
 * Builder#keepNegatives(boolean)} writes a row with an empty class and box ({@code
 * neg.jpg,640,480,,,,,}). Negative images not written are listed in {@link
 * WriteResult#notWritten()}. The file is written atomically. Immutable and thread-safe.
 */
public final class CsvAnnotationWriter implements AnnotationWriter {
  /** The header line's columns, in order. */
  public static final List<String> HEADER =
      List.of("filename", "width", "height", "class", "xmin", "ymin", "xmax", "ymax");

  /** The columns {@link Builder#objectAttributes(boolean)} adds after {@link #HEADER}. */
  public static final List<String> ATTRIBUTE_COLUMNS = List.of("difficult", "truncated", "pose");

  private static final Set<NotWrittenReport.Attribute> OBJECT_ATTRIBUTES =
      EnumSet.of(
          NotWrittenReport.Attribute.DIFFICULT,
          NotWrittenReport.Attribute.TRUNCATED,
          NotWrittenReport.Attribute.POSE);

  private final boolean keepNegatives;
  private final boolean objectAttributes;

  private CsvAnnotationWriter(Builder b) {
    this.keepNegatives = b.keepNegatives;
    this.objectAttributes = b.objectAttributes;
  }

  /** A builder with the defaults (negative images are not written, but reported). */
  public static Builder builder() {
    return new Builder();
  }

  /** A writer with the defaults ({@code builder().build()}). */
  public static CsvAnnotationWriter defaults() {
    return builder().build();
  }

  /** A builder holding this writer's settings. */
  public Builder toBuilder() {
    return new Builder().keepNegatives(keepNegatives).objectAttributes(objectAttributes);
  }

  /** Whether the columns {@code difficult,truncated,pose} are written. */
  public boolean objectAttributes() {
    return objectAttributes;
  }

  /** Whether negative images are written as a row with an empty class and box. */
  public boolean keepNegatives() {
    return keepNegatives;
  }

  /**
   * Writes {@code annotations} to the CSV file {@code output} (its folder is created if missing).
   *
   * @throws IllegalArgumentException when {@code output} is an existing folder
   */
  @Override
  public WriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException(
          "output must be a CSV file path, but " + output + " is a folder");
    }
    Rows rows = new Rows(annotations, keepNegatives, objectAttributes);
    AtomicFiles.write(output, rows);
    List<ReadResult.Warning> notWritten = new ArrayList<>(rows.notWritten);
    if (!objectAttributes) {
      notWritten.addAll(
          NotWrittenReport.of(
              annotations,
              OBJECT_ATTRIBUTES,
              "the 8-column CSV",
              output.toString(),
              "the objects are written as ordinary ones; objectAttributes(true) (--object-attributes)"
                  + " adds the columns"));
    }
    return new WriteResult(List.of(output), rows.images, rows.objects, notWritten);
  }

  /** The whole CSV text, header included (for small sets and tests). */
  public String toCsv(AnnotationSet annotations) {
    Objects.requireNonNull(annotations, "annotations");
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + 48 * annotations.objectCount());
    try {
      new Rows(annotations, keepNegatives, objectAttributes).writeTo(out);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Streams the rows to the output, counting what was and was not written. */
  private static final class Rows implements AtomicFiles.Content {
    private static final byte[] HEADER_LINE =
        "filename,width,height,class,xmin,ymin,xmax,ymax\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEADER_LINE_WITH_ATTRIBUTES =
        "filename,width,height,class,xmin,ymin,xmax,ymax,difficult,truncated,pose\n"
            .getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ROW_END = ",,,,\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] EMPTY_ROW_END_WITH_ATTRIBUTES =
        ",,,,,,,\n".getBytes(StandardCharsets.US_ASCII);

    private final AnnotationSet annotations;
    private final boolean keepNegatives;
    private final boolean attributes;
    private final List<ReadResult.Warning> notWritten = new ArrayList<>();
    private int images;
    private int objects;
    private String lastLabel;
    private byte[] lastLabelBytes;

    Rows(AnnotationSet annotations, boolean keepNegatives, boolean attributes) {
      this.annotations = annotations;
      this.keepNegatives = keepNegatives;
      this.attributes = attributes;
    }

    @Override
    public void writeTo(OutputStream out) throws IOException {
      CsvBytes csv = new CsvBytes(out);
      csv.write(attributes ? HEADER_LINE_WITH_ATTRIBUTES : HEADER_LINE);
      for (ImageAnnotation image : annotations) {
        image(csv, image);
      }
      csv.flush();
    }

    private void image(CsvBytes csv, ImageAnnotation image) throws IOException {
      List<ObjectAnnotation> list = image.objects();
      if (list.isEmpty()) {
        if (keepNegatives) {
          csv.write(prefix(image));
          csv.write(attributes ? EMPTY_ROW_END_WITH_ATTRIBUTES : EMPTY_ROW_END);
          images++;
        } else {
          notWritten.add(
              new ReadResult.Warning(
                  image.fileName(),
                  "negative image (no objects) cannot be expressed in the 8-column CSV; not written"
                      + " (keepNegatives(true), --keep-negatives, writes a row with an empty class)"));
        }
        return;
      }
      images++;
      objects += list.size();
      byte[] prefix = prefix(image);
      for (int i = 0, n = list.size(); i < n; i++) {
        ObjectAnnotation object = list.get(i);
        csv.write(prefix);
        csv.write(label(object.label()));
        PixelBox box = object.box();
        csv.write(',');
        csv.number(box.xmin());
        csv.write(',');
        csv.number(box.ymin());
        csv.write(',');
        csv.number(box.xmax());
        csv.write(',');
        csv.number(box.ymax());
        if (attributes) {
          csv.write(',');
          csv.write(object.difficult() ? '1' : '0');
          csv.write(',');
          csv.write(object.truncated() ? '1' : '0');
          csv.write(',');
          csv.write(CsvBytes.field(object.pose()));
        }
        csv.write('\n');
      }
    }

    /** {@code filename,width,height,} of an image, encoded once for all its rows. */
    private static byte[] prefix(ImageAnnotation image) {
      StringBuilder sb = new StringBuilder(image.fileName().length() + 16);
      field(sb, image.fileName()).append(',');
      sb.append(image.width()).append(',').append(image.height()).append(',');
      return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private byte[] label(String label) {
      if (!label.equals(lastLabel)) {
        lastLabel = label;
        lastLabelBytes = CsvBytes.field(label);
      }
      return lastLabelBytes;
    }
  }

  /** Appends a field, quoted (RFC 4180) only when it holds a comma, quote or line break. */
  static StringBuilder field(StringBuilder sb, String value) {
    boolean quote = false;
    for (int i = 0, n = value.length(); i < n && !quote; i++) {
      char c = value.charAt(i);
      quote = c == ',' || c == '"' || c == '\n' || c == '\r';
    }
    if (!quote) {
      return sb.append(value);
    }
    sb.append('"');
    for (int i = 0, n = value.length(); i < n; i++) {
      char c = value.charAt(i);
      if (c == '"') {
        sb.append('"');
      }
      sb.append(c);
    }
    return sb.append('"');
  }

  /** Builds {@link CsvAnnotationWriter}s; {@link #build()} snapshots, so it can be reused. */
  public static final class Builder {
    private boolean keepNegatives;
    private boolean objectAttributes;

    private Builder() {}

    /**
     * Whether to add the columns {@code difficult,truncated,pose} ({@code 0}/{@code 1}, {@code 0}/
     * {@code 1}, the pose text) after the 8 standard ones, so that nothing of a VOC object is lost;
     * default false: objects with a difficult or truncated flag or a pose are reported instead.
     */
    public Builder objectAttributes(boolean objectAttributes) {
      this.objectAttributes = objectAttributes;
      return this;
    }

    /**
     * Whether to write a negative image as one row with an empty class and box ({@code
     * neg.jpg,640,480,,,,,}); default false: such images are left out and reported. Python tools
     * reading the CSV with pandas see NaN in those cells.
     */
    public Builder keepNegatives(boolean keepNegatives) {
      this.keepNegatives = keepNegatives;
      return this;
    }

    /** A writer with the current settings. */
    public CsvAnnotationWriter build() {
      return new CsvAnnotationWriter(this);
    }
  }
}
