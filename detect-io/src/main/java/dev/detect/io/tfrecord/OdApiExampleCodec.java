package dev.detect.io.tfrecord;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.tensorflow.proto.BytesList;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.Features;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Encodes images and their objects as {@code tf.train.Example}s in the Object Detection API layout
 * ({@link OdApiKeys}), and decodes such Examples back.
 */
public final class OdApiExampleCodec {
  private OdApiExampleCodec() {}

  /**
   * Encodes one image.
   *
   * @param image the annotation; its width and height must be the real size of {@code encoded}
   * @param encoded the original image file bytes (stored as is, not re-encoded)
   * @param format the {@code image/format} value, {@code jpeg} or {@code png}
   * @param sourceId the unique {@code image/source_id}
   * @param sha256 the hex SHA-256 of {@code encoded}
   * @param classes for each object, the label map item it maps to (same order as the objects)
   * @return the Example; boxes are {@code xmin / width} etc. computed in double and stored as
   *     float32, like {@code generate_tfrecord.py}
   */
  public static Example encode(
      ImageAnnotation image,
      byte[] encoded,
      String format,
      String sourceId,
      String sha256,
      List<LabelMap.Item> classes) {
    List<ObjectAnnotation> objects = image.objects();
    if (classes.size() != objects.size()) {
      throw new IllegalArgumentException(
          "need one label map item per object: " + classes.size() + " for " + objects.size());
    }
    double w = image.width();
    double h = image.height();
    FloatList.Builder xmin = FloatList.newBuilder();
    FloatList.Builder xmax = FloatList.newBuilder();
    FloatList.Builder ymin = FloatList.newBuilder();
    FloatList.Builder ymax = FloatList.newBuilder();
    BytesList.Builder text = BytesList.newBuilder();
    Int64List.Builder label = Int64List.newBuilder();
    Int64List.Builder difficult = Int64List.newBuilder();
    Int64List.Builder truncated = Int64List.newBuilder();
    BytesList.Builder view = BytesList.newBuilder();
    for (int i = 0; i < objects.size(); i++) {
      ObjectAnnotation o = objects.get(i);
      PixelBox b = o.box();
      xmin.addValue((float) (b.xmin() / w));
      xmax.addValue((float) (b.xmax() / w));
      ymin.addValue((float) (b.ymin() / h));
      ymax.addValue((float) (b.ymax() / h));
      LabelMap.Item item = classes.get(i);
      text.addValue(utf8(item.name().isEmpty() ? item.displayNameOrName() : item.name()));
      label.addValue(item.id());
      difficult.addValue(o.difficult() ? 1 : 0);
      truncated.addValue(o.truncated() ? 1 : 0);
      view.addValue(utf8(o.pose()));
    }
    Features.Builder f = Features.newBuilder();
    f.putFeature(OdApiKeys.HEIGHT, int64(image.height()));
    f.putFeature(OdApiKeys.WIDTH, int64(image.width()));
    f.putFeature(OdApiKeys.FILENAME, bytes(utf8(image.fileName())));
    f.putFeature(OdApiKeys.SOURCE_ID, bytes(utf8(sourceId)));
    f.putFeature(OdApiKeys.SHA256, bytes(utf8(sha256)));
    f.putFeature(OdApiKeys.ENCODED, bytes(ByteString.copyFrom(encoded)));
    f.putFeature(OdApiKeys.FORMAT, bytes(utf8(format)));
    f.putFeature(OdApiKeys.XMIN, Feature.newBuilder().setFloatList(xmin).build());
    f.putFeature(OdApiKeys.XMAX, Feature.newBuilder().setFloatList(xmax).build());
    f.putFeature(OdApiKeys.YMIN, Feature.newBuilder().setFloatList(ymin).build());
    f.putFeature(OdApiKeys.YMAX, Feature.newBuilder().setFloatList(ymax).build());
    f.putFeature(OdApiKeys.CLASS_TEXT, Feature.newBuilder().setBytesList(text).build());
    f.putFeature(OdApiKeys.CLASS_LABEL, Feature.newBuilder().setInt64List(label).build());
    f.putFeature(OdApiKeys.DIFFICULT, Feature.newBuilder().setInt64List(difficult).build());
    f.putFeature(OdApiKeys.TRUNCATED, Feature.newBuilder().setInt64List(truncated).build());
    f.putFeature(OdApiKeys.VIEW, Feature.newBuilder().setBytesList(view).build());
    return Example.newBuilder().setFeatures(f).build();
  }

