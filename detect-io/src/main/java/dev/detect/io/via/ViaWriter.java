package dev.detect.io.via;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.internal.ClassNameRules;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.internal.JsonInput;
import dev.detect.io.internal.NotWrittenReport;
import dev.detect.io.internal.NotWrittenReport.Attribute;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes VGG Image Annotator (VIA) 2.x annotation JSON, which VIA's "Import annotations (from
 * json)" and {@link ViaReader} (and the seed's {@code generate_csv.py json}) read: {@code {"<file
 * name><size>": {filename, size, regions: [{shape_attributes: {name: "rect", x, y, width, height},
 * region_attributes: {class: label}}], file_attributes: {}}}}, boxes in pixels. Written atomically.
 *
 * <p>{@code size} is the image's byte size when {@link Builder#imageDirectory(Path)} is set and
 * holds the image (VIA matches entries to loaded images by file name and size), else {@code -1}.
 * Difficult and truncated flags are written as region attributes {@code difficult: "1"} and {@code
 * truncated: "1"}, and a pose other than {@code Unspecified} as {@code pose}, only when set. VIA
 * stores no image size or depth, nor the verified flag or recorded path/folder: these are reported
 * in {@link WriteResult#notWritten()} (reading back takes size and depth from the images).
 * Immutable and thread-safe.
 */
public final class ViaWriter implements AnnotationWriter {
  private static final Set<Attribute> UNSUPPORTED =
      EnumSet.of(Attribute.VERIFIED, Attribute.PATH, Attribute.FOLDER, Attribute.IMAGE_SIZE);

  private final Path imageDirectory;
  private final String classAttribute;
  private final boolean pretty;

  private ViaWriter(Builder b) {
    this.imageDirectory = b.imageDirectory;
    this.classAttribute = b.classAttribute;
    this.pretty = b.pretty;
  }

  /** A builder with the defaults: size -1, class attribute {@code class}, indented output. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this writer's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.imageDirectory = imageDirectory;
    b.classAttribute = classAttribute;
    b.pretty = pretty;
    return b;
  }

  /** The folder where image byte sizes are looked up, if set. */
  public Optional<Path> imageDirectory() {
    return Optional.ofNullable(imageDirectory);
  }

  /** The region attribute the label is written to. */
  public String classAttribute() {
    return classAttribute;
  }

  /** Whether the JSON is indented. */
  public boolean pretty() {
    return pretty;
  }

  /** Writes {@code annotations} to the JSON file {@code output}. */
  @Override
  public WriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException(
          output + " is a folder; VIA annotations are one JSON file, e.g. via_project.json");
    }
    ClassNameRules.requireWritable(
        annotations.labels(), "VIA JSON", EnumSet.of(ClassNameRules.NO_EDGE_WHITESPACE));
    AtomicFiles.write(output, out -> writeJson(out, annotations));
    List<ReadResult.Warning> notWritten =
        NotWrittenReport.of(
            annotations, UNSUPPORTED, "VIA JSON", output.toString(), "read back from images");
    return new WriteResult(
        List.of(output), annotations.size(), annotations.objectCount(), notWritten);
  }

  private void writeJson(OutputStream out, AnnotationSet set) throws IOException {
    JsonGenerator g = JsonInput.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    if (pretty) {
      g.useDefaultPrettyPrinter();
    }
    g.writeStartObject();
    for (ImageAnnotation image : set) {
      long size = byteSize(image.fileName());
      g.writeObjectFieldStart(image.fileName() + size);
      g.writeStringField("filename", image.fileName());
      g.writeNumberField("size", size);
      g.writeArrayFieldStart("regions");
      for (ObjectAnnotation object : image.objects()) {
        writeRegion(g, object);
      }
      g.writeEndArray();
      g.writeObjectFieldStart("file_attributes");
      g.writeEndObject();
      g.writeEndObject();
    }
    g.writeEndObject();
    g.writeRaw('\n');
    g.close();
  }

  private void writeRegion(JsonGenerator g, ObjectAnnotation object) throws IOException {
    PixelBox b = object.box();
    g.writeStartObject();
    g.writeObjectFieldStart("shape_attributes");
    g.writeStringField("name", "rect");
    number(g, "x", b.xmin());
    number(g, "y", b.ymin());
    number(g, "width", b.width());
    number(g, "height", b.height());
    g.writeEndObject();
    g.writeObjectFieldStart("region_attributes");
    g.writeStringField(classAttribute, object.label());
    if (object.difficult()) {
      g.writeStringField(ViaRegions.DIFFICULT, "1");
    }
    if (object.truncated()) {
      g.writeStringField(ViaRegions.TRUNCATED, "1");
    }
    if (!ObjectAnnotation.UNSPECIFIED_POSE.equals(object.pose())) {
      g.writeStringField(ViaRegions.POSE, object.pose());
    }
    g.writeEndObject();
    g.writeEndObject();
  }

  private long byteSize(String fileName) throws IOException {
    if (imageDirectory != null) {
      Path image;
      try {
        image = new ImagePaths(imageDirectory, false).resolve(fileName);
      } catch (ImagePaths.Refused e) {
        return -1; // outside the image folder: not looked at, size unknown as for a missing image
      }
      if (Files.isRegularFile(image)) {
        return Files.size(image);
      }
    }
    return -1;
  }

  private static void number(JsonGenerator g, String field, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumberField(field, (long) v);
    } else {
      g.writeNumberField(field, v);
    }
  }

  /** Builds {@link ViaWriter}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private Path imageDirectory;
    private String classAttribute = ViaReader.DEFAULT_CLASS_ATTRIBUTE;
    private boolean pretty = true;

    private Builder() {}

    /** Sets the image folder used to fill {@code size} with each image's byte size. */
    public Builder imageDirectory(Path dir) {
      this.imageDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Sets the region attribute the label goes to (default {@code class}).
     *
     * @throws IllegalArgumentException when blank or one of {@code difficult}, {@code truncated},
     *     {@code pose}
     */
    public Builder classAttribute(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()
          || Set.of(ViaRegions.DIFFICULT, ViaRegions.TRUNCATED, ViaRegions.POSE).contains(name)) {
        throw new IllegalArgumentException(
            "classAttribute must not be blank nor difficult/truncated/pose, got '" + name + "'");
      }
      this.classAttribute = name;
      return this;
    }

    /** Indents the JSON (default {@code true}; VIA files are small). */
    public Builder pretty(boolean pretty) {
      this.pretty = pretty;
      return this;
    }

    /** A writer with the current settings. */
    public ViaWriter build() {
      return new ViaWriter(this);
    }
  }
}
