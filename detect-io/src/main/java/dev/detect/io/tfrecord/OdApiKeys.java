package dev.detect.io.tfrecord;

/**
 * Feature keys of the TensorFlow Object Detection API's {@code tf.train.Example} layout (see {@code
 * object_detection/core/standard_fields.py} and {@code data_decoders/tf_example_decoder.py}).
 */
public final class OdApiKeys {
  /** Image height in pixels, int64. */
  public static final String HEIGHT = "image/height";

  /** Image width in pixels, int64. */
  public static final String WIDTH = "image/width";

  /** Image file name, bytes. */
  public static final String FILENAME = "image/filename";

  /** Image id used by evaluation; must be unique per image, bytes. */
  public static final String SOURCE_ID = "image/source_id";

  /** Hex SHA-256 of the encoded image, bytes. */
  public static final String SHA256 = "image/key/sha256";

  /** The encoded image file bytes (JPEG or PNG). */
  public static final String ENCODED = "image/encoded";

  /** {@code jpeg} or {@code png}, bytes. */
  public static final String FORMAT = "image/format";

  /** Normalized left edges, float. */
  public static final String XMIN = "image/object/bbox/xmin";

  /** Normalized right edges, float. */
  public static final String XMAX = "image/object/bbox/xmax";

  /** Normalized top edges, float. */
  public static final String YMIN = "image/object/bbox/ymin";

  /** Normalized bottom edges, float. */
  public static final String YMAX = "image/object/bbox/ymax";

  /** Class names (the label map {@code name}), bytes. */
  public static final String CLASS_TEXT = "image/object/class/text";

  /** Class ids (1-based label map ids), int64. */
  public static final String CLASS_LABEL = "image/object/class/label";

  /** PASCAL difficult flags, int64. */
  public static final String DIFFICULT = "image/object/difficult";

  /** PASCAL truncated flags, int64. */
  public static final String TRUNCATED = "image/object/truncated";

  /** PASCAL pose per object, bytes. */
  public static final String VIEW = "image/object/view";

  private OdApiKeys() {}
}
