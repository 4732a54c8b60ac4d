package dev.detect.io.coco;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.internal.AtomicFiles;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.ReadResult;
import dev.detect.io.WriteResult;
import dev.detect.io.internal.JsonInput;
import dev.detect.io.internal.NotWrittenReport;
import dev.detect.io.internal.NotWrittenReport.Attribute;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Writes an {@link AnnotationSet} as one COCO object-detection JSON file: {@code info}, {@code
 * licenses} (empty), {@code images} (ids 1..n in set order, file_name, width, height), {@code
 * annotations} (ids 1..m, bbox {@code [x, y, width, height]} in pixels, area = width × height,
 * {@code segmentation: []}, iscrowd) and {@code categories}. Written atomically.
 *
 * <p>Category ids come from {@link Builder#categories(List)} or {@link Builder#labelMap(LabelMap)};
 * by default the sorted labels get ids from 1. Difficult objects are written as {@code iscrowd: 1}
 * (the inverse of {@link CocoReader}; both are ignored by evaluation) unless {@link
 * Builder#difficultAsCrowd(boolean)} is off, in which case they are reported as not written. The
 * truncated flag, pose, verified flag, recorded path/folder and a depth other than 3 cannot be
 * stored and are reported in {@link WriteResult#notWritten()}. Immutable and thread-safe.
 */
public final class CocoWriter implements AnnotationWriter {
  private final List<CocoCategory> categories;
  private final boolean pretty;
  private final boolean difficultAsCrowd;

  private CocoWriter(Builder b) {
    this.categories = b.categories;
    this.pretty = b.pretty;
    this.difficultAsCrowd = b.difficultAsCrowd;
  }

  /** A builder with the defaults: sorted labels from id 1, compact output, difficult as crowd. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this writer's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.categories = categories;
    b.pretty = pretty;
    b.difficultAsCrowd = difficultAsCrowd;
    return b;
  }

  /** The categories to write, if set; else the sorted labels of each set, ids from 1. */
  public Optional<List<CocoCategory>> categories() {
    return Optional.ofNullable(categories);
  }

  /** Whether the JSON is indented. */
  public boolean pretty() {
    return pretty;
  }

  /** Whether difficult objects are written as {@code iscrowd: 1}. */
  public boolean difficultAsCrowd() {
    return difficultAsCrowd;
  }

  /**
   * Writes {@code annotations} to the JSON file {@code output}.
   *
   * @throws IllegalArgumentException when a label has no category, or {@code output} is a folder
   */
  @Override
  public WriteResult write(AnnotationSet annotations, Path output) throws IOException {
    Objects.requireNonNull(annotations, "annotations");
    Objects.requireNonNull(output, "output");
    if (Files.isDirectory(output)) {
      throw new IllegalArgumentException(
          output + " is a folder; COCO annotations are one JSON file, e.g. annotations.json");
    }
    List<CocoCategory> cats = categories != null ? categories : defaultCategories(annotations);
    Map<String, Integer> ids = idsByName(cats, annotations);
    AtomicFiles.write(output, out -> writeJson(out, annotations, cats, ids));
    Set<Attribute> unsupported =
        EnumSet.of(
            Attribute.TRUNCATED,
            Attribute.POSE,
            Attribute.VERIFIED,
            Attribute.PATH,
            Attribute.FOLDER,
            Attribute.DEPTH);
    if (!difficultAsCrowd) {
      unsupported.add(Attribute.DIFFICULT);
    }
    List<ReadResult.Warning> notWritten =
        NotWrittenReport.of(annotations, unsupported, "COCO JSON", output.toString(), "");
    return new WriteResult(
        List.of(output), annotations.size(), annotations.objectCount(), notWritten);
  }

  private void writeJson(
      OutputStream out, AnnotationSet set, List<CocoCategory> cats, Map<String, Integer> ids)
      throws IOException {
    JsonGenerator g = JsonInput.MAPPER.getFactory().createGenerator(out, JsonEncoding.UTF8);
    g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    if (pretty) {
      g.useDefaultPrettyPrinter();
    }
    g.writeStartObject();
    g.writeObjectFieldStart("info");
    g.writeStringField("description", "written by detect (dev.detect.io.coco.CocoWriter)");
    g.writeEndObject();
    g.writeArrayFieldStart("licenses");
    g.writeEndArray();
    g.writeArrayFieldStart("images");
    int imageId = 0;
    for (ImageAnnotation image : set) {
      g.writeStartObject();
      g.writeNumberField("id", ++imageId);
      g.writeStringField("file_name", image.fileName());
      g.writeNumberField("width", image.width());
      g.writeNumberField("height", image.height());
      g.writeEndObject();
    }
    g.writeEndArray();
    writeAnnotations(g, set, ids);
    g.writeArrayFieldStart("categories");
    for (CocoCategory c : cats) {
      g.writeStartObject();
      g.writeNumberField("id", c.id());
      g.writeStringField("name", c.name());
      if (c.supercategory().isPresent()) {
        g.writeStringField("supercategory", c.supercategory().get());
      }
      g.writeEndObject();
    }
    g.writeEndArray();
    g.writeEndObject();
    g.writeRaw('\n');
    g.close();
  }

  private void writeAnnotations(JsonGenerator g, AnnotationSet set, Map<String, Integer> ids)
      throws IOException {
    g.writeArrayFieldStart("annotations");
    int imageId = 0;
    int annotationId = 0;
    for (ImageAnnotation image : set) {
      imageId++;
      for (ObjectAnnotation object : image.objects()) {
        PixelBox b = object.box();
        g.writeStartObject();
        g.writeNumberField("id", ++annotationId);
        g.writeNumberField("image_id", imageId);
        g.writeNumberField("category_id", ids.get(object.label()));
        g.writeArrayFieldStart("bbox");
        number(g, b.xmin());
        number(g, b.ymin());
        number(g, b.width());
        number(g, b.height());
        g.writeEndArray();
        g.writeFieldName("area");
        number(g, b.area());
        g.writeArrayFieldStart("segmentation");
        g.writeEndArray();
        g.writeNumberField("iscrowd", difficultAsCrowd && object.difficult() ? 1 : 0);
        g.writeEndObject();
      }
    }
    g.writeEndArray();
  }

  /** Integral values as integers (as COCO tools write pixel boxes), others as doubles. */
  private static void number(JsonGenerator g, double v) throws IOException {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      g.writeNumber((long) v);
    } else {
      g.writeNumber(v);
    }
  }

  private static List<CocoCategory> defaultCategories(AnnotationSet set) {
    List<CocoCategory> cats = new ArrayList<>();
    int id = 1;
    for (String label : set.labels()) {
      cats.add(CocoCategory.of(id++, label));
    }
    return cats;
  }

  private static Map<String, Integer> idsByName(List<CocoCategory> cats, AnnotationSet set) {
    Map<String, Integer> ids = new HashMap<>();
    for (CocoCategory c : cats) {
      ids.putIfAbsent(c.name(), c.id());
    }
    List<String> missing = set.labels().stream().filter(l -> !ids.containsKey(l)).toList();
    if (!missing.isEmpty()) {
      throw new IllegalArgumentException(
          "labels " + missing + " have no COCO category; add them to the categories or label map");
    }
    return ids;
  }

  /** Builds {@link CocoWriter}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private List<CocoCategory> categories;
    private boolean pretty;
    private boolean difficultAsCrowd = true;

    private Builder() {}

    /**
     * Sets the categories written, in order, with their ids and supercategories (e.g. those of
     * {@link CocoReader#readCategories(Path)}, for a faithful round trip). Every label must be the
     * name of one.
     *
     * @throws IllegalArgumentException on duplicate ids or names
     */
    public Builder categories(List<CocoCategory> newCategories) {
      List<CocoCategory> copy = List.copyOf(newCategories);
      Set<Integer> seenIds = new HashSet<>();
      Set<String> seenNames = new HashSet<>();
      for (CocoCategory c : copy) {
        if (!seenIds.add(c.id()) || !seenNames.add(c.name())) {
          throw new IllegalArgumentException("duplicate category id or name: " + c);
        }
      }
      this.categories = copy;
      return this;
    }

    /**
     * Sets the categories from a label map: its items in order, ids kept, each named by the item's
     * {@code name} (its {@code display_name} when the name is empty, as in label maps written by
     * {@code generate_pbtxt.py}), no supercategory (a background item with id 0 is left out).
     */
    public Builder labelMap(LabelMap labelMap) {
      Objects.requireNonNull(labelMap, "labelMap");
      List<CocoCategory> cats = new ArrayList<>();
      for (LabelMap.Item item : labelMap.items()) {
        if (item.id() > 0) {
          String name =
              item.name().isBlank() ? item.displayName().orElse(item.name()) : item.name();
          cats.add(CocoCategory.of(item.id(), name));
        }
      }
      return categories(cats);
    }

    /** Indents the JSON (default {@code false}: compact, as large COCO files usually are). */
    public Builder pretty(boolean pretty) {
      this.pretty = pretty;
      return this;
    }

    /**
     * With {@code true} (default), difficult objects get {@code iscrowd: 1}, as {@link CocoReader}
     * reads it back; with {@code false} every object gets {@code iscrowd: 0} and difficult flags
     * are reported as not written.
     */
    public Builder difficultAsCrowd(boolean difficultAsCrowd) {
      this.difficultAsCrowd = difficultAsCrowd;
      return this;
    }

    /** A writer with the current settings. */
    public CocoWriter build() {
      return new CocoWriter(this);
    }
  }
}
