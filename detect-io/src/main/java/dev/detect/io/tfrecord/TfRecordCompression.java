package dev.detect.io.tfrecord;

/** Compression of a whole TFRecord file, as TensorFlow's {@code TFRecordOptions} names it. */
public enum TfRecordCompression {
  /** Uncompressed records (TensorFlow's {@code ""}). */
  NONE,
  /** The whole file is one GZIP stream (TensorFlow's {@code "GZIP"}). */
  GZIP;

  /** The compression type string TensorFlow's readers take ({@code ""} or {@code "GZIP"}). */
  public String tensorflowName() {
    return this == NONE ? "" : "GZIP";
  }
}
