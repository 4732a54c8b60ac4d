package dev.detect.io;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Reads annotations of any format in one call: the format is guessed ({@link
 * AnnotationFormat#detect(Path)}) or given, and its reader built with the shared {@link
 * ReaderOptions}.
 *
 * <pre>{@code
 * ReadResult read =
 *     AnnotationReaders.read(
 *         Path.of("annotations"), ReaderOptions.builder().imageDirectory(Path.of("images")).build());
 * }</pre>
 */
public final class AnnotationReaders {
  private AnnotationReaders() {}

  /**
   * Reads {@code input} in the format {@link AnnotationFormat#detect(Path)} guesses.
   *
   * @param input a file or folder (a folder of VOC XML or YOLO labels, a darknet list, a COCO or
   *     VIA JSON, a CSV, TFRecord files or shards)
   * @param options the image folder, whether images may be outside it, the YOLO class names
   * @return the annotations with the warnings met on the way
   * @throws IllegalArgumentException when the format cannot be guessed: give it with {@link
   *     #read(Path, AnnotationFormat, ReaderOptions)}
   * @throws dev.detect.core.DatasetFormatException naming the file and line or element when the
   *     input is malformed
   * @throws IOException when it cannot be read
   */
  public static ReadResult read(Path input, ReaderOptions options) throws IOException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(options, "options");
    return read(input, AnnotationFormat.detect(input), options);
  }

  /**
   * Reads {@code input} as {@code format} ({@code format.reader(options).read(input)}).
   *
   * @throws dev.detect.core.DatasetFormatException naming the file and line or element when the
   *     input is malformed
   * @throws IOException when it cannot be read
   */
  public static ReadResult read(Path input, AnnotationFormat format, ReaderOptions options)
      throws IOException {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(format, "format");
    return format.reader(options).read(input);
  }
}
