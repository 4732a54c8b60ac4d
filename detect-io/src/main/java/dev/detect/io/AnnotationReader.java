package dev.detect.io;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads annotations of one format from a file or a folder into an {@link
 * dev.detect.core.annotation.AnnotationSet}.
 *
 * <p>Implementations are immutable and thread-safe; configure them through their builders.
 */
public interface AnnotationReader {
  /**
   * Reads every annotation under {@code input}.
   *
   * @param input a file or folder, depending on the format
   * @return the annotations, with the warnings met on the way (nothing is dropped silently)
   * @throws dev.detect.core.DatasetFormatException naming the file and line or element when the
   *     input is malformed
   * @throws IOException when it cannot be read
   */
  ReadResult read(Path input) throws IOException;
}
