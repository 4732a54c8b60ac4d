package dev.detect.io.tfrecord;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.image.ImageFormat;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.imageio.ImageIO;

/** Turns one annotated image into a serialized Example, applying the writer's policies. */
final class ExampleEncoder {
  private final LabelMap labelMap;
  private final ImagePaths paths;
  private final long maxPixels;
  private final Policy unknownLabels;
  private final Policy invalidImages;
  private final BoxPolicy invalidBoxes;
  private final boolean convertOtherFormats;

  /** The outcome for one image: a record, or none when the image was skipped. */
  record Encoded(
      Optional<byte[]> prefix,
      byte[] image,
      int objects,
      long imageBytes,
      List<Warning> skipped,
      List<Warning> clipped) {}

  ExampleEncoder(
      LabelMap labelMap,
      ImagePaths paths,
      long maxPixels,
      Policy unknownLabels,
      Policy invalidImages,
      BoxPolicy invalidBoxes,
      boolean convertOtherFormats) {
    this.labelMap = labelMap;
    this.paths = paths;
    this.maxPixels = maxPixels;
    this.unknownLabels = unknownLabels;
    this.invalidImages = invalidImages;
    this.invalidBoxes = invalidBoxes;
    this.convertOtherFormats = convertOtherFormats;
  }

  Encoded encode(ImageAnnotation image) throws IOException {
    try {
      return encodeOrThrow(image);
    } catch (InvalidImage e) {
      if (invalidImages == Policy.SKIP) {
        return new Encoded(
            Optional.empty(),
            new byte[0],
            0,
            0,
            List.of(new Warning(image.fileName(), "image skipped: " + e.getMessage())),
            List.of());
      }
      throw new DatasetFormatException(
          e.file.toString(), 0, 0, e.getMessage() + " (or skip such images with the SKIP policy)");
    }
  }

  private Encoded encodeOrThrow(ImageAnnotation image) throws IOException, InvalidImage {
    Path file = resolve(image.fileName());
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidImage(file, "image not found (annotated as '" + image.fileName() + "')");
    }
    ImageInfo info;
    try {
      info = ImageHeaders.read(bytes, file.toString());
      ImageHeaders.checkPixels(info, maxPixels, file.toString());
      ImageHeaders.checkComplete(bytes, info, file.toString());
    } catch (DatasetFormatException e) {
      throw new InvalidImage(
          file, "unreadable image (annotated as '" + image.fileName() + "'): " + e.reason());
    }
    if (info.format() != ImageFormat.JPEG && info.format() != ImageFormat.PNG) {
      bytes = convert(file, bytes, info);
      info = ImageHeaders.read(bytes, file.toString());
    }
    if (info.width() != image.width() || info.height() != image.height()) {
      throw new InvalidImage(file, sizeMismatch(image, info));
    }
    List<Warning> skipped = new ArrayList<>();
    List<Warning> clipped = new ArrayList<>();
    List<ObjectAnnotation> kept = new ArrayList<>();
    List<LabelMap.Item> classes = new ArrayList<>();
    List<ObjectAnnotation> objects = image.objects();
    for (int i = 0; i < objects.size(); i++) {
      ObjectAnnotation o = objects.get(i);
      String where = image.fileName() + " object " + i + " '" + o.label() + "'";
      Optional<LabelMap.Item> item = labelMap.itemFor(o.label());
      if (item.isEmpty()) {
        if (unknownLabels == Policy.FAIL) {
          throw new DatasetFormatException(
              file.toString(),
              0,
              0,
              where
                  + ": label not in the label map "
                  + labelMap.names()
                  + "; add it, fix the label, or skip unknown labels");
        }
        skipped.add(
            new Warning(
                image.fileName(),
                "object " + i + " skipped: label '" + o.label() + "' not in the label map"));
        continue;
      }
      PixelBox box = o.box();
      if (!box.isValidWithin(image.width(), image.height())) {
        String why =
            "box "
                + box
                + " is "
                + (box.hasPositiveArea()
                    ? "outside the " + image.width() + "x" + image.height() + " image"
                    : "empty or inverted");
        if (invalidBoxes == BoxPolicy.FAIL) {
          throw new DatasetFormatException(
              file.toString(),
              0,
              0,
              where + ": " + why + "; fix it, or skip or clip invalid boxes");
        }
        PixelBox c = box.clipTo(image.width(), image.height());
        if (invalidBoxes == BoxPolicy.SKIP || !c.hasPositiveArea()) {
          skipped.add(new Warning(image.fileName(), "object " + i + " skipped: " + why));
          continue;
        }
        clipped.add(new Warning(image.fileName(), "object " + i + " clipped: " + why));
        o = o.withBox(c);
      }
      kept.add(o);
      classes.add(item.get());
    }
    ImageAnnotation written = image.toBuilder().objects(kept).build();
    byte[] prefix =
        OdApiExampleCodec.encodePrefix(
            written, bytes, info.format().odApiName(), image.fileName(), sha256(bytes), classes);
    return new Encoded(Optional.of(prefix), bytes, kept.size(), bytes.length, skipped, clipped);
  }

  private Path resolve(String fileName) throws InvalidImage {
    try {
      return paths.resolve(fileName);
    } catch (ImagePaths.Refused e) {
      throw new InvalidImage(e.resolved(), e.getMessage());
    }
  }

  private byte[] convert(Path file, byte[] bytes, ImageInfo info) throws IOException, InvalidImage {
    if (!convertOtherFormats) {
      throw new InvalidImage(
          file,
          info.format()
              + " image: the TFRecord stores JPEG or PNG;"
              + " convert it, or enable converting other formats to PNG");
    }
    // An in-memory stream: ImageIO.read(InputStream) would copy the bytes to a temporary file.
    BufferedImage img =
        ImageIO.read(
            new javax.imageio.stream.MemoryCacheImageInputStream(new ByteArrayInputStream(bytes)));
    if (img == null) {
      throw new InvalidImage(file, "cannot decode " + info.format() + " image to convert it");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ImageIO.write(img, "png", out);
    return out.toByteArray();
  }

  private static String sizeMismatch(ImageAnnotation image, ImageInfo info) {
    String s =
        "annotated as "
            + image.width()
            + "x"
            + image.height()
            + " but the image is "
            + info.width()
            + "x"
            + info.height();
    if (info.orientationSwapsAxes()
        && info.width() == image.height()
        && info.height() == image.width()) {
      s +=
          " (EXIF orientation "
              + info.exifOrientation()
              + ": it was annotated rotated;"
              + " rotate the image pixels to match, e.g. with exiftool or ImageMagick -auto-orient)";
    }
    return s;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 missing from the JDK", e);
    }
  }

  /** An image-level problem, subject to the invalid-images policy. */
  private static final class InvalidImage extends Exception {
    private static final long serialVersionUID = 1L;
    final transient Path file;

    InvalidImage(Path file, String message) {
      super(message, null, false, false);
      this.file = file;
    }
  }
}
