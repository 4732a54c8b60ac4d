package dev.detect.core.annotation;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The annotation of one image: its file, size and labelled objects. Zero objects is legal and means
 * a negative (background-only) image.
 *
 * <p>Immutable; build with {@link #builder(String, int, int)} and derive variants with {@link
 * #toBuilder()}.
 */
public final class ImageAnnotation {
  private final String fileName;
  private final String path;
  private final String folder;
  private final int width;
  private final int height;
  private final int depth;
  private final boolean verified;
  private final List<ObjectAnnotation> objects;

  private ImageAnnotation(Builder b) {
    this.fileName = b.fileName;
    this.path = b.path;
    this.folder = b.folder;
    this.width = b.width;
    this.height = b.height;
    this.depth = b.depth;
    this.verified = b.verified;
    this.objects = List.copyOf(b.objects);
  }

  /**
   * A builder for an image of the given file name and size.
   *
   * @param fileName the image file name with extension, relative to the image folder (e.g. {@code
   *     raccoon-1.jpg}); never blank
   * @param width image width in pixels, positive
   * @param height image height in pixels, positive
   */
  public static Builder builder(String fileName, int width, int height) {
    return new Builder(fileName, width, height);
  }

  /** A builder holding every value of this annotation. */
  public Builder toBuilder() {
    Builder b = new Builder(fileName, width, height);
    b.path = path;
    b.folder = folder;
    b.depth = depth;
    b.verified = verified;
    b.objects.addAll(objects);
    return b;
  }

  /** The image file name with extension, relative to the image folder. */
  public String fileName() {
    return fileName;
  }

  /** The image path as the annotation tool recorded it (labelImg's {@code <path>}), if any. */
  public Optional<String> path() {
    return Optional.ofNullable(path);
  }

  /** The folder name as the annotation tool recorded it (labelImg's {@code <folder>}), if any. */
  public Optional<String> folder() {
    return Optional.ofNullable(folder);
  }

  /** Image width in pixels. */
  public int width() {
    return width;
  }

  /** Image height in pixels. */
  public int height() {
    return height;
  }

  /** Number of colour channels: 1 for grayscale, 3 for colour. */
  public int depth() {
    return depth;
  }

  /** Whether the annotator flagged the image as verified (labelImg's {@code verified="yes"}). */
  public boolean verified() {
    return verified;
  }

  /** The objects, in annotation order; empty for a negative image. */
  public List<ObjectAnnotation> objects() {
    return objects;
  }

  /** True when the image has no objects (a negative example). */
  public boolean isNegative() {
    return objects.isEmpty();
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ImageAnnotation other)) {
      return false;
    }
    return width == other.width
        && height == other.height
        && depth == other.depth
        && verified == other.verified
        && fileName.equals(other.fileName)
        && Objects.equals(path, other.path)
        && Objects.equals(folder, other.folder)
        && objects.equals(other.objects);
  }

  @Override
  public int hashCode() {
    return Objects.hash(fileName, path, folder, width, height, depth, verified, objects);
  }

  @Override
  public String toString() {
    return "ImageAnnotation{"
        + fileName
        + " "
        + width
        + "x"
        + height
        + "x"
        + depth
        + ", "
        + objects.size()
        + " objects}";
  }

  /** Builds {@link ImageAnnotation}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private String fileName;
    private String path;
    private String folder;
    private int width;
    private int height;
    private int depth = 3;
    private boolean verified;
    private final List<ObjectAnnotation> objects = new ArrayList<>();

    private Builder(String fileName, int width, int height) {
      fileName(fileName);
      size(width, height);
    }

    /** Sets the image file name (with extension, never blank). */
    public Builder fileName(String fileName) {
      Objects.requireNonNull(fileName, "fileName");
      if (fileName.isBlank()) {
        throw new IllegalArgumentException("fileName must not be blank");
      }
      this.fileName = fileName;
      return this;
    }

    /** Sets the image size in pixels; both must be positive. */
    public Builder size(int width, int height) {
      if (width <= 0 || height <= 0) {
        throw new IllegalArgumentException(
            "image size must be positive, got " + width + "x" + height);
      }
      this.width = width;
      this.height = height;
      return this;
    }

    /** Sets the recorded image path, or clears it with {@code null}. */
    public Builder path(String path) {
      this.path = path;
      return this;
    }

    /** Sets the recorded folder name, or clears it with {@code null}. */
    public Builder folder(String folder) {
      this.folder = folder;
      return this;
    }

    /** Sets the number of channels (1 to 4; default 3). */
    public Builder depth(int depth) {
      if (depth < 1 || depth > 4) {
        throw new IllegalArgumentException("depth must be 1 to 4, got " + depth);
      }
      this.depth = depth;
      return this;
    }

    /** Sets the verified flag. */
    public Builder verified(boolean verified) {
      this.verified = verified;
      return this;
    }

    /** Appends one object. */
    public Builder addObject(ObjectAnnotation object) {
      objects.add(Objects.requireNonNull(object, "object"));
      return this;
    }

    /** Replaces all objects. */
    public Builder objects(List<ObjectAnnotation> newObjects) {
      List<ObjectAnnotation> copy = List.copyOf(newObjects);
      objects.clear();
      objects.addAll(copy);
      return this;
    }

    /** An immutable snapshot of the current values. */
    public ImageAnnotation build() {
      return new ImageAnnotation(this);
    }
  }
}
