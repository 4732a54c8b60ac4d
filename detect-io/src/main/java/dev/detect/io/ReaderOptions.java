package dev.detect.io;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The settings every annotation reader shares: where the images are, whether annotations may name
 * images outside that folder, and the class-name file of formats that store class indexes.
 *
 * <p>One value is given to any reader's builder ({@code VocReader.builder().options(options)},
 * {@code YoloReader.builder().options(options)}, …), to {@link AnnotationFormat#reader} or to
 * {@link AnnotationReaders#read(Path, ReaderOptions)}; a setting a format has no use for is
 * ignored. Immutable and thread-safe.
 *
 * <pre>{@code
 * ReaderOptions options =
 *     ReaderOptions.builder().imageDirectory(Path.of("images")).allowPathsOutsideRoot(true).build();
 * }</pre>
 */
public final class ReaderOptions {
  private static final ReaderOptions DEFAULTS = new Builder().build();

  private final Path imageDirectory;
  private final boolean allowPathsOutsideRoot;
  private final Path classNames;

  private ReaderOptions(Builder b) {
    this.imageDirectory = b.imageDirectory;
    this.allowPathsOutsideRoot = b.allowPathsOutsideRoot;
    this.classNames = b.classNames;
  }

  /**
   * The defaults: images looked up where each format puts them by default, no image outside that
   * folder, class names found beside the labels.
   */
  public static ReaderOptions defaults() {
    return DEFAULTS;
  }

  /** A builder with the {@linkplain #defaults() defaults}. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding these settings, to derive a variant. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.imageDirectory = imageDirectory;
    b.allowPathsOutsideRoot = allowPathsOutsideRoot;
    b.classNames = classNames;
    return b;
  }

  /**
   * The folder the annotations' image file names are relative to, if set; by default each format
   * uses the folder of the annotation file (see {@link Builder#imageDirectory(Path)}).
   */
  public Optional<Path> imageDirectory() {
    return Optional.ofNullable(imageDirectory);
  }

  /**
   * Whether annotations may name images outside the image folder ({@code ../}, absolute paths,
   * symbolic links to elsewhere); false by default.
   */
  public boolean allowPathsOutsideRoot() {
    return allowPathsOutsideRoot;
  }

  /**
   * The YOLO class-name file, if set; by default it is looked for beside the labels (see {@link
   * Builder#classNames(Path)}).
   */
  public Optional<Path> classNames() {
    return Optional.ofNullable(classNames);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ReaderOptions other
        && Objects.equals(imageDirectory, other.imageDirectory)
        && allowPathsOutsideRoot == other.allowPathsOutsideRoot
        && Objects.equals(classNames, other.classNames);
  }

  @Override
  public int hashCode() {
    return Objects.hash(imageDirectory, allowPathsOutsideRoot, classNames);
  }

  @Override
  public String toString() {
    return "ReaderOptions{imageDirectory="
        + imageDirectory()
        + ", allowPathsOutsideRoot="
        + allowPathsOutsideRoot
        + ", classNames="
        + classNames()
        + "}";
  }

  /** Builds {@link ReaderOptions}; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private Path imageDirectory;
    private boolean allowPathsOutsideRoot;
    private Path classNames;

    private Builder() {}

    /**
     * Sets the folder holding the images, against which the annotations' image file names are
     * resolved. Defaults: VOC, the folder of each XML file (used when an XML lacks {@code <size>});
     * YOLO, the label folder (or the sibling {@code images/} of an Ultralytics {@code labels/}
     * folder), or for a darknet list the list file's folder; COCO, the JSON file's folder (images
     * are only read when an entry lacks its width or height); VIA, the JSON file's folder. CSV and
     * TFRecord ignore it (CSV rows carry the size, TFRecords the image).
     */
    public Builder imageDirectory(Path dir) {
      this.imageDirectory = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * With {@code true}, annotations may name images outside the image folder: {@code ../},
     * absolute paths and symbolic links leading elsewhere are followed. By default (false) such a
     * name is an error naming the file and entry (VOC {@code <filename>}, COCO {@code file_name},
     * VIA {@code filename}) whether or not the image is read, or, for a YOLO image, a missing image
     * with the reason.
     */
    public Builder allowPathsOutsideRoot(boolean allow) {
      this.allowPathsOutsideRoot = allow;
      return this;
    }

    /**
     * Sets the YOLO class-name file: {@code classes.txt} / {@code obj.names} (one name per line,
     * line {@code i} is class index {@code i}, 0-based) or an Ultralytics {@code data.yaml} with a
     * {@code names:} list. By default the YOLO reader looks for {@code classes.txt}, {@code
     * obj.names}, {@code data.yaml} next to the labels (the folder, or the list file's folder) and
     * then in their parent folder. Ignored by the formats that carry their class names (VOC, CSV,
     * COCO, VIA, TFRecord).
     */
    public Builder classNames(Path file) {
      this.classNames = Objects.requireNonNull(file, "file");
      return this;
    }

    /** The options with the current settings. */
    public ReaderOptions build() {
      return new ReaderOptions(this);
    }
  }
}
