package dev.detect.io.yolo;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import dev.detect.io.internal.ImageSizes;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

/**
 * Reads YOLO txt annotations (labelImg, darknet/Yolo_mark, Ultralytics): one {@code <image base
 * name>.txt} per image with lines {@code class cx cy w h}, where {@code class} is a 0-based index
 * into the class-name file and the box centre and size are normalized by the image width and
 * height.
 *
 * <p>{@link #read(Path)} accepts either a folder of label files or a darknet image list such as
 * {@code train.txt}. The image size is not in the label files, so every image must exist: it is
 * taken from the image header ({@link dev.detect.io.image.ImageHeaders}), as displayed (EXIF
 * rotation applied, as labelImg and Ultralytics do), and the depth is the image's channel count. An
 * image with no label file or an empty one is a negative image.
 *
 * <pre>{@code
 * ReaderOptions options = ReaderOptions.builder().classNames(Path.of("obj.names")).build();
 * ReadResult r = YoloReader.builder().options(options).build().read(labelDir);
 * }</pre>
 *
 * <p>Format: labelImg {@code libs/yolo_io.py}; darknet {@code src/data.c}; immutable and
 * thread-safe.
 */
public final class YoloReader implements AnnotationReader {
  /** The default {@link Builder#tolerance(double)}. */
  public static final double DEFAULT_TOLERANCE = 0.01;

  private final ReaderOptions options;
  private final boolean skipMissingImages;
  private final double tolerance;

  private YoloReader(Builder b) {
    this.options = b.options;
    this.skipMissingImages = b.skipMissingImages;
    this.tolerance = b.tolerance;
  }

  /** A builder with the defaults: class names found automatically, images beside the labels. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder holding this reader's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.options = options;
    b.skipMissingImages = skipMissingImages;
    b.tolerance = tolerance;
    return b;
  }

  /**
   * The shared reader settings: the class-name file (else it is looked for, see {@link
   * ReaderOptions.Builder#classNames}) and the image folder (else the label folder) (see {@link
   * Builder#options}).
   */
  public ReaderOptions options() {
    return options;
  }

  /** Whether a missing image is a warning (true) or an error (false, the default). */
  public boolean skipMissingImages() {
    return skipMissingImages;
  }

  /** How far outside {@code [0, 1]} a normalized value may lie before it is an error. */
  public double tolerance() {
    return tolerance;
  }

  /**
   * Reads a folder of label files or a darknet image list.
   *
   * @param input a folder of {@code .txt} label files (images in the same folder or in {@link
   *     ReaderOptions#imageDirectory()}; for an Ultralytics {@code labels/} folder with no images,
   *     the sibling {@code images/} folder) or an image list file with one image path per line. In
   *     a label folder every {@code .txt} but {@code classes.txt} and the class-name file is a
   *     label file, so keep image lists such as {@code train.txt} elsewhere
   * @throws DatasetFormatException naming the file, line and value for a malformed label line, an
   *     unreadable class-name file, or a missing image (unless {@link
   *     Builder#skipMissingImages(boolean)})
   */
  @Override
  public ReadResult read(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    boolean folder = Files.isDirectory(input);
    if (!folder && !Files.isRegularFile(input)) {
      throw new NoSuchFileException(input.toString(), null, "no YOLO label folder or image list");
    }
    Path labelDir = folder ? input : input.toAbsolutePath().getParent();
    Path classFile = classFile(labelDir, input);
    List<String> classes = YoloClassNames.read(classFile);
    List<YoloSources.Entry> entries =
        folder
            ? YoloSources.folder(
                input, imageDirFor(input), classFile, options.allowPathsOutsideRoot())
            : YoloSources.list(
                input, options.imageDirectory().orElse(null), options.allowPathsOutsideRoot());
    return readEntries(input, entries, classes);
  }

