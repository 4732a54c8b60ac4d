package dev.detect.io.tfrecord;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.ReadResult.Warning;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns one annotated image, whose bytes the caller has read from wherever they live (a Hadoop file
 * system, object storage, memory), into one framed TFRecord record: the same bytes, checks,
 * policies and report as {@link TfRecordWriter#write} makes for that image. So records encoded one
 * by one elsewhere (in Spark tasks, say) and appended to shard {@code i % shards} in order make the
 * same files as the writer.
 *
 * <p>Obtained from {@link TfRecordWriter#encoder()}, with the writer's label map, policies, pixel
 * limit and format conversion (its image folder, threads and compression do not apply).
 * Thread-safe.
 */
public final class TfRecordEncoder {
  private final ExampleEncoder encoder;

  TfRecordEncoder(ExampleEncoder encoder) {
    this.encoder = encoder;
  }

  /**
   * What became of one image.
   *
   * @param record the framed record (8-byte little-endian length, masked CRC-32C of the length, the
   *     serialized {@code tf.train.Example}, masked CRC-32C of it), as a TFRecord file holds it;
   *     empty when the image was skipped under {@link TfRecordWriter.Policy#SKIP}. The array is the
   *     caller's own.
   * @param objects the objects written (after skipped ones are left out)
   * @param imageBytes the encoded image bytes stored in the record
   * @param skipped the image or objects left out, each with its reason
   * @param clipped the boxes clipped to the image
   */
  public record Outcome(
      Optional<byte[]> record,
      int objects,
      long imageBytes,
      List<Warning> skipped,
      List<Warning> clipped) {
    /** Copies the lists. */
    public Outcome {
      Objects.requireNonNull(record, "record");
      skipped = List.copyOf(skipped);
      clipped = List.copyOf(clipped);
    }
  }

  /**
   * Encodes {@code image} whose file holds {@code imageBytes}.
   *
   * @param image the annotation
   * @param source the image file as messages name it (a path or URI)
   * @param imageBytes the whole image file (not modified)
   * @throws DatasetFormatException naming {@code source} (and the object) when the image or an
   *     object is invalid under a {@code FAIL} policy
   */
  public Outcome encode(ImageAnnotation image, String source, byte[] imageBytes)
      throws DatasetFormatException {
    Objects.requireNonNull(image, "image");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(imageBytes, "imageBytes");
    ExampleEncoder.Encoded e;
    try {
      e = encoder.encode(image, source, imageBytes);
    } catch (DatasetFormatException x) {
      throw x;
    } catch (IOException x) { // the encoder reads nothing here; only PNG conversion could throw
      throw new DatasetFormatException(source, 0, 0, "cannot encode image: " + x.getMessage());
    }
    Optional<byte[]> bytes = Optional.empty();
    if (e.record().isPresent()) {
      FramedRecord r = e.record().get();
      try {
        ByteBuffer b = r.bytes();
        byte[] out = new byte[b.remaining()];
        b.get(out);
        bytes = Optional.of(out);
      } finally {
        r.release();
      }
    }
    return new Outcome(bytes, e.objects(), e.imageBytes(), e.skipped(), e.clipped());
  }

  /**
   * The outcome for an image whose file does not exist: skipped and listed under {@link
   * TfRecordWriter.Policy#SKIP}, as {@link TfRecordWriter} does.
   *
   * @throws DatasetFormatException naming {@code source} under {@code FAIL}
   */
  public Outcome notFound(ImageAnnotation image, String source) throws DatasetFormatException {
    return invalid(image, source, ExampleEncoder.notFound(image.fileName()));
  }

  /**
   * The outcome for an image whose file cannot be read ({@code cause}): skipped and listed under
   * {@link TfRecordWriter.Policy#SKIP}.
   *
   * @throws DatasetFormatException naming {@code source} under {@code FAIL}
   */
  public Outcome unreadable(ImageAnnotation image, String source, IOException cause)
      throws DatasetFormatException {
    return invalid(image, source, ExampleEncoder.unreadable(image.fileName(), cause));
  }

  /**
   * The outcome for an image refused for {@code reason} (a name escaping the image folder, say):
   * skipped and listed under {@link TfRecordWriter.Policy#SKIP}.
   *
   * @throws DatasetFormatException naming {@code source} under {@code FAIL}
   */
  public Outcome invalid(ImageAnnotation image, String source, String reason)
      throws DatasetFormatException {
    Objects.requireNonNull(image, "image");
    ExampleEncoder.Encoded e = encoder.invalid(image, source, reason);
    return new Outcome(Optional.empty(), 0, 0, e.skipped(), e.clipped());
  }
}
