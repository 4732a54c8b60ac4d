package dev.detect.spark.internal;

import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;

/**
 * An {@link ImageAnnotation} as it travels to executors (the core types are not Serializable):
 * every field the TFRecord encoder reads, so that the rebuilt annotation encodes to the same bytes.
 *
 * @param index the image's 0-based position in the annotation set
 */
public record ImageSpec(
    int index,
    String fileName,
    String path,
    String folder,
    int width,
    int height,
    int depth,
    boolean verified,
    List<ObjectSpec> objects)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** One object: label, box corners in pixels, VOC flags and pose. */
  public record ObjectSpec(
      String label,
      double xmin,
      double ymin,
      double xmax,
      double ymax,
      boolean difficult,
      boolean truncated,
      String pose)
      implements Serializable {
    private static final long serialVersionUID = 1L;
  }

  /** The spec of image {@code index} of a set. */
  public static ImageSpec of(int index, ImageAnnotation a) {
    List<ObjectSpec> objects = new ArrayList<>();
    for (ObjectAnnotation o : a.objects()) {
      PixelBox b = o.box();
      objects.add(
          new ObjectSpec(
              o.label(),
              b.xmin(),
              b.ymin(),
              b.xmax(),
              b.ymax(),
              o.difficult(),
              o.truncated(),
              o.pose()));
    }
    return new ImageSpec(
        index,
        a.fileName(),
        a.path().orElse(null),
        a.folder().orElse(null),
        a.width(),
        a.height(),
        a.depth(),
        a.verified(),
        new ArrayList<>(objects));
  }

  /** The annotation again. */
  public ImageAnnotation annotation() {
    ImageAnnotation.Builder b =
        ImageAnnotation.builder(fileName, width, height).depth(depth).verified(verified);
    if (path != null) {
      b.path(path);
    }
    if (folder != null) {
      b.folder(folder);
    }
    for (ObjectSpec o : objects) {
      b.addObject(
          new ObjectAnnotation(
              o.label(),
              PixelBox.ofCorners(o.xmin(), o.ymin(), o.xmax(), o.ymax()),
              o.difficult(),
              o.truncated(),
              o.pose()));
    }
    return b.build();
  }
}
