package dev.detect.train.detector;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.internal.Sha256;
import dev.detect.io.tfrecord.OdApiExampleCodec;
import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import javax.imageio.ImageIO;

/**
 * What the Detector sends to models that decode images themselves ({@link
 * InputType#ENCODED_IMAGE_STRING_TENSOR}, {@link InputType#TF_EXAMPLE}): a lossless PNG of RGB
 * pixels, and the OD API's {@code tf.train.Example} of an image file.
 */
final class EncodedImages {
  private EncodedImages() {}

  /** A PNG of {@code rgb} ({@code height × width} RGB bytes), which decodes to exactly them. */
  static byte[] png(byte[] rgb, int height, int width) {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_3BYTE_BGR);
    byte[] bgr = ((DataBufferByte) img.getRaster().getDataBuffer()).getData();
    for (int i = 0; i < bgr.length; i += 3) {
      bgr[i] = rgb[i + 2];
      bgr[i + 1] = rgb[i + 1];
      bgr[i + 2] = rgb[i];
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(rgb.length / 2 + 1024);
    try {
      if (!ImageIO.write(img, "png", out)) {
        throw new IllegalStateException("no PNG writer in this Java runtime");
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return out.toByteArray();
  }

  /**
   * The serialized OD API Example of an image file without objects: {@code image/encoded}, {@code
   * image/format}, {@code image/height}, {@code image/width}, {@code image/filename}, {@code
   * image/source_id} and {@code image/key/sha256}, as {@code detect tfrecord} writes them.
   */
  static byte[] example(byte[] file, String format, int width, int height, String source) {
    String name = source.substring(Math.max(source.lastIndexOf('/'), source.lastIndexOf('\\')) + 1);
    String fileName = name.isBlank() || name.contains(" ") ? "image." + format : name;
    return OdApiExampleCodec.encode(
            ImageAnnotation.builder(fileName, width, height).build(),
            file,
            format,
            fileName,
            Sha256.hex(file),
            List.of())
        .toByteArray();
  }
}
