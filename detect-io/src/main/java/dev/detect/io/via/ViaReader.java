package dev.detect.io.via;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.internal.ImageSizes;
import dev.detect.io.internal.JsonInput;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Reads VGG Image Annotator (VIA) JSON, the input of the seed's {@code generate_csv.py json}: an
 * object of image entries keyed {@code filename + size}, each {@code {filename, size, regions,
 * file_attributes}}, where each region has {@code shape_attributes} ({@code name: "rect", x, y,
 * width, height} in pixels) and {@code region_attributes} holding the class. Accepted layouts: VIA
 * 1.x ({@code regions} as an object keyed "0", "1", …), VIA 2.x ({@code regions} as a list) and a
 * VIA 2 project file (entries under {@code _via_img_metadata}).
 *
 * <ul>
 *   <li>VIA stores no image size: every image must exist in the {@linkplain
 *       ReaderOptions#imageDirectory() image folder} (default: the JSON's folder); its size is read
 *       from its header, as displayed (EXIF rotation applied, as the browser shows it to the
 *       annotator), and its depth is its channel count. A missing image is an error, or a warning
 *       with {@link Builder#skipMissingImages(boolean)}.
 *   <li>{@code polygon}, {@code polyline}, {@code circle} and {@code ellipse} regions become their
 *       bounding box, with one warning counting them; {@code point} and unknown shapes are errors.
 *       With {@link Builder#convertShapes(boolean) convertShapes(false)} only {@code rect} is
 *       accepted.
 *   <li>Region attributes {@code difficult}, {@code truncated} (0/1, true/false, yes/no) and {@code
 *       pose}, as {@link ViaWriter} writes them, set the object flags.
 *   <li>An entry with no regions is a negative image; entries keep the file order.
 * </ul>
 *
 * <p>Immutable and thread-safe.
 */
public final class ViaReader implements AnnotationReader {
  /** The default class attribute, as {@code generate_csv.py} reads it. */
  public static final String DEFAULT_CLASS_ATTRIBUTE = "class";

  private final ReaderOptions options;
  private final String classAttribute;
  private final boolean skipMissingImages;
  private final boolean convertShapes;

  private ViaReader(Builder b) {
    this.options = b.options;
    this.classAttribute = b.classAttribute;
    this.skipMissingImages = b.skipMissingImages;
    this.convertShapes = b.convertShapes;
  }

  /** A builder with the defaults: images beside the JSON, class attribute {@code class}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this reader's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.options = options;
    b.classAttribute = classAttribute;
    b.skipMissingImages = skipMissingImages;
    b.convertShapes = convertShapes;
    return b;
  }

  /**
   * The shared reader settings; its image folder, if set, holds the images, else the folder of the
   * JSON file read.
   */
  public ReaderOptions options() {
    return options;
  }

  /** The region attribute holding the class name. */
  public String classAttribute() {
    return classAttribute;
  }

  /** Whether a missing image is skipped with a warning rather than an error. */
  public boolean skipMissingImages() {
    return skipMissingImages;
  }

  /** Whether non-rect shapes are converted to their bounding box. */
  public boolean convertShapes() {
    return convertShapes;
  }

  /**
   * Reads one VIA JSON file.
   *
   * @throws DatasetFormatException at line:column for a JSON syntax error; naming the image and
   *     region index for a region without the class attribute or with a bad shape; naming the image
   *     for a missing image file or a duplicate file name
   */
  @Override
  public ReadResult read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    JsonNode metadata = metadata(file, parse(file));
    ImagePaths paths =
        new ImagePaths(
            options.imageDirectory().orElse(file.toAbsolutePath().getParent()),
            options.allowPathsOutsideRoot());
    ViaRegions regions = new ViaRegions(file, classAttribute, convertShapes);
    List<ImageAnnotation> images = new ArrayList<>();
    List<ReadResult.Warning> warnings = new ArrayList<>();
    Map<String, String> keyByName = new HashMap<>();
    for (Map.Entry<String, JsonNode> entry : metadata.properties()) {
      String where = "image entry \"" + entry.getKey() + "\"";
      JsonNode value = entry.getValue();
      if (!value.isObject()
          || !value.path("filename").isTextual()
          || value.get("filename").asText().isBlank()) {
        throw regions.error(where, "expected an object with a 'filename'; is this a VIA export?");
      }
      String name = value.get("filename").asText();
      where = "image '" + name + "'";
      String other = keyByName.putIfAbsent(name, entry.getKey());
      if (other != null) {
        throw regions.error(
            where,
            "listed twice (entries \""
                + other
                + "\" and \""
                + entry.getKey()
                + "\"); merge their regions into one entry");
      }
      Path image;
      try {
        image = paths.resolve(name);
      } catch (ImagePaths.Refused e) {
        throw regions.error(
            where, e.getMessage() + " (or allowPathsOutsideRoot(true), --allow-outside-root)");
      }
      if (!Files.isRegularFile(image)) {
        String message =
            "image file "
                + image
                + " not found; VIA stores no image size, so it is"
                + " read from the image";
        if (!skipMissingImages) {
          throw regions.error(
              where,
              message
                  + ": give the image folder (ReaderOptions.builder().imageDirectory(dir), --images"
                  + " DIR on the command line) or, from Java, skip such images with"
                  + " skipMissingImages(true)");
        }
        warnings.add(new ReadResult.Warning(file.toString(), where + ": " + message + "; skipped"));
        continue;
      }
      ImageSizes.Displayed size = ImageSizes.read(image);
      images.add(
          ImageAnnotation.builder(name, size.width(), size.height())
              .depth(size.channels())
              .objects(regions.objects(where, name, value.get("regions")))
              .build());
    }
    if (!regions.converted.isEmpty()) {
      warnings.add(
          new ReadResult.Warning(
              file.toString(),
              "regions converted to their bounding box: "
                  + regions.converted
                  + " in "
                  + regions.convertedImages.size()
                  + " images "
                  + regions.convertedImages.subList(
                      0, Math.min(5, regions.convertedImages.size()))));
    }
    return new ReadResult(AnnotationSet.of(images), warnings, 1);
  }

  private static JsonNode parse(Path file) throws IOException {
    try {
      return JsonInput.MAPPER.readTree(file.toFile());
    } catch (JsonProcessingException e) {
      throw JsonInput.syntaxError(file, e);
    }
  }

  /** The image entries: the root, or {@code _via_img_metadata} of a VIA 2 project. */
  private static JsonNode metadata(Path file, JsonNode root) throws DatasetFormatException {
    if (root == null || !root.isObject()) {
      throw new DatasetFormatException(file, "a VIA file is a JSON object of image entries");
    }
    if (root.has("_via_img_metadata")) {
      return root.get("_via_img_metadata");
    }
    if (root.has("project") && root.has("file") && root.has("metadata")) {
      throw new DatasetFormatException(
          file,
          "VIA 3 project files are not supported; export the"
              + " annotations as VIA 2 JSON (or COCO) from VIA");
    }
    if (root.has("images") && root.has("annotations")) {
      throw new DatasetFormatException(file, "this is COCO JSON, not VIA: use CocoReader");
    }
    return root;
  }

  /** Builds {@link ViaReader}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private ReaderOptions options = ReaderOptions.defaults();
    private String classAttribute = DEFAULT_CLASS_ATTRIBUTE;
    private boolean skipMissingImages;
    private boolean convertShapes = true;

    private Builder() {}

    /**
     * Sets the shared reader settings (default {@link ReaderOptions#defaults()}): {@linkplain
     * ReaderOptions#imageDirectory() the folder holding the images} (default: the folder of the
     * JSON file) and {@linkplain ReaderOptions#allowPathsOutsideRoot() whether} image file names
     * may lead outside it ({@code ../}, absolute paths, symbolic links to elsewhere; by default
     * such a name is an error and nothing is read). The class-name file is ignored: VIA names its
     * classes in the {@linkplain #classAttribute(String) class attribute}.
     */
    public Builder options(ReaderOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** Sets the region attribute holding the class name (default {@code class}). */
    public Builder classAttribute(String name) {
      Objects.requireNonNull(name, "name");
      if (name.isBlank()) {
        throw new IllegalArgumentException("classAttribute must not be blank");
      }
      this.classAttribute = name;
      return this;
    }

    /** With {@code true}, an entry whose image is missing is skipped with a warning. */
    public Builder skipMissingImages(boolean skip) {
      this.skipMissingImages = skip;
      return this;
    }

    /**
     * With {@code true} (default), polygon, polyline, circle and ellipse regions become their
     * bounding box (counted in a warning); with {@code false} they are errors.
     */
    public Builder convertShapes(boolean convert) {
      this.convertShapes = convert;
      return this;
    }

    /** A reader with the current settings. */
    public ViaReader build() {
      return new ViaReader(this);
    }
  }
}
