package dev.detect.io.internal;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.io.ReadResult;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Lists what a format writer cannot express, once per attribute with a count and the first image
 * names, so that {@link dev.detect.io.WriteResult#notWritten()} stays short but complete.
 */
public final class NotWrittenReport {
  private static final int NAMES_SHOWN = 5;

  private NotWrittenReport() {}

  /** An annotation attribute that some formats cannot store. */
  public enum Attribute {
    /** The object's {@code difficult} flag, when set. */
    DIFFICULT("difficult flag", true, o -> o.difficult()),
    /** The object's {@code truncated} flag, when set. */
    TRUNCATED("truncated flag", true, o -> o.truncated()),
    /** The object's pose, when not {@code Unspecified}. */
    POSE("pose", true, o -> !ObjectAnnotation.UNSPECIFIED_POSE.equals(o.pose())),
    /** The image's {@code verified} flag, when set. */
    VERIFIED("verified flag", false, null),
    /** The image's recorded path, when present. */
    PATH("recorded path", false, null),
    /** The image's recorded folder, when present. */
    FOLDER("recorded folder", false, null),
    /** The image's channel count, when not 3. */
    DEPTH("depth (channels)", false, null),
    /** The image width, height and depth, always (readers take them from the image files). */
    IMAGE_SIZE("image size and depth", false, null);

    private final String description;
    private final boolean perObject;
    private final Predicate<ObjectAnnotation> objectTest;

    Attribute(String description, boolean perObject, Predicate<ObjectAnnotation> objectTest) {
      this.description = description;
      this.perObject = perObject;
      this.objectTest = objectTest;
    }

    boolean hasValue(ImageAnnotation image) {
      return switch (this) {
        case VERIFIED -> image.verified();
        case PATH -> image.path().isPresent();
        case FOLDER -> image.folder().isPresent();
        case DEPTH -> image.depth() != 3;
        case IMAGE_SIZE -> true;
        default -> image.objects().stream().anyMatch(objectTest);
      };
    }

    long objectCount(ImageAnnotation image) {
      return image.objects().stream().filter(objectTest).count();
    }
  }

  /**
   * One warning per attribute in {@code unsupported} that some image of {@code set} carries.
   *
   * @param set what is being written
   * @param unsupported the attributes the format cannot store
   * @param format the format's name for the message, e.g. {@code YOLO}
   * @param output the file or folder written, named by each warning
   * @param why what happens instead, e.g. "YOLO txt has no such field"
   */
  public static List<ReadResult.Warning> of(
      AnnotationSet set, Set<Attribute> unsupported, String format, String output, String why) {
    List<ReadResult.Warning> warnings = new ArrayList<>();
    for (Attribute attribute : Attribute.values()) {
      if (!unsupported.contains(attribute)) {
        continue;
      }
      List<String> names = new ArrayList<>();
      long objects = 0;
      for (ImageAnnotation image : set) {
        if (attribute.hasValue(image)) {
          names.add(image.fileName());
          objects += attribute.perObject ? attribute.objectCount(image) : 0;
        }
      }
      if (!names.isEmpty()) {
        warnings.add(
            new ReadResult.Warning(output, message(attribute, names, objects, format, why)));
      }
    }
    return warnings;
  }

  private static String message(
      Attribute attribute, List<String> names, long objects, String format, String why) {
    String count =
        attribute.perObject
            ? objects + " objects in " + names.size() + " images"
            : names.size() + " images";
    String shown = String.join(", ", names.subList(0, Math.min(NAMES_SHOWN, names.size())));
    return attribute.description
        + " of "
        + count
        + " not written: "
        + format
        + " cannot store it"
        + (why.isEmpty() ? "" : " (" + why + ")")
        + "; images: "
        + shown
        + (names.size() > NAMES_SHOWN ? ", …" : "");
  }
}
