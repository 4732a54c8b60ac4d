package dev.detect.io;

import java.nio.file.Path;
import java.util.List;
import java.util.Objects;

/**
 * The result of writing annotations.
 *
 * @param files the files written
 * @param images the number of images written
 * @param objects the number of objects written
 * @param notWritten what the format could not express (e.g. negative images in the 8-column CSV),
 *     each naming its image: nothing is dropped silently
 */
public record WriteResult(
    List<Path> files, int images, int objects, List<ReadResult.Warning> notWritten) {

  /** Copies the lists. */
  public WriteResult {
    files = List.copyOf(files);
    notWritten = List.copyOf(notWritten);
    Objects.requireNonNull(files);
  }

  /** One line: what was written where, and what was left out. */
  public String summary() {
    String where = files.size() == 1 ? files.get(0).toString() : files.size() + " files";
    return "wrote "
        + images
        + " images, "
        + objects
        + " objects to "
        + where
        + (notWritten.isEmpty() ? "" : "; left out " + notWritten.size() + " (see warnings)");
  }
}
