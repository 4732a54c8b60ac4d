package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.train.input.TensorFlowImageOps.Decoded;
import dev.detect.train.input.TensorFlowImageOps.Diff;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * {@link ImageDecoder} ({@code javax.imageio}) against TensorFlow's {@code DecodeJpeg} and {@code
 * DecodePng} (libjpeg-turbo, libpng) on real photos of the shared data. Differences are in levels
 * of 255.
 *
 * <p>ImageIO decodes JPEGs bit for bit as {@code DecodeJpeg(dct_method="INTEGER_ACCURATE")}, the
 * accurate integer IDCT that PIL and OpenCV use as well, and as {@code Detector} and the training
 * evaluator decode (they use {@link ImageDecoder}). TensorFlow's default ({@code dct_method=""},
 * what {@code decode_image} in the OD API's Python input pipeline uses) is the fast integer IDCT:
 * up to 7 levels apart and about 0.8 levels darker on average (mean |difference| 0.5–1.14). We keep
 * ImageIO: serving clients (PIL, OpenCV, our {@code Detector}) decode as it does, and the skew
 * against the OD API's own trainer is an order of magnitude below the brightness jitter training
 * applies anyway ({@code random_adjust_brightness} ±51 levels, {@code random_distort_color} ±32).
 * Measured once with the VOC20 frozen graph on six photos decoded both ways: scores of the top-20
 * detections moved by ≤ 0.004.
 */
class DecodeParityTest {
  private static final List<String> JPEGS =
      List.of(SharedPhotos.RACCOON, SharedPhotos.BCCD, SharedPhotos.COCO, SharedPhotos.GRAY);

  /** Upper bound on any value of ImageIO vs TensorFlow's default JPEG decode (measured 7). */
  static final double DEFAULT_DCT_MAX = 8;

  /** Upper bound on the mean of ImageIO vs TensorFlow's default JPEG decode (measured 1.14). */
  static final double DEFAULT_DCT_MEAN = 1.5;

  /** The RGBA PNG (alpha dropped on both sides): bound 0, measured max 0, mean 0. */
  @Test
  void png_decodesExactlyAsDecodePng() {
    ImageBoxes java = SharedPhotos.decoded(SharedPhotos.PNG);
    Decoded tf = TensorFlowImageOps.decodePng(SharedPhotos.bytes(SharedPhotos.PNG));
    assertEquals(tf.height(), java.height());
    assertEquals(tf.width(), java.width());
    Diff diff = Diff.of(tf.pixels(), java.pixels());
    assertEquals(0, diff.max(), () -> "ImageIO vs DecodePng: " + diff);
  }

  /**
   * Three colour JPEGs (650×417, 640×480, 2048×1371, 4:2:0) and a grayscale one against {@code
   * DecodeJpeg(channels=3, dct_method="INTEGER_ACCURATE")}: bound 0, measured max 0, mean 0.
   */
  @Test
  void jpeg_decodesExactlyAsDecodeJpegWithTheAccurateIdct() {
    for (String photo : JPEGS) {
      ImageBoxes java = SharedPhotos.decoded(photo);
      Decoded tf = TensorFlowImageOps.decodeJpeg(SharedPhotos.bytes(photo), "INTEGER_ACCURATE");
      assertEquals(tf.height(), java.height());
      assertEquals(tf.width(), java.width());
      Diff diff = Diff.of(tf.pixels(), java.pixels());
      assertEquals(
          0, diff.max(), () -> photo + ", ImageIO vs DecodeJpeg(INTEGER_ACCURATE): " + diff);
    }
  }

  /**
   * The same JPEGs against TensorFlow's default {@code DecodeJpeg(channels=3)}, which is the fast
   * IDCT ({@code INTEGER_FAST}, asserted equal): max ≤ {@value #DEFAULT_DCT_MAX}, mean ≤ {@value
   * #DEFAULT_DCT_MEAN} levels. Measured per photo max 7, 4, 4, 5 and mean 0.95, 1.05, 1.14, 0.50
   * (signed mean −0.78 to −0.92: TensorFlow's default is darker); 0–11 % of the values differ by
   * more than 2 levels. Resizing both to 300×300 (the model input) leaves max 5.5, mean 1.14: the
   * difference is a bias, not noise that the resize averages away. Harmless, see the class comment.
   */
  @Test
  void jpeg_differsFromTensorFlowsDefaultFastIdctByAFewLevels() {
    Diff worst = new Diff(0, 0, 0);
    for (String photo : JPEGS) {
      byte[] bytes = SharedPhotos.bytes(photo);
      Decoded tf = TensorFlowImageOps.decodeJpeg(bytes, "");
      Decoded fast = TensorFlowImageOps.decodeJpeg(bytes, "INTEGER_FAST");
      assertEquals(0, Diff.of(fast.pixels(), tf.pixels()).max(), "default is INTEGER_FAST");
      worst = worst.worst(Diff.of(tf.pixels(), SharedPhotos.decoded(photo).pixels()));
    }
    Diff diff = worst;
    assertTrue(
        diff.max() <= DEFAULT_DCT_MAX && diff.mean() <= DEFAULT_DCT_MEAN,
        () -> "ImageIO vs DecodeJpeg default on " + JPEGS + ": " + diff);
    // A few levels, not zero: if this starts to hold, TensorFlow's default changed.
    assertTrue(diff.max() >= 1, () -> "the default DCT now agrees: " + diff);
  }
}
