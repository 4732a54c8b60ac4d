package dev.detect.io.yolo;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.internal.ClassNameRules;
import dev.detect.io.internal.ImageSizes;
import dev.detect.io.internal.NotWrittenReport;
import dev.detect.io.internal.NotWrittenReport.Attribute;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes YOLO txt annotations as labelImg does: one {@code <image base name>.txt} per image (empty
 * for a negative image) with lines {@code "%d %.6f %.6f %.6f %.6f"} = class index (0-based), box
 * centre x, centre y, width, height normalized by the image size, plus {@code classes.txt} (one
 * name per line) in the same folder. Every file is written atomically.
 *
 * <p>YOLO cannot store the difficult/truncated flags, pose, verified flag, recorded path/folder,
 * nor the image size and depth (the reader takes those from the image files): each is reported
 * once, with a count, in {@link WriteResult#notWritten()}. Boxes reaching outside the image by more
 * than 1e-6 of its size are clipped to it (YOLO values must lie in {@code [0, 1]}) and reported the
 * same way. Immutable and thread-safe.
 */
public final class YoloWriter implements AnnotationWriter {
  /** The class-name file written beside the labels, as labelImg names it. */
  public static final String CLASSES_FILE = "classes.txt";

  private static final Set<Attribute> UNSUPPORTED =
      EnumSet.complementOf(EnumSet.of(Attribute.DEPTH));

  private static final double EDGE_SLACK = 1e-6;

  private final List<String> classNames;

  private YoloWriter(Builder b) {
    this.classNames = b.classNames;
  }

  /** A builder with the defaults: class list = the sorted labels of the written set. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this writer's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.classNames = classNames;
    return b;
  }

  /** The class list (index = position), if set; else the sorted labels of each set written. */
  public Optional<List<String>> classNames() {
    return Optional.ofNullable(classNames);
  }

  /**
   * Writes one label file per image and {@code classes.txt} into the folder {@code output}.
   *
   * @throws IllegalArgumentException when a label is not in {@link Builder#classNames(List)}, or
   *     two images share a base name (their label files would collide)
   */
  @Override
  public WriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    List<String> classes = classNames != null ? classNames : new ArrayList<>(annotations.labels());
    ClassNameRules.requireWritable(
        classes,
        "YOLO " + CLASSES_FILE,
        EnumSet.of(ClassNameRules.NO_LINE_BREAKS, ClassNameRules.NO_EDGE_WHITESPACE));
    Map<String, Integer> index = indexOf(classes, annotations);
    Map<String, String> labelFiles = labelFileNames(annotations);
    List<Path> files = new ArrayList<>();
    List<String> clipped = new ArrayList<>();
    int objects = 0;
    for (ImageAnnotation image : annotations) {
      StringBuilder text = new StringBuilder();
      for (ObjectAnnotation object : image.objects()) {
        appendLine(text, index.get(object.label()), object.box(), image, clipped);
        objects++;
      }
      Path file = output.resolve(labelFiles.get(image.fileName()));
      AtomicFiles.writeString(file, text.toString());
      files.add(file);
    }
    Path classesFile = output.resolve(CLASSES_FILE);
    AtomicFiles.writeString(
        classesFile, String.join("\n", classes) + (classes.isEmpty() ? "" : "\n"));
    files.add(classesFile);
    List<ReadResult.Warning> notWritten =
        new ArrayList<>(
            NotWrittenReport.of(
                annotations, UNSUPPORTED, "YOLO txt", output.toString(), "read back from images"));
    if (!clipped.isEmpty()) {
      notWritten.add(
          new ReadResult.Warning(
              output.toString(),
              clipped.size()
                  + " boxes reaching outside their image were clipped to it (YOLO values lie in"
                  + " [0, 1]): "
                  + String.join("; ", clipped.subList(0, Math.min(5, clipped.size())))
                  + (clipped.size() > 5 ? "; …" : "")));
    }
    return new WriteResult(files, annotations.size(), objects, notWritten);
  }

  private static void appendLine(
      StringBuilder text,
      int classIndex,
      PixelBox box,
      ImageAnnotation image,
      List<String> clipped) {
    double w = image.width();
    double h = image.height();
    PixelBox b = box;
    // Overshoot below the format's 1e-6 precision is rounding noise, not worth a report.
    double ex = EDGE_SLACK * w;
    double ey = EDGE_SLACK * h;
    if (box.xmin() < -ex || box.ymin() < -ey || box.xmax() > w + ex || box.ymax() > h + ey) {
      b = box.clipTo(w, h);
      clipped.add(image.fileName() + " " + box);
    }
    text.append(
        String.format(
            Locale.ROOT,
            "%d %.6f %.6f %.6f %.6f\n",
            classIndex,
            b.centerX() / w,
            b.centerY() / h,
            b.width() / w,
            b.height() / h));
  }

  private static Map<String, Integer> indexOf(List<String> classes, AnnotationSet annotations) {
    Map<String, Integer> index = new HashMap<>();
    for (int i = 0; i < classes.size(); i++) {
      index.put(classes.get(i), i);
    }
    List<String> missing = new ArrayList<>();
    for (String label : annotations.labels()) {
      if (!index.containsKey(label)) {
        missing.add(label);
      }
    }
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "labels "
              + missing
              + " are not in the class list "
              + classes
              + "; add them to classNames");
    }
    return index;
  }

  private static Map<String, String> labelFileNames(AnnotationSet annotations) {
    Map<String, String> byImage = new HashMap<>();
    Map<String, String> byLabelFile = new HashMap<>();
    for (ImageAnnotation image : annotations) {
      String txt = ImageSizes.baseName(image.fileName()) + ".txt";
      String other = byLabelFile.putIfAbsent(txt, image.fileName());
      if (other != null || txt.equals(CLASSES_FILE)) {
        throw new IllegalArgumentException(
            "images '"
                + (other == null ? CLASSES_FILE : other)
                + "' and '"
                + image.fileName()
                + "' would both be written to "
                + txt
                + "; rename one of them");
      }
      byImage.put(image.fileName(), txt);
    }
    return byImage;
  }

  /** Builds {@link YoloWriter}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private List<String> classNames;

    private Builder() {}

    /**
     * Sets the class list: the class index written is the label's 0-based position in it. Every
     * label of a written set must be in it. Default: the set's labels sorted by {@link
     * String#compareTo}.
     *
     * @throws IllegalArgumentException on a blank or duplicate name
     */
    public Builder classNames(List<String> names) {
      List<String> copy = List.copyOf(names);
      if (copy.stream().anyMatch(String::isBlank) || Set.copyOf(copy).size() != copy.size()) {
        throw new IllegalArgumentException("class names must be unique and not blank: " + copy);
      }
      this.classNames = copy;
      return this;
    }

    /** A writer with the current settings. */
    public YoloWriter build() {
      return new YoloWriter(this);
    }
  }
}
