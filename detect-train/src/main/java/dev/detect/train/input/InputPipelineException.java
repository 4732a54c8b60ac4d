package dev.detect.train.input;

/**
 * The input pipeline could not produce a batch: a record is corrupt, an image does not decode, a
 * class is not in the label map, or a file cannot be read. The message names the file and the
 * 0-based record index where known; the cause is the underlying error (often a {@link
 * dev.detect.core.DatasetFormatException}).
 */
public class InputPipelineException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Creates an exception with a message naming the file and record, and its cause. */
  public InputPipelineException(String message, Throwable cause) {
    super(message, cause);
  }
}
