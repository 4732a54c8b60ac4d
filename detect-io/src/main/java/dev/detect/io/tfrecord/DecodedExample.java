package dev.detect.io.tfrecord;

import dev.detect.core.annotation.ImageAnnotation;
import java.util.List;
import java.util.Objects;

/**
 * A {@code tf.train.Example} of the OD API layout decoded back to the annotation model.
 *
 * @param annotation the image and its objects in pixels of {@code image/width × image/height}
 * @param encodedImage the {@code image/encoded} bytes as stored (not a copy to be modified)
 * @param format the {@code image/format} value ({@code jpeg}, {@code png}, or what the writer
 *     wrote, e.g. {@code jpg})
 * @param sourceId the {@code image/source_id}
 * @param sha256 the {@code image/key/sha256}, empty when absent
 * @param classIds the {@code image/object/class/label} values, one per object (empty when absent)
 * @param namedByClassId whether the objects were named from their {@code class/label} id because
 *     the record has no {@code class/text} (through the label map when one was given, else by the
 *     id itself, e.g. {@code "3"})
 */
public record DecodedExample(
    ImageAnnotation annotation,
    byte[] encodedImage,
    String format,
    String sourceId,
    String sha256,
    List<Long> classIds,
    boolean namedByClassId) {

  /** Validates and copies. */
  public DecodedExample {
    Objects.requireNonNull(annotation, "annotation");
    Objects.requireNonNull(encodedImage, "encodedImage");
    Objects.requireNonNull(format, "format");
    Objects.requireNonNull(sourceId, "sourceId");
    Objects.requireNonNull(sha256, "sha256");
    classIds = List.copyOf(classIds);
  }
}
