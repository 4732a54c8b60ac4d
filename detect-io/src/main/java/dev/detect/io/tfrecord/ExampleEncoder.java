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
import dev.detect.io.internal.Sha256;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
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

  private final FramedRecord.Pool buffers = new FramedRecord.Pool();

  /** The outcome for one image: a framed record, or none when the image was skipped. */
  record Encoded(
      Optional<FramedRecord> record,
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
      return invalid(image, e.file, e.getMessage());
    }
  }

  /**
   * Encodes an image whose bytes were read elsewhere (another file system); {@code source} names
   * the file in messages. The record returned owns a pooled buffer: release it when done.
   */
  Encoded encode(ImageAnnotation image, String source, byte[] bytes) throws IOException {
    if (bytes.length > Integer.MAX_VALUE - 2L * FramedRecord.HEADROOM) {
      return invalid(
          image,
          source,
          "image of " + bytes.length + " bytes is too large for a TFRecord record (2 GiB)");
    }
    ByteBuffer b = buffers.take(bytes.length);
    b.put(FramedRecord.HEADROOM, bytes);
    ByteBuffer[] held = {
      b.position(FramedRecord.HEADROOM).limit(FramedRecord.HEADROOM + bytes.length)
    };
    boolean handedOver = false;
    try {
      Encoded e = encode(image, source, held);
      handedOver = e.record().isPresent();
      return e;
    } catch (InvalidImage e) {
      return invalid(image, e.file, e.getMessage());
    } finally {
      if (!handedOver) {
        buffers.give(held[0]);
      }
    }
  }

  /**
   * Applies the invalid-images policy to an image that cannot be written ({@code reason} says why):
   * an empty outcome with the image listed under SKIP, else a {@link DatasetFormatException} naming
   * {@code source}.
   */
  Encoded invalid(ImageAnnotation image, String source, String reason)
      throws DatasetFormatException {
    if (invalidImages == Policy.SKIP) {
      return new Encoded(
          Optional.empty(),
          0,
          0,
          List.of(new Warning(image.fileName(), "image skipped: " + reason)),
          List.of());
    }
    throw new DatasetFormatException(
        source,
        0,
        0,
        reason + " (or skip such images: invalidImages(SKIP), --skip-invalid-images)");
  }

  private Encoded encodeOrThrow(ImageAnnotation image) throws IOException, InvalidImage {
    Path file = resolve(image.fileName());
    ByteBuffer[] held = {read(file, image.fileName())};
    boolean handedOver = false;
    try {
      Encoded e = encode(image, file.toString(), held);
      handedOver = e.record().isPresent();
      return e;
    } finally {
      if (!handedOver) {
        buffers.give(held[0]);
      }
    }
  }

  /**
   * Reads a whole image file into a pooled buffer, at {@link FramedRecord#HEADROOM}; the buffer's
   * position and limit then frame the image bytes.
   */
  private ByteBuffer read(Path file, String annotatedName) throws IOException, InvalidImage {
    try (FileChannel channel = FileChannel.open(file)) {
      long size = channel.size();
      if (size > Integer.MAX_VALUE - 2L * FramedRecord.HEADROOM) {
        throw new InvalidImage(
            file.toString(),
            "image of " + size + " bytes is too large for a TFRecord record (2 GiB)");
      }
      ByteBuffer b = buffers.take(size + 1); // one byte more, to see a file that grew
      b.position(FramedRecord.HEADROOM).limit(b.capacity() - 4);
      try {
        while (channel.read(b) >= 0) {
          if (!b.hasRemaining()) { // the file grew while being read: take a larger buffer
            int read = b.position() - FramedRecord.HEADROOM;
            ByteBuffer larger = buffers.take(2L * read);
            larger.put(FramedRecord.HEADROOM, b, FramedRecord.HEADROOM, read);
            larger.position(b.position()).limit(larger.capacity() - 4);
            buffers.give(b);
            b = larger;
          }
        }
      } catch (IOException e) {
        buffers.give(b);
        throw e;
      }
      return b.limit(b.position()).position(FramedRecord.HEADROOM);
    } catch (NoSuchFileException e) {
      throw new InvalidImage(file.toString(), notFound(annotatedName));
    } catch (IOException e) {
      // unreadable (no permission, a folder, an I/O error): invalid like a missing one, so that
      // invalidImages(SKIP) leaves it out and FAIL names it
      throw new InvalidImage(file.toString(), unreadable(annotatedName, e));
    }
  }

  /** Why an image is invalid when its file does not exist. */
  static String notFound(String annotatedName) {
    return "image not found (annotated as '" + annotatedName + "')";
  }

  /** Why an image is invalid when its file cannot be read. */
  static String unreadable(String annotatedName, IOException e) {
    // unreadable (no permission, a folder, an I/O error): invalid like a missing one, so that
    // invalidImages(SKIP) leaves it out and FAIL names it
    return "cannot read image (annotated as '"
        + annotatedName
        + "'): "
        + (e.getMessage() == null ? e.toString() : e.getMessage());
  }

  /**
   * Encodes the image bytes of {@code held[0]}; a converted image replaces them there (the buffer
   * in {@code held[0]} is the caller's to give back unless a record is returned, which owns it).
   */
  private Encoded encode(ImageAnnotation image, String file, ByteBuffer[] held)
      throws IOException, InvalidImage {
    ByteBuffer buffer = held[0];
    ImageInfo info;
    try {
      info = ImageHeaders.read(buffer, file);
      ImageHeaders.checkPixels(info, maxPixels, file);
      ImageHeaders.checkComplete(buffer, info, file);
    } catch (DatasetFormatException e) {
      throw new InvalidImage(
          file, "unreadable image (annotated as '" + image.fileName() + "'): " + e.reason());
    }
    if (info.format() != ImageFormat.JPEG && info.format() != ImageFormat.PNG) {
      byte[] original = new byte[buffer.remaining()];
      buffer.get(buffer.position(), original);
      byte[] png = convert(file, original, info);
      info = ImageHeaders.read(png, file);
      ByteBuffer b = buffers.take(png.length);
      b.put(FramedRecord.HEADROOM, png);
      held[0] = b.position(FramedRecord.HEADROOM).limit(FramedRecord.HEADROOM + png.length);
      buffers.give(buffer);
      buffer = held[0];
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
              file,
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
              file, 0, 0, where + ": " + why + "; fix it, or skip or clip invalid boxes");
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
    int length = buffer.remaining();
    byte[] prefix =
        OdApiExampleCodec.encodePrefix(
            written,
            length,
            info.format().odApiName(),
            image.fileName(),
            Sha256.hex(buffer.slice()),
            classes);
    FramedRecord record = FramedRecord.frame(buffers, buffer, prefix, length);
    return new Encoded(Optional.of(record), kept.size(), length, skipped, clipped);
  }

  private Path resolve(String fileName) throws InvalidImage {
    try {
      return paths.resolve(fileName);
    } catch (ImagePaths.Refused e) {
      throw new InvalidImage(e.resolved().toString(), e.getMessage());
    }
  }

  private byte[] convert(String file, byte[] bytes, ImageInfo info)
      throws IOException, InvalidImage {
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
    if (!ImageIO.write(img, "png", out)) {
      throw new InvalidImage(file, "no PNG writer takes this " + info.format() + " image");
    }
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

  /** An image-level problem, subject to the invalid-images policy. */
  private static final class InvalidImage extends Exception {
    private static final long serialVersionUID = 1L;
    final String file;

    InvalidImage(String file, String message) {
      super(message, null, false, false);
      this.file = file;
    }
  }
}
