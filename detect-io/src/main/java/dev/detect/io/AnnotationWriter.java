package dev.detect.io;

import dev.detect.core.annotation.AnnotationSet;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Writes an {@link AnnotationSet} in one format. Every file is written atomically (temporary file,
 * then rename), so a crash never leaves a half-written file.
 */
public interface AnnotationWriter {
  /**
   * Writes {@code annotations} to {@code output}.
   *
   * @param output a file or folder, depending on the format
   * @return what was written, and what the format could not express (never dropped silently)
   */
  WriteResult write(AnnotationSet annotations, Path output) throws IOException;
}
