package dev.detect.train.input;

import com.google.protobuf.InvalidProtocolBufferException;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.tfrecord.DecodedExample;
import dev.detect.io.tfrecord.OdApiExampleCodec;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.train.input.augment.Geometry;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Turns one serialized OD API {@code tf.train.Example} into an {@link ImageBoxes}: decoded pixels,
 * boxes normalized and clipped to [0, 1], class ids resolved as the OD API's decoder does ({@code
 * class/text} through the label map takes precedence, else {@code class/label}), weights 1.
 */
final class ExampleDecoder {
  private final Optional<LabelMap> labelMap;

  ExampleDecoder(Optional<LabelMap> labelMap) {
    this.labelMap = labelMap;
  }

  /** The example with float pixels (new arrays of its own). */
  ImageBoxes decode(byte[] record, String source) throws DatasetFormatException {
    return decodeCached(record, source).example();
  }

  /**
   * The example as the input pipeline keeps it: 8-bit pixels as bytes, straight from the decoder
   * (no float copy on the way).
   */
  CachedExample decodeCached(byte[] record, String source) throws DatasetFormatException {
    Example ex;
    try {
      ex = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      throw new DatasetFormatException(source, 0, 0, "not a tf.train.Example: " + e.getMessage());
    }
    if (ex.getUnknownFields().hasField(2)) {
      throw new DatasetFormatException(
          source, 0, 0, "a tf.train.SequenceExample, not an object-detection tf.train.Example");
    }
    DecodedExample d;
    try {
      d = OdApiExampleCodec.decode(ex, source);
    } catch (IllegalArgumentException e) {
      throw new DatasetFormatException(source, 0, 0, "bad object: " + e.getMessage());
    }
    ImageAnnotation a = d.annotation();
    List<ObjectAnnotation> objects = a.objects();
    int n = objects.size();
    Feature text = ex.getFeatures().getFeatureMap().get(OdApiKeys.CLASS_TEXT);
    boolean hasText = text != null && text.getBytesList().getValueCount() == n && n > 0;
    float[][] boxes = new float[n][];
    int[] classes = new int[n];
    float[] weights = new float[n];
    for (int i = 0; i < n; i++) {
      ObjectAnnotation o = objects.get(i);
      boxes[i] = normalized(o.box(), a.width(), a.height(), source, i);
      Optional<Long> id =
          d.classIds().isEmpty() ? Optional.empty() : Optional.of(d.classIds().get(i));
      classes[i] = classId(hasText ? Optional.of(o.label()) : Optional.empty(), id, source, i);
      weights[i] = 1f;
    }
    ImageDecoder.Pixels p =
        ImageDecoder.decodePixels(d.encodedImage(), source, ImageHeaders.DEFAULT_MAX_PIXELS);
    if (p.bytes() != null) {
      return CachedExample.ofBytes(
          p.bytes(), new Geometry.Layout(p.height(), p.width(), boxes, classes, weights), source);
    }
    return CachedExample.compact(
        ImageBoxes.of(p.floats(), p.height(), p.width(), boxes, classes, weights, source));
  }

  private static float[] normalized(PixelBox b, int w, int h, String source, int i)
      throws DatasetFormatException {
    if (b.xmin() > b.xmax() || b.ymin() > b.ymax()) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "object "
              + i
              + " has min > max: "
              + b
              + "; fix the annotation (xmin <= xmax, ymin <= ymax)");
    }
    NormalizedBox n = b.toNormalized(w, h).clip();
    return new float[] {(float) n.ymin(), (float) n.xmin(), (float) n.ymax(), (float) n.xmax()};
  }

  private int classId(Optional<String> text, Optional<Long> label, String source, int i)
      throws DatasetFormatException {
    if (text.isPresent() && labelMap.isPresent()) {
      OptionalInt byText = labelMap.get().idOf(text.get());
      if (byText.isPresent()) {
        return byText.getAsInt();
      }
      throw new DatasetFormatException(
          source,
          0,
          0,
          "object "
              + i
              + ": class/text '"
              + text.get()
              + "' is not in the label map "
              + labelMap.get().names()
              + " (the OD API would train it as no class at all); fix the label map or the"
              + " record");
    }
    if (label.isEmpty()) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "object "
              + i
              + " has class/text '"
              + text.orElse("")
              + "' but no class/label; give the pipeline the label map to resolve class names");
    }
    long id = label.get();
    if (id < 1
        || id > Integer.MAX_VALUE
        || labelMap.isPresent() && labelMap.get().item((int) id).isEmpty()) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "object "
              + i
              + ": class/label "
              + id
              + (id < 1
                  ? " is not a 1-based class id (0 is the background)"
                  : id > Integer.MAX_VALUE
                      ? " is larger than any class id (2^31 - 1)"
                      : " is not in the label map " + labelMap.get().names()));
    }
    return (int) id;
  }
}
