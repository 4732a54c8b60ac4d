package dev.detect.io;

import dev.detect.io.coco.CocoReader;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.io.via.ViaReader;
import dev.detect.io.voc.VocReader;
import dev.detect.io.yolo.YoloReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The annotation formats detect reads, with a guess of the format of a file or folder ({@link
 * #detect(Path)}) and a reader for each ({@link #reader(ReaderOptions)}).
 *
 * <pre>{@code
 * AnnotationFormat format = AnnotationFormat.detect(input);          // or AnnotationFormat.parse("yolo")
 * ReadResult read = format.reader(ReaderOptions.defaults()).read(input);
 * }</pre>
 *
 * <p>{@link AnnotationReaders#read(Path, ReaderOptions)} does both in one call.
 */
public enum AnnotationFormat {
  /** PASCAL VOC XML: one file per image, or a folder of them ({@link VocReader}). */
  VOC,
  /** YOLO txt labels: a folder of label files or a darknet image list ({@link YoloReader}). */
  YOLO,
  /** COCO object-detection JSON ({@link CocoReader}). */
  COCO,
  /** VGG Image Annotator JSON, 1.x or 2.x ({@link ViaReader}). */
  VIA,
  /**
   * The seed's CSV {@code filename,width,height,class,xmin,ymin,xmax,ymax} ({@link
   * CsvAnnotationReader}).
   */
  CSV,
  /** OD API TFRecord files: one file, shards or a glob ({@link TfRecordReader}). */
  TFRECORD;

  /** {@code x.record}, {@code x.tfrecord}, and their shards or globs {@code x.record-…}. */
  private static final Pattern TFRECORD_NAME = Pattern.compile(".*\\.(tf)?record(-.*)?");

  /**
   * The format named {@code name}, case-insensitively and ignoring surrounding blanks: {@code voc},
   * {@code yolo}, {@code coco}, {@code via}, {@code csv} or {@code tfrecord} (the values of the
   * command line's {@code --format}).
   *
   * @throws IllegalArgumentException naming the value and the known formats when it is none of them
   */
  public static AnnotationFormat parse(String name) {
    Objects.requireNonNull(name, "name");
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("unknown format '" + name + "': use one of " + names(), e);
    }
  }

  /**
   * Guesses the format of {@code input} from its name and, for JSON, its first 64 KiB.
   *
   * <ul>
   *   <li>a {@code .xml} file, or a folder holding one, is {@link #VOC};
   *   <li>a {@code .txt} file (a darknet {@code train.txt}), or a folder of {@code .txt} label
   *       files and no {@code .xml}, is {@link #YOLO};
   *   <li>a {@code .csv} file is {@link #CSV};
   *   <li>a {@code .json} file with {@code "images"} and {@code "annotations"} is {@link #COCO},
   *       another {@code .json} file is {@link #VIA};
   *   <li>a {@code .record} or {@code .tfrecord} file, a shard {@code x.record-00000-of-00004}, or
   *       the base name or glob of existing shards ({@code x.record}, {@code
   *       x.record-?????-of-00004}) is {@link #TFRECORD}.
   * </ul>
   *
   * @throws NoSuchFileException when {@code input} does not exist (and is no TFRecord base name or
   *     glob that matches files)
   * @throws IllegalArgumentException when the format cannot be told (a folder holding JSON files,
   *     or none of the above): the message says what to pass instead
   * @throws IOException when a folder or JSON file cannot be read
   */
  public static AnnotationFormat detect(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    String name =
        input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (!Files.exists(input)) {
      if (TFRECORD_NAME.matcher(name).matches()) {
        TfRecordReader.expand(input); // throws NoSuchFileException when no shard matches
        return TFRECORD;
      }
      throw new NoSuchFileException(input.toString());
    }
    if (Files.isDirectory(input)) {
      return detectFolder(input);
    }
    if (name.endsWith(".xml")) {
      return VOC;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".txt")) {
      return YOLO;
    }
    if (name.endsWith(".json")) {
      String head;
      try (InputStream in = Files.newInputStream(input)) {
        head = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
      }
      return head.contains("\"annotations\"") && head.contains("\"images\"") ? COCO : VIA;
    }
    if (TFRECORD_NAME.matcher(name).matches()) {
      return TFRECORD;
    }
    throw new IllegalArgumentException(
        "cannot tell the annotation format of "
            + input
            + " from its name; pass --format / AnnotationFormat");
  }

  private static AnnotationFormat detectFolder(Path input) throws IOException {
    boolean txt = false;
    boolean json = false;
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(input)) {
      for (Path p : dir) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".xml")) {
          return VOC;
        }
        txt |= n.endsWith(".txt");
        json |= n.endsWith(".json");
      }
    }
    if (txt) {
      return YOLO;
    }
    if (json) {
      throw new IllegalArgumentException(
          input
              + " holds JSON files: pass the COCO or VIA JSON file itself as --input / to"
              + " AnnotationReaders.read");
    }
    throw new IllegalArgumentException(
        "cannot tell the annotation format of folder "
            + input
            + ": no .xml or .txt files; pass --format / AnnotationFormat");
  }

  /**
   * A reader of this format with {@code options}; the settings this format has no use for are
   * ignored (see {@link ReaderOptions}). Reader-specific settings (YOLO's {@code
   * skipMissingImages}, VIA's class attribute, a TFRecord label map) are set on the specific
   * reader's builder instead; {@link #TFRECORD} gives {@link TfRecordReader#defaults()}, which
   * names objects without {@code class/text} by their id.
   */
  public AnnotationReader reader(ReaderOptions options) {
    Objects.requireNonNull(options, "options");
    return switch (this) {
      case VOC -> VocReader.builder().options(options).build();
      case YOLO -> YoloReader.builder().options(options).build();
      case COCO -> CocoReader.builder().options(options).build();
      case VIA -> ViaReader.builder().options(options).build();
      case CSV -> CsvAnnotationReader.defaults();
      case TFRECORD -> TfRecordReader.defaults();
    };
  }

  /** The lower-case names, as {@link #parse} accepts them: {@code voc, yolo, …}. */
  private static String names() {
    return Arrays.stream(values())
        .map(f -> f.name().toLowerCase(Locale.ROOT))
        .collect(Collectors.joining(", "));
  }
}
