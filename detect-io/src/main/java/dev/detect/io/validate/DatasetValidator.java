package dev.detect.io.validate;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.validate.ImageFileCheck.Result;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Checks an {@link AnnotationSet} before conversion, collecting every problem instead of stopping
 * at the first: boxes (always), image files (with {@link Builder#imageDirectory(Path)}) and labels
 * (with {@link Builder#labelMap(LabelMap)}).
 *
 * <p>Issue codes (stable; {@link ValidationIssue#code()}):
 *
 * <ul>
 *   <li>{@code box-inverted}, {@code box-zero-area}, {@code box-outside-image} (ERROR): from {@link
 *       AnnotationSet#validateBoxes()};
 *   <li>{@value #IMAGE_MISSING} (ERROR): no file for the annotation;
 *   <li>{@value #IMAGE_CORRUPT} (ERROR): the file is not a readable JPEG/PNG/GIF/BMP/WebP;
 *   <li>{@value #SIZE_MISMATCH} (ERROR): annotated width × height differ from the file's;
 *   <li>{@value #EXIF_ORIENTATION} (WARNING): EXIF orientation other than 1;
 *   <li>{@value #DEPTH_MISMATCH} (WARNING): annotated depth differs from the file's channels;
 *   <li>{@value #DUPLICATE_IMAGE} (WARNING): same bytes (SHA-256) as an earlier image;
 *   <li>{@value #PATH_ESCAPES} (ERROR): the file name leads outside the image folder ({@code ../},
 *       an absolute path, or a symbolic link to elsewhere), unless {@link
 *       Builder#allowPathsOutsideRoot(boolean)};
 *   <li>{@value #LABEL_NOT_IN_MAP} (ERROR): a label the label map does not know;
 *   <li>{@value #DUPLICATE_FILE_NAME} (WARNING): names equal ignoring case, or equal stems.
 * </ul>
 *
 * <p>Negative images (no objects) are legal: they are counted in the report, not flagged. Image
 * files are read (header and SHA-256) on {@link Builder#parallelism(int)} threads; the report does
 * not depend on the thread count. Immutable and thread-safe.
 */
public final class DatasetValidator {
  /** Code: the annotated image file does not exist. */
  public static final String IMAGE_MISSING = "image-missing";

  /** Code: the image file cannot be read or is not a supported image. */
  public static final String IMAGE_CORRUPT = "image-corrupt";

  /** Code: the annotated size differs from the image file's. */
  public static final String SIZE_MISMATCH = "size-mismatch";

  /** Code: the image has an EXIF orientation other than 1. */
  public static final String EXIF_ORIENTATION = "exif-orientation";

  /** Code: the annotated depth differs from the image's channel count. */
  public static final String DEPTH_MISMATCH = "depth-mismatch";

  /** Code: two image files have the same bytes. */
  public static final String DUPLICATE_IMAGE = "duplicate-image";

  /** Code: the image file name leads outside the image folder. */
  public static final String PATH_ESCAPES = "path-escapes";

  /** Code: a label is not in the label map. */
  public static final String LABEL_NOT_IN_MAP = "label-not-in-map";

  /** Code: two file names clash (case-insensitively, or by name without extension). */
  public static final String DUPLICATE_FILE_NAME = "duplicate-file-name";

  private final Path imageDirectory;
  private final LabelMap labelMap;
  private final int parallelism;
  private final boolean allowPathsOutsideRoot;
  private final long maxImagePixels;

  private DatasetValidator(Builder b) {
    this.allowPathsOutsideRoot = b.allowPathsOutsideRoot;
    this.maxImagePixels = b.maxImagePixels;
    this.imageDirectory = b.imageDirectory;
    this.labelMap = b.labelMap;
    this.parallelism = b.parallelism;
  }

  /** A builder with no image folder, no label map and one thread per available processor. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this validator's settings. */
  public Builder toBuilder() {
    Builder b = new Builder().parallelism(parallelism);
    b.imageDirectory = imageDirectory;
    b.labelMap = labelMap;
    b.allowPathsOutsideRoot = allowPathsOutsideRoot;
    b.maxImagePixels = maxImagePixels;
    return b;
  }

  /** The folder image file names are resolved against, if image files are checked. */
  public Optional<Path> imageDirectory() {
    return Optional.ofNullable(imageDirectory);
  }

  /** The label map labels are checked against, if any. */
  public Optional<LabelMap> labelMap() {
    return Optional.ofNullable(labelMap);
  }

  /**
   * Validates {@code set}. Problems in the data never throw: they become issues in the report.
   *
   * @throws IllegalStateException if the validating threads are interrupted
   */
  public ValidationReport validate(AnnotationSet set) {
    Objects.requireNonNull(set, "set");
    List<ValidationIssue> issues = new ArrayList<>(set.validateBoxes());
    SetChecks.fileNames(set, issues);
    if (labelMap != null) {
      SetChecks.labels(set, labelMap, issues);
    }
    int checked = 0;
    if (imageDirectory != null) {
      List<Result> results = checkFiles(set.images());
      for (Result r : results) {
        issues.addAll(r.issues());
      }
      SetChecks.duplicates(set.images(), results, issues);
      checked = results.size();
    }
    return ValidationReport.of(set, checked, issues);
  }

  private List<Result> checkFiles(List<ImageAnnotation> images) {
    ImageFileCheck check =
        new ImageFileCheck(new ImagePaths(imageDirectory, allowPathsOutsideRoot), maxImagePixels);
    int threads = Math.max(1, Math.min(parallelism, images.size()));
    if (threads == 1) {
      return images.stream().map(check::check).toList();
    }
    AtomicInteger n = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "detect-validate-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      List<Callable<Result>> tasks = new ArrayList<>(images.size());
      for (ImageAnnotation image : images) {
        tasks.add(() -> check.check(image));
      }
      List<Result> results = new ArrayList<>(images.size());
      for (Future<Result> f : pool.invokeAll(tasks)) {
        results.add(f.get());
      }
      return results;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while reading image files", e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("image check failed unexpectedly", e.getCause());
    } finally {
      pool.shutdownNow();
    }
  }

  /** Collects the settings of a {@link DatasetValidator}; {@link #build()} snapshots. */
  public static final class Builder {
    private Path imageDirectory;
    private LabelMap labelMap;
    private int parallelism = Runtime.getRuntime().availableProcessors();
    private boolean allowPathsOutsideRoot;
    private long maxImagePixels = ImageHeaders.DEFAULT_MAX_PIXELS;

    private Builder() {}

    /**
     * Whether image names may lead outside the image directory ({@code ../}, absolute paths,
     * symbolic links to elsewhere); default false: such names are {@value #PATH_ESCAPES} errors and
     * the file is not read.
     */
    public Builder allowPathsOutsideRoot(boolean allow) {
      this.allowPathsOutsideRoot = allow;
      return this;
    }

    /**
     * The largest image accepted, in pixels (width × height, from the header); larger ones are
     * {@value #IMAGE_CORRUPT} errors. Default {@link ImageHeaders#DEFAULT_MAX_PIXELS}.
     */
    public Builder maxImagePixels(long maxPixels) {
      if (maxPixels < 1) {
        throw new IllegalArgumentException("maxImagePixels must be >= 1, got " + maxPixels);
      }
      this.maxImagePixels = maxPixels;
      return this;
    }

    /**
     * Checks image files: each annotation's file name is resolved against {@code directory}, and
     * the file's existence, header (format, size, channels, EXIF orientation) and bytes (for
     * duplicates) are checked.
     */
    public Builder imageDirectory(Path directory) {
      this.imageDirectory = Objects.requireNonNull(directory, "directory");
      return this;
    }

    /** Checks that every label is in {@code labelMap} (by name or display name, as the OD API). */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
      return this;
    }

    /**
     * Sets how many threads read image files (default: available processors).
     *
     * @throws IllegalArgumentException if {@code threads < 1}
     */
    public Builder parallelism(int threads) {
      if (threads < 1) {
        throw new IllegalArgumentException("parallelism must be at least 1, got " + threads);
      }
      this.parallelism = threads;
      return this;
    }

    /** A validator with the current settings. */
    public DatasetValidator build() {
      return new DatasetValidator(this);
    }
  }
}