  private ReadResult readEntries(Path input, List<YoloSources.Entry> entries, List<String> classes)
      throws IOException {
    List<ImageAnnotation> images = new ArrayList<>();
    List<ReadResult.Warning> warnings = new ArrayList<>();
    int filesRead = 0;
    for (YoloSources.Entry entry : entries) {
      if (entry.image().isEmpty()) {
        if (!skipMissingImages) {
          throw new DatasetFormatException(
              entry.origin(),
              0,
              0,
              entry.missing()
                  + "; the image size is needed to read YOLO labels: add the image, fix the path,"
                  + " give the image folder (ReaderOptions.builder().imageDirectory(dir), --images"
                  + " DIR on the command line) or, from Java, skip such images with"
                  + " skipMissingImages(true)");
        }
        warnings.add(new ReadResult.Warning(entry.origin(), entry.missing() + "; skipped"));
        continue;
      }
      Path image = entry.image().get();
      ImageSizes.Displayed size = ImageSizes.read(image);
      if (size.exifOrientation() != 1) {
        warnings.add(
            new ReadResult.Warning(
                image.toString(),
                "EXIF orientation "
                    + size.exifOrientation()
                    + ": boxes taken relative to the displayed "
                    + size.width()
                    + "x"
                    + size.height()
                    + " image, as labelImg and Ultralytics annotate it"));
      }
      ImageAnnotation.Builder b =
          ImageAnnotation.builder(entry.fileName(), size.width(), size.height())
              .depth(size.channels());
      entry.recordedPath().ifPresent(b::path);
      if (entry.label().isPresent()) {
        b.objects(
            YoloLabelFile.parse(
                entry.label().get(), classes, size.width(), size.height(), tolerance));
        filesRead++;
      }
      images.add(b.build());
    }
    try {
      return new ReadResult(AnnotationSet.of(images), warnings, filesRead);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(
          input, e.getMessage() + "; image names must be unique across the list", e);
    }
  }

  private Path classFile(Path labelDir, Path input) throws DatasetFormatException {
    if (options.classNames().isPresent()) {
      return options.classNames().get();
    }
    return YoloClassNames.find(labelDir)
        .orElseThrow(
            () ->
                new DatasetFormatException(
                    input,
                    "no class-name file found: looked for "
                        + YoloClassNames.CANDIDATES
                        + " in "
                        + labelDir.toAbsolutePath().normalize()
                        + " and its parent; name the file (ReaderOptions.builder().classNames(path),"
                        + " or --class-names FILE on the command line)"));
  }

  private Path imageDirFor(Path labelDir) throws IOException {
    if (options.imageDirectory().isPresent()) {
      return options.imageDirectory().get();
    }
    Path abs = labelDir.toAbsolutePath().normalize();
    Path sibling = abs.resolveSibling("images");
    if (abs.getFileName() != null
        && abs.getFileName().toString().equals("labels")
        && Files.isDirectory(sibling)
        && !hasImages(abs)) {
      return sibling;
    }
    return labelDir;
  }

  private static boolean hasImages(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(ImageSizes::isImage);
    }
  }

  /** Builds {@link YoloReader}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private ReaderOptions options = ReaderOptions.defaults();
    private boolean skipMissingImages;
    private double tolerance = DEFAULT_TOLERANCE;

    private Builder() {}

    /**
     * Sets the shared reader settings (default {@link ReaderOptions#defaults()}):
     *
     * <ul>
     *   <li>{@linkplain ReaderOptions#classNames() the class-name file}: {@code classes.txt} /
     *       {@code obj.names} (one name per line, line {@code i} is class index {@code i}, 0-based)
     *       or an Ultralytics {@code data.yaml} with a {@code names:} list; by default the reader
     *       looks for {@code classes.txt}, {@code obj.names}, {@code data.yaml} next to the labels
     *       (the folder, or the list file's folder) and then in their parent folder;
     *   <li>{@linkplain ReaderOptions#imageDirectory() the image folder}: of a label folder
     *       (default: that folder), or the folder a darknet list's relative paths are resolved
     *       against (default: the list file's folder);
     *   <li>{@linkplain ReaderOptions#allowPathsOutsideRoot() whether} images may lie outside the
     *       dataset folder (the image folder, or the folder of a darknet list file): entries with
     *       {@code ../} or absolute paths leading out, and symbolic links pointing out, are read;
     *       by default such an image is refused as missing, with the reason.
     * </ul>
     */
    public Builder options(ReaderOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /**
     * With {@code true}, an image that is listed (or whose label file exists) but cannot be found
     * is skipped with a warning naming it; with {@code false} (default) it is an error.
     */
    public Builder skipMissingImages(boolean skip) {
      this.skipMissingImages = skip;
      return this;
    }

    /**
     * Sets how far outside {@code [0, 1]} a normalized value may lie (rounding by other tools)
     * before it is an error; default {@link YoloReader#DEFAULT_TOLERANCE} (0.01).
     */
    public Builder tolerance(double tolerance) {
      if (!(tolerance >= 0 && tolerance < 1)) {
        throw new IllegalArgumentException("tolerance must be in [0, 1), got " + tolerance);
      }
      this.tolerance = tolerance;
      return this;
    }

    /** A reader with the current settings. */
    public YoloReader build() {
      return new YoloReader(this);
    }
  }
}