  /**
   * Serializes the Example of {@link #encode} as two parts whose concatenation is the record
   * payload: everything but the image bytes, then the image bytes themselves ({@code encoded}, not
   * copied). The {@code image/encoded} map entry is written last, which protobuf parsers accept
   * (map entries are unordered), so a writer can stream the image without copying it.
   */
  public static byte[] encodePrefix(
      ImageAnnotation image,
      byte[] encoded,
      String format,
      String sourceId,
      String sha256,
      List<LabelMap.Item> classes) {
    return encodePrefix(image, encoded.length, format, sourceId, sha256, classes);
  }

  /**
   * {@link #encodePrefix(ImageAnnotation, byte[], String, String, String, List)} for image bytes
   * that are not in an array: only their length, {@code encodedLength} bytes, goes into the prefix,
   * and the caller must append exactly that many image bytes after it.
   */
  public static byte[] encodePrefix(
      ImageAnnotation image,
      int encodedLength,
      String format,
      String sourceId,
      String sha256,
      List<LabelMap.Item> classes) {
    if (encodedLength < 0) {
      throw new IllegalArgumentException("encodedLength is negative: " + encodedLength);
    }
    byte[] features =
        encode(image, new byte[0], format, sourceId, sha256, classes).getFeatures().toBuilder()
            .removeFeature(OdApiKeys.ENCODED)
            .build()
            .toByteArray();
    byte[] key = OdApiKeys.ENCODED.getBytes(StandardCharsets.UTF_8);
    int bytesList = 1 + varintSize(encodedLength) + encodedLength;
    int feature = 1 + varintSize(bytesList) + bytesList;
    int entry = 1 + varintSize(key.length) + key.length + 1 + varintSize(feature) + feature;
    int featuresLen = features.length + 1 + varintSize(entry) + entry;
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream(features.length + 64);
    out.write(0x0A); // Example.features
    writeVarint(out, featuresLen);
    out.writeBytes(features);
    out.write(0x0A); // Features.feature map entry
    writeVarint(out, entry);
    out.write(0x0A); // entry key
    writeVarint(out, key.length);
    out.writeBytes(key);
    out.write(0x12); // entry value: Feature
    writeVarint(out, feature);
    out.write(0x0A); // Feature.bytes_list
    writeVarint(out, bytesList);
    out.write(0x0A); // BytesList.value
    writeVarint(out, encodedLength);
    return out.toByteArray();
  }

  private static int varintSize(int v) {
    int n = 1;
    while ((v & ~0x7F) != 0) {
      v >>>= 7;
      n++;
    }
    return n;
  }

  private static void writeVarint(java.io.ByteArrayOutputStream out, int v) {
    while ((v & ~0x7F) != 0) {
      out.write((v & 0x7F) | 0x80);
      v >>>= 7;
    }
    out.write(v);
  }

  /**
   * Parses a serialized record as an OD API Example and decodes it.
   *
   * @param record the serialized {@code tf.train.Example}
   * @param source the file and record index, for messages (e.g. {@code train.record#3})
   * @throws DatasetFormatException when the record is not an Example (e.g. a SequenceExample), or
   *     its object lists disagree in length, or it has no image
   */
  public static DecodedExample decode(byte[] record, String source) throws DatasetFormatException {
    return decode(record, source, Optional.empty());
  }

  /**
   * Like {@link #decode(byte[], String)}, naming objects that have a {@code class/label} id but no
   * {@code class/text} through {@code labelMap}, as the OD API's decoder does.
   */
  public static DecodedExample decode(byte[] record, String source, LabelMap labelMap)
      throws DatasetFormatException {
    return decode(record, source, Optional.of(Objects.requireNonNull(labelMap, "labelMap")));
  }

