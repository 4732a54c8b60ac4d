package dev.detect.io.validate;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.imageio.ImageIO;

/** Test images written with ImageIO, a JPEG with an EXIF orientation, and a tiny VOC reader. */
final class ValidateFixtures {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  private static final Pattern OBJECT = Pattern.compile("<object>(.*?)</object>", Pattern.DOTALL);

  private ValidateFixtures() {}

  /** JPEG bytes of a {@code width × height} RGB image whose first pixel is {@code seed}. */
  static byte[] jpeg(int width, int height, int seed) throws IOException {
    BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
    img.setRGB(0, 0, seed);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "jpeg", out);
    return out.toByteArray();
  }

  /** Writes a grayscale PNG. */
  static void grayPng(Path file, int width, int height) throws IOException {
    ImageIO.write(
        new BufferedImage(width, height, BufferedImage.TYPE_BYTE_GRAY), "png", file.toFile());
  }

  /**
   * {@code jpeg} with an APP1 "Exif" segment right after SOI holding a big-endian TIFF IFD0 with
   * one entry: Orientation (0x0112, SHORT) = {@code orientation}.
   */
  static byte[] withExifOrientation(byte[] jpeg, int orientation) {
    byte[] tiff = {
      'M',
      'M',
      0,
      42,
      0,
      0,
      0,
      8, // header, IFD0 at offset 8
      0,
      1, // one entry
      0x01,
      0x12,
      0,
      3,
      0,
      0,
      0,
      1,
      0,
      (byte) orientation,
      0,
      0, // Orientation SHORT 1
      0,
      0,
      0,
      0 // no next IFD
    };
    byte[] exif = new byte[6 + tiff.length];
    System.arraycopy(new byte[] {'E', 'x', 'i', 'f', 0, 0}, 0, exif, 0, 6);
    System.arraycopy(tiff, 0, exif, 6, tiff.length);
    int len = exif.length + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.write(jpeg, 0, 2); // SOI
    out.write(0xFF);
    out.write(0xE1);
    out.write(len >> 8);
    out.write(len & 0xFF);
    out.write(exif, 0, exif.length);
    out.write(jpeg, 2, jpeg.length - 2);
    return out.toByteArray();
  }

  /** An annotation with one valid box per label. */
  static ImageAnnotation image(String name, int width, int height, String... labels) {
    ImageAnnotation.Builder b = ImageAnnotation.builder(name, width, height);
    for (String label : labels) {
      b.addObject(ObjectAnnotation.of(label, PixelBox.ofCorners(1, 1, 5, 5)));
    }
    return b.build();
  }

  /** Every VOC XML in a folder, read with regular expressions (the real reader is elsewhere). */
  static AnnotationSet readVocFolder(Path dir) throws IOException {
    List<ImageAnnotation> images = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path xml : files.filter(p -> p.toString().endsWith(".xml")).sorted().toList()) {
        images.add(readVoc(xml));
      }
    }
    return AnnotationSet.of(images);
  }

  static ImageAnnotation readVoc(Path xml) throws IOException {
    String doc = Files.readString(xml);
    ImageAnnotation.Builder b =
        ImageAnnotation.builder(
            text(doc, "filename"),
            (int) Double.parseDouble(text(doc, "width")),
            (int) Double.parseDouble(text(doc, "height")));
    b.depth(Integer.parseInt(text(doc, "depth")));
    Matcher objects = OBJECT.matcher(doc);
    while (objects.find()) {
      String o = objects.group(1);
      b.addObject(
          ObjectAnnotation.of(
              text(o, "name"),
              PixelBox.ofCorners(num(o, "xmin"), num(o, "ymin"), num(o, "xmax"), num(o, "ymax"))));
    }
    return b.build();
  }

  private static String text(String xml, String tag) {
    Matcher m = Pattern.compile("<" + tag + ">(.*?)</" + tag + ">", Pattern.DOTALL).matcher(xml);
    if (!m.find()) {
      throw new IllegalStateException("no <" + tag + ">");
    }
    return m.group(1).trim();
  }

  private static double num(String xml, String tag) {
    return Double.parseDouble(text(xml, tag));
  }
}
