package dev.detect.io.coco;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.internal.ImageSizes;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Reads COCO object-detection JSON ({@code instances_*.json}, Roboflow {@code
 * _annotations.coco.json}): {@code images} (id, file_name, width, height), {@code annotations}
 * (image_id, category_id, bbox {@code [x, y, width, height]} in pixels from the top-left corner,
 * iscrowd) and {@code categories} (id, name, supercategory).
 *
 * <ul>
 *   <li>Labels are category names; category ids may start at 0 and have gaps. Use {@link
 *       #readCategories(Path)} and {@link CocoCategory#toLabelMap} to keep the file's ids.
 *   <li>Images keep the file order; objects keep the annotation order. An image with no annotation
 *       is a negative image.
 *   <li>{@code iscrowd: 1} becomes {@code difficult = true} (both mean "ignored by evaluation"),
 *       with one warning giving the count; {@link CocoWriter} maps it back.
 *   <li>{@code segmentation}, {@code keypoints} and {@code area} are not read; a warning counts the
 *       annotations whose non-empty segmentation or keypoints were ignored.
 *   <li>COCO stores no channel count: depth is 3.
 * </ul>
 *
 * <p>Spec: <a href="https://cocodataset.org/#format-data">cocodataset.org/#format-data</a>.
 * Immutable and thread-safe.
 */
public final class CocoReader implements AnnotationReader {
  private static final Set<String> ALL = Set.of("images", "annotations", "categories");

  private final ReaderOptions options;

  private CocoReader(Builder b) {
    this.options = b.options;
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this reader's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.options = options;
    return b;
  }

  /**
   * The shared reader settings; its image folder, if set, is where images lacking width/height are
   * measured.
   */
  public ReaderOptions options() {
    return options;
  }

  /**
   * Reads one COCO JSON file.
   *
   * @throws DatasetFormatException at line:column for a JSON syntax error, or naming the element
   *     (e.g. {@code annotations[17] (id 17)}) for an unknown image_id or category_id, a malformed
   *     bbox, a duplicate id or file name, or a missing image size
   */
  @Override
  public ReadResult read(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    CocoJson.Parsed parsed = CocoJson.parse(file, ALL);
    if (!parsed.hasImages || !parsed.hasCategories) {
      throw new DatasetFormatException(
          file,
          "no '"
              + (parsed.hasImages ? "categories" : "images")
              + "' array: not a COCO detection file (VIA JSON? use ViaReader)");
    }
    Map<Long, CocoCategory> categories = categoriesById(parsed.categories);
    Map<Long, ImageAnnotation.Builder> images = images(file, parsed.images);
    int crowd = 0;
    int segmented = 0;
    for (CocoJson.RawAnnotation a : parsed.annotations) {
      ImageAnnotation.Builder image = images.get(a.imageId());
      if (image == null) {
        throw a.where()
            .error("image_id " + a.imageId() + " is not the id of any entry of 'images'");
      }
      CocoCategory category = categories.get(a.categoryId());
      if (category == null) {
        throw a.where()
            .error("category_id " + a.categoryId() + " is not the id of any entry of 'categories'");
      }
      double[] b = a.bbox();
      image.addObject(
          new ObjectAnnotation(
              category.name(),
              PixelBox.ofXywh(b[0], b[1], b[2], b[3]),
              a.crowd(),
              false,
              ObjectAnnotation.UNSPECIFIED_POSE));
      crowd += a.crowd() ? 1 : 0;
      segmented += a.hasSegmentation() ? 1 : 0;
    }
    return result(images, warnings(file, crowd, segmented, parsed.categories));
  }

  /**
   * The categories of a COCO file in id order, e.g. to build a label map with the file's ids
   * ({@link CocoCategory#toLabelMap}) or to write them back ({@link
   * CocoWriter.Builder#categories(List)}).
   *
   * @throws DatasetFormatException for a syntax error, a missing {@code categories} array, a
   *     malformed entry or a duplicate id
   */
  public static List<CocoCategory> readCategories(Path file) throws IOException {
    Objects.requireNonNull(file, "file");
    CocoJson.Parsed parsed = CocoJson.parse(file, Set.of("categories"));
    if (!parsed.hasCategories) {
      throw new DatasetFormatException(file, "no 'categories' array: not a COCO detection file");
    }
    return categoriesById(parsed.categories).values().stream()
        .sorted((x, y) -> Integer.compare(x.id(), y.id()))
        .toList();
  }

  private static Map<Long, CocoCategory> categoriesById(List<CocoJson.RawCategory> raw)
      throws DatasetFormatException {
    Map<Long, CocoCategory> byId = new LinkedHashMap<>();
    for (CocoJson.RawCategory c : raw) {
      CocoCategory previous = byId.putIfAbsent((long) c.category().id(), c.category());
      if (previous != null) {
        throw c.where()
            .error(
                "category id "
                    + c.category().id()
                    + " is already used by '"
                    + previous.name()
                    + "'");
      }
    }
    return byId;
  }

  private Map<Long, ImageAnnotation.Builder> images(Path file, List<CocoJson.RawImage> raw)
      throws IOException {
    Map<Long, ImageAnnotation.Builder> images = new LinkedHashMap<>();
    Map<String, Long> idByName = new HashMap<>();
    ImagePaths paths =
        new ImagePaths(
            options.imageDirectory().orElse(file.toAbsolutePath().getParent()),
            options.allowPathsOutsideRoot());
    for (CocoJson.RawImage image : raw) {
      Long other = idByName.putIfAbsent(image.fileName(), image.id());
      if (other != null) {
        throw image.where().error("file_name '" + image.fileName() + "' is also image id " + other);
      }
      Path imageFile = imagePath(paths, image);
      int width = image.width();
      int height = image.height();
      if (width == 0 || height == 0) {
        if (options.imageDirectory().isEmpty()) {
          throw image
              .where()
              .error(
                  "no width/height for '"
                      + image.fileName()
                      + "'; add them or give the image folder (ReaderOptions.builder().imageDirectory(dir),"
                      + " --images DIR on the command line) to measure"
                      + " the images");
        }
        ImageSizes.Displayed size = ImageSizes.read(imageFile);
        width = size.width();
        height = size.height();
      }
      if (images.put(image.id(), ImageAnnotation.builder(image.fileName(), width, height))
          != null) {
        throw image.where().error("image id " + image.id() + " appears twice");
      }
    }
    return images;
  }

  /** The image file, refusing a file_name that leads outside the image folder unless allowed. */
  private static Path imagePath(ImagePaths paths, CocoJson.RawImage image)
      throws DatasetFormatException {
    try {
      return paths.resolve(image.fileName());
    } catch (ImagePaths.Refused e) {
      throw image
          .where()
          .error(
              "file_name: "
                  + e.getMessage()
                  + " (or allowPathsOutsideRoot(true), --allow-outside-root)");
    }
  }

  private static List<ReadResult.Warning> warnings(
      Path file, int crowd, int segmented, List<CocoJson.RawCategory> categories) {
    List<ReadResult.Warning> warnings = new ArrayList<>();
    String source = file.toString();
    if (crowd > 0) {
      warnings.add(
          new ReadResult.Warning(
              source,
              crowd + " iscrowd annotations read as difficult objects (ignored by evaluation)"));
    }
    if (segmented > 0) {
      warnings.add(
          new ReadResult.Warning(
              source,
              "segmentation/keypoints of "
                  + segmented
                  + " annotations ignored; only bbox is read"));
    }
    Map<String, Integer> names = new HashMap<>();
    for (CocoJson.RawCategory c : categories) {
      Integer other = names.putIfAbsent(c.category().name(), c.category().id());
      if (other != null) {
        warnings.add(
            new ReadResult.Warning(
                source,
                "categories "
                    + other
                    + " and "
                    + c.category().id()
                    + " are both named '"
                    + c.category().name()
                    + "': their objects share one label"));
      }
    }
    return warnings;
  }

  private static ReadResult result(
      Map<Long, ImageAnnotation.Builder> images, List<ReadResult.Warning> warnings) {
    List<ImageAnnotation> built = new ArrayList<>(images.size());
    for (ImageAnnotation.Builder b : images.values()) {
      built.add(b.build());
    }
    return new ReadResult(AnnotationSet.of(built), warnings, 1);
  }

  /** Builds {@link CocoReader}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private ReaderOptions options = ReaderOptions.defaults();

    private Builder() {}

    /**
     * Sets the shared reader settings (default {@link ReaderOptions#defaults()}): {@linkplain
     * ReaderOptions#imageDirectory() the image folder} ({@code file_name} is resolved against it),
     * only used for images whose width or height is missing from the JSON, without it such an image
     * is an error; and {@linkplain ReaderOptions#allowPathsOutsideRoot() whether} image file names
     * may lead outside the image folder (else the JSON file's folder): {@code ../}, absolute paths,
     * symbolic links to elsewhere; by default such a {@code file_name} is an error naming the image
     * entry, whether or not the image is read. The class-name file is ignored: COCO names its
     * categories.
     */
    public Builder options(ReaderOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** A reader with the current settings. */
    public CocoReader build() {
      return new CocoReader(this);
    }
  }
}
