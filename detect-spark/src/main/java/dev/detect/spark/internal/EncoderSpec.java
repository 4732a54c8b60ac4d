package dev.detect.spark.internal;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.io.tfrecord.TfRecordEncoder;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.io.Serializable;

/**
 * The settings of a {@link TfRecordWriter} as they travel to executors, which rebuild the same
 * {@link TfRecordEncoder} from them.
 *
 * @param labelMap the label map as {@code .pbtxt} text
 */
public record EncoderSpec(
    String labelMap,
    Policy unknownLabels,
    Policy invalidImages,
    BoxPolicy invalidBoxes,
    boolean convertOtherFormats,
    long maxImagePixels)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The spec of {@code labelMap} with these policies. */
  public static EncoderSpec of(
      LabelMap labelMap,
      Policy unknownLabels,
      Policy invalidImages,
      BoxPolicy invalidBoxes,
      boolean convertOtherFormats,
      long maxImagePixels) {
    return new EncoderSpec(
        LabelMapFormat.format(labelMap),
        unknownLabels,
        invalidImages,
        invalidBoxes,
        convertOtherFormats,
        maxImagePixels);
  }

  /** The writer these settings make (its image folder is unused: bytes come from Hadoop). */
  public TfRecordWriter writer() throws DatasetFormatException {
    return TfRecordWriter.builder(LabelMapFormat.parse(labelMap, "label map"))
        .unknownLabels(unknownLabels)
        .invalidImages(invalidImages)
        .invalidBoxes(invalidBoxes)
        .convertOtherFormats(convertOtherFormats)
        .maxImagePixels(maxImagePixels)
        .threads(1)
        .build();
  }
}
