package dev.detect.io.validate;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.internal.Sha256;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Checks one annotated image against its file: location, readability, size, EXIF, depth. */
final class ImageFileCheck {

  /** What checking one image found: its issues and, when the file was read, its SHA-256. */
  record Result(List<ValidationIssue> issues, Optional<String> sha256, Optional<Path> file) {}

  private final ImagePaths paths;
  private final long maxPixels;

  ImageFileCheck(ImagePaths paths, long maxPixels) {
    this.paths = paths;
    this.maxPixels = maxPixels;
  }

  Result check(ImageAnnotation image) {
    List<ValidationIssue> issues = new ArrayList<>();
    String name = image.fileName();
    Path file;
    try {
      file = paths.resolve(name);
    } catch (ImagePaths.Refused e) {
      String code =
          e.outsideRoot() ? DatasetValidator.PATH_ESCAPES : DatasetValidator.IMAGE_MISSING;
      issues.add(ValidationIssue.error(code, name, e.getMessage()));
      return new Result(issues, Optional.empty(), Optional.empty());
    }
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      issues.add(
          ValidationIssue.error(
              DatasetValidator.IMAGE_MISSING,
              name,
              "image file "
                  + file
                  + " does not exist; copy the image there or remove its annotation"));
      return new Result(issues, Optional.empty(), Optional.empty());
    } catch (IOException e) {
      issues.add(
          ValidationIssue.error(
              DatasetValidator.IMAGE_CORRUPT, name, "cannot read " + file + ": " + e));
      return new Result(issues, Optional.empty(), Optional.of(file));
    }
    String sha = Sha256.hex(bytes);
    try {
      ImageInfo info = ImageHeaders.read(bytes, file.toString());
      ImageHeaders.checkPixels(info, maxPixels, file.toString());
      ImageHeaders.checkComplete(bytes, info, file.toString());
      compare(image, info, issues);
    } catch (DatasetFormatException e) {
      issues.add(
          ValidationIssue.error(
              DatasetValidator.IMAGE_CORRUPT,
              name,
              e.getMessage() + "; re-export or replace the image"));
    } catch (RuntimeException e) {
      // A header so broken that the parser itself trips must not stop the whole validation.
      issues.add(
          ValidationIssue.error(
              DatasetValidator.IMAGE_CORRUPT,
              name,
              file + ": corrupt image header (" + e + "); re-export or replace the image"));
    }
    return new Result(issues, Optional.of(sha), Optional.of(file));
  }

  private static void compare(ImageAnnotation image, ImageInfo info, List<ValidationIssue> out) {
    String name = image.fileName();
    if (image.width() != info.width() || image.height() != info.height()) {
      boolean swapped = image.width() == info.height() && image.height() == info.width();
      String msg =
          "annotation says "
              + image.width()
              + "x"
              + image.height()
              + " but the image file is "
              + info.width()
              + "x"
              + info.height();
      if (swapped && info.orientationSwapsAxes()) {
        msg +=
            "; it matches with width and height swapped and the file has EXIF orientation "
                + info.exifOrientation()
                + ": the annotation tool rotated the image, the OD API will not; rotate the"
                + " pixels (e.g. exiftran -a, PIL ImageOps.exif_transpose) and re-annotate or"
                + " transform the boxes";
      } else {
        msg += "; boxes were drawn on another size: re-open the image in the annotation tool";
      }
      out.add(ValidationIssue.error(DatasetValidator.SIZE_MISMATCH, name, msg));
    }
    if (info.exifOrientation() != 1) {
      out.add(
          ValidationIssue.warning(
              DatasetValidator.EXIF_ORIENTATION,
              name,
              "the file has EXIF orientation "
                  + info.exifOrientation()
                  + ": labelImg (>= 1.8.4) shows and annotates the rotated view, but PIL and"
                  + " TensorFlow's decode_jpeg ignore EXIF, so boxes land in the wrong place and"
                  + " the OD API fails with 'maximum box coordinate value is larger than 1.1';"
                  + " rotate the pixels and drop the tag (exiftran -a, ImageOps.exif_transpose)"
                  + " before annotating"));
    }
    if (image.depth() != info.channels()) {
      out.add(
          ValidationIssue.warning(
              DatasetValidator.DEPTH_MISMATCH,
              name,
              "annotation says depth "
                  + image.depth()
                  + " but the "
                  + info.format().odApiName()
                  + " file has "
                  + info.channels()
                  + " channel(s); the OD API decodes every image to 3 channels, so this is"
                  + " harmless for training but the file may not be what you think"));
    }
  }
}