  static DecodedExample decode(byte[] record, String source, Optional<LabelMap> labelMap)
      throws DatasetFormatException {
    Example ex;
    try {
      ex = Example.parseFrom(record);
    } catch (InvalidProtocolBufferException e) {
      throw new DatasetFormatException(
          source, 0, 0, "not a tf.train.Example: " + e.getMessage(), e);
    }
    if (ex.getUnknownFields().hasField(2)) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "a tf.train.SequenceExample (it has feature_lists), not an object-detection"
              + " tf.train.Example; use an Example per image");
    }
    return decode(ex, source, labelMap);
  }

  /** Decodes a parsed Example; see {@link #decode(byte[], String)}. */
  public static DecodedExample decode(Example ex, String source) throws DatasetFormatException {
    return decode(ex, source, Optional.empty());
  }

  private static DecodedExample decode(Example ex, String source, Optional<LabelMap> labelMap)
      throws DatasetFormatException {
    Objects.requireNonNull(labelMap, "labelMap");
    Map<String, Feature> f = ex.getFeatures().getFeatureMap();
    byte[] encoded = firstBytes(f, OdApiKeys.ENCODED).map(ByteString::toByteArray).orElse(null);
    if (encoded == null) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "no " + OdApiKeys.ENCODED + ": not an image Example (keys " + f.keySet() + ")");
    }
    String fileName =
        firstString(f, OdApiKeys.FILENAME)
            .filter(s -> !s.isBlank())
            .or(() -> firstString(f, OdApiKeys.SOURCE_ID).filter(s -> !s.isBlank()))
            .orElse(source.replace('/', '_').replace('#', '_') + ".jpg");
    long w = imageSide(f, OdApiKeys.WIDTH, source);
    long h = imageSide(f, OdApiKeys.HEIGHT, source);
    if (w <= 0 || h <= 0) {
      ImageInfo info = ImageHeaders.read(encoded, source);
      w = info.width();
      h = info.height();
    }
    List<ObjectAnnotation> objects = objects(f, (int) w, (int) h, source, labelMap);
    ImageAnnotation image =
        ImageAnnotation.builder(fileName, (int) w, (int) h).objects(objects).build();
    return new DecodedExample(
        image,
        encoded,
        firstString(f, OdApiKeys.FORMAT).orElse(""),
        firstString(f, OdApiKeys.SOURCE_ID).orElse(""),
        firstString(f, OdApiKeys.SHA256).orElse(""),
        int64s(f, OdApiKeys.CLASS_LABEL),
        !objects.isEmpty() && strings(f, OdApiKeys.CLASS_TEXT).isEmpty());
  }

  private static List<ObjectAnnotation> objects(
      Map<String, Feature> f, int w, int h, String source, Optional<LabelMap> labelMap)
      throws DatasetFormatException {
    List<Float> xmin = floats(f, OdApiKeys.XMIN);
    List<Float> xmax = floats(f, OdApiKeys.XMAX);
    List<Float> ymin = floats(f, OdApiKeys.YMIN);
    List<Float> ymax = floats(f, OdApiKeys.YMAX);
    int n = xmin.size();
    if (xmax.size() != n || ymin.size() != n || ymax.size() != n) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          "bbox lists differ in length: xmin "
              + n
              + ", xmax "
              + xmax.size()
              + ", ymin "
              + ymin.size()
              + ", ymax "
              + ymax.size());
    }
    List<String> text = strings(f, OdApiKeys.CLASS_TEXT);
    List<Long> ids = int64s(f, OdApiKeys.CLASS_LABEL);
    List<Long> difficult = int64s(f, OdApiKeys.DIFFICULT);
    List<Long> truncated = int64s(f, OdApiKeys.TRUNCATED);
    List<String> view = strings(f, OdApiKeys.VIEW);
    requireLength(source, OdApiKeys.CLASS_TEXT, text.size(), n);
    requireLength(source, OdApiKeys.CLASS_LABEL, ids.size(), n);
    requireLength(source, OdApiKeys.DIFFICULT, difficult.size(), n);
    requireLength(source, OdApiKeys.TRUNCATED, truncated.size(), n);
    requireLength(source, OdApiKeys.VIEW, view.size(), n);
    if (n > 0 && text.isEmpty() && ids.isEmpty()) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          n + " boxes but neither " + OdApiKeys.CLASS_TEXT + " nor " + OdApiKeys.CLASS_LABEL);
    }
    requireFinite(source, OdApiKeys.XMIN, xmin);
    requireFinite(source, OdApiKeys.XMAX, xmax);
    requireFinite(source, OdApiKeys.YMIN, ymin);
    requireFinite(source, OdApiKeys.YMAX, ymax);
    List<ObjectAnnotation> objects = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String label = !text.isEmpty() ? text.get(i) : labelFor(ids.get(i), labelMap);
      PixelBox box;
      try {
        box =
            snap(
                NormalizedBox.ofYxyx(ymin.get(i), xmin.get(i), ymax.get(i), xmax.get(i))
                    .toPixels(w, h));
      } catch (IllegalArgumentException e) {
        // e.g. a NaN coordinate: name the record and the box, as every other defect here
        throw new DatasetFormatException(
            source, 0, 0, "object " + i + " ('" + label + "'): box " + e.getMessage(), e);
      }
      objects.add(
          new ObjectAnnotation(
              label,
              box,
              !difficult.isEmpty() && difficult.get(i) != 0,
              !truncated.isEmpty() && truncated.get(i) != 0,
              view.isEmpty() || view.get(i).isEmpty()
                  ? ObjectAnnotation.UNSPECIFIED_POSE
                  : view.get(i)));
    }
    return objects;
  }

  /**
   * Undoes float32 rounding: a coordinate within 1e-3 px of an integer was an integer (float32
   * keeps ~7 digits, so this holds for images up to ~10,000 px).
   */
  private static PixelBox snap(PixelBox b) {
    return PixelBox.ofCorners(snap(b.xmin()), snap(b.ymin()), snap(b.xmax()), snap(b.ymax()));
  }

  private static double snap(double v) {
    double r = Math.rint(v);
    return Math.abs(v - r) < 1e-3 ? r : v;
  }

  private static String labelFor(long id, Optional<LabelMap> labelMap) {
    return labelMap
        .filter(m -> id == (int) id) // 2^32 + 1 is not class 1
        .flatMap(m -> m.item((int) id))
        .map(LabelMap.Item::displayNameOrName)
        .orElse(Long.toString(id));
  }

  /**
   * The int64 {@code image/width} or {@code image/height}, 0 when absent; a value beyond the int
   * range is refused, since narrowing it would silently rescale every box ({@code (int) (2^32 + 1)
   * == 1}).
   */
  private static long imageSide(Map<String, Feature> f, String key, String source)
      throws DatasetFormatException {
    long v = firstLong(f, key).orElse(0L);
    if (v > Integer.MAX_VALUE) {
      throw new DatasetFormatException(
          source,
          0,
          0,
          key
              + " is "
              + v
              + ", larger than any image side (2^31 - 1 pixels); fix the record, or leave "
              + key
              + " out to read the size from the encoded image");
    }
    return v;
  }

  private static void requireFinite(String source, String key, List<Float> values)
      throws DatasetFormatException {
    for (int i = 0; i < values.size(); i++) {
      if (!Float.isFinite(values.get(i))) {
        throw new DatasetFormatException(
            source,
            0,
            0,
            key
                + "["
                + i
                + "] is "
                + values.get(i)
                + ": box coordinates must be finite, normalized to [0, 1]");
      }
    }
  }

  private static void requireLength(String source, String key, int size, int n)
      throws DatasetFormatException {
    if (size != 0 && size != n) {
      throw new DatasetFormatException(
          source, 0, 0, key + " has " + size + " values for " + n + " boxes");
    }
  }

  private static Feature int64(long v) {
    return Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(v)).build();
  }

  private static Feature bytes(ByteString v) {
    return Feature.newBuilder().setBytesList(BytesList.newBuilder().addValue(v)).build();
  }

  private static ByteString utf8(String s) {
    return ByteString.copyFrom(s, StandardCharsets.UTF_8);
  }

  private static Optional<ByteString> firstBytes(Map<String, Feature> f, String key) {
    Feature v = f.get(key);
    return v == null || v.getBytesList().getValueCount() == 0
        ? Optional.empty()
        : Optional.of(v.getBytesList().getValue(0));
  }

  private static Optional<String> firstString(Map<String, Feature> f, String key) {
    return firstBytes(f, key).map(ByteString::toStringUtf8);
  }

  private static Optional<Long> firstLong(Map<String, Feature> f, String key) {
    Feature v = f.get(key);
    return v == null || v.getInt64List().getValueCount() == 0
        ? Optional.empty()
        : Optional.of(v.getInt64List().getValue(0));
  }

  private static List<Float> floats(Map<String, Feature> f, String key) {
    Feature v = f.get(key);
    return v == null ? List.of() : v.getFloatList().getValueList();
  }

  private static List<Long> int64s(Map<String, Feature> f, String key) {
    Feature v = f.get(key);
    return v == null ? List.of() : v.getInt64List().getValueList();
  }

  private static List<String> strings(Map<String, Feature> f, String key) {
    Feature v = f.get(key);
    if (v == null) {
      return List.of();
    }
    List<String> out = new ArrayList<>(v.getBytesList().getValueCount());
    for (ByteString b : v.getBytesList().getValueList()) {
      out.add(b.toStringUtf8());
    }
    return out;
  }
}
