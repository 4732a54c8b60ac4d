package dev.detect.io.internal;

import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Set;

/** Image file helpers shared by the formats that take the image size from the image file. */
public final class ImageSizes {
  /** The lower-case extensions treated as images when listing a folder. */
  public static final Set<String> EXTENSIONS =
      Set.of("jpg", "jpeg", "png", "bmp", "gif", "webp", "jpe");

  private ImageSizes() {}

  /**
   * The size of an image as displayed: the header size, with width and height swapped when the EXIF
   * orientation rotates by 90° (labelImg, VIA in a browser and Ultralytics all annotate the
   * displayed image).
   *
   * @param width displayed width in pixels
   * @param height displayed height in pixels
   * @param channels stored colour channels (1 to 4)
   * @param exifOrientation the EXIF orientation, 1 when upright
   */
  public record Displayed(int width, int height, int channels, int exifOrientation) {}

  /** Reads the displayed size of {@code image} from its header. */
  public static Displayed read(Path image) throws IOException {
    ImageInfo info = ImageHeaders.read(image);
    int channels = Math.max(1, Math.min(4, info.channels()));
    return info.orientationSwapsAxes()
        ? new Displayed(info.height(), info.width(), channels, info.exifOrientation())
        : new Displayed(info.width(), info.height(), channels, info.exifOrientation());
  }

  /** True when the file name has an image extension (case-insensitive). */
  public static boolean isImage(Path file) {
    String name = file.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot > 0 && EXTENSIONS.contains(name.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  /** The file name without its last extension. */
  public static String baseName(String fileName) {
    int slash = Math.max(fileName.lastIndexOf('/'), fileName.lastIndexOf('\\'));
    String name = fileName.substring(slash + 1);
    int dot = name.lastIndexOf('.');
    return dot > 0 ? name.substring(0, dot) : name;
  }
}
