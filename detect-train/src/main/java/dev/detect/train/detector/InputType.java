package dev.detect.train.detector;

/**
 * How a detection model takes its image: the four {@code --input_type}s of the OD API's exporters
 * ({@code exporter_main_v2.py} and TF1 {@code export_inference_graph.py}). The {@link Detector}
 * feeds each from the same images: RGB bytes, RGB as floats, the encoded file, or a {@code
 * tf.train.Example} holding it.
 */
public enum InputType {
  /**
   * uint8 RGB {@code [1, H, W, 3]} (or a free batch): {@code input_tensor} / {@code image_tensor}.
   */
  IMAGE_TENSOR("image_tensor"),
  /** float32 RGB values 0–255, {@code [1, H, W, 3]}. */
  FLOAT_IMAGE_TENSOR("float_image_tensor"),
  /**
   * A string tensor of encoded images ({@code [1]}, {@code [-1]} or a scalar), decoded in the graph
   * with {@code tf.image.decode_image}: JPEG and PNG files are fed as they are, other formats and
   * {@code BufferedImage}s as a PNG of their RGB.
   */
  ENCODED_IMAGE_STRING_TENSOR("encoded_image_string_tensor"),
  /**
   * A string tensor of serialized {@code tf.train.Example}s, decoded in the graph with the OD API's
   * {@code TfExampleDecoder}: the Detector sends the OD API's Example of the image ({@code
   * image/encoded}, {@code image/format}, {@code image/height}, {@code image/width}, …), encoded as
   * for {@link #ENCODED_IMAGE_STRING_TENSOR}.
   */
  TF_EXAMPLE("tf_example");

  private final String odApiName;

  InputType(String odApiName) {
    this.odApiName = odApiName;
  }

  /** The exporters' {@code --input_type} value, e.g. {@code encoded_image_string_tensor}. */
  public String odApiName() {
    return odApiName;
  }

  /** Whether the model decodes the image itself (a string input). */
  boolean encoded() {
    return this == ENCODED_IMAGE_STRING_TENSOR || this == TF_EXAMPLE;
  }
}
