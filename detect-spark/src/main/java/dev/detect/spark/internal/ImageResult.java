package dev.detect.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What became of one image on an executor.
 *
 * @param index the image's position in the annotation set
 * @param written whether a record was written (false: skipped)
 * @param objects objects written
 * @param imageBytes image bytes written
 * @param skipped the image or objects left out
 * @param clipped the boxes clipped
 */
public record ImageResult(
    int index,
    boolean written,
    int objects,
    long imageBytes,
    List<Note> skipped,
    List<Note> clipped)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
