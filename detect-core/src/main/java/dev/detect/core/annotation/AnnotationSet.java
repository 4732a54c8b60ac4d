package dev.detect.core.annotation;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * An ordered, immutable collection of {@link ImageAnnotation}s with unique file names: the common
 * currency between every format reader and writer.
 */
public final class AnnotationSet implements Iterable<ImageAnnotation> {
  private static final AnnotationSet EMPTY = new AnnotationSet(List.of());

  private final List<ImageAnnotation> images;
  private final Map<String, ImageAnnotation> byFileName;

  private AnnotationSet(List<ImageAnnotation> images) {
    this.images = List.copyOf(images);
    Map<String, ImageAnnotation> index = new HashMap<>(this.images.size() * 2);
    for (ImageAnnotation image : this.images) {
      ImageAnnotation previous = index.putIfAbsent(image.fileName(), image);
      if (previous != null) {
        throw new IllegalArgumentException(
            "duplicate image file name '"
                + image.fileName()
                + "': each image may appear once in an AnnotationSet");
      }
    }
    this.byFileName = index;
  }

  /**
   * A set of the given images in the given order.
   *
   * @throws IllegalArgumentException if two images have the same file name
   */
  public static AnnotationSet of(Collection<ImageAnnotation> images) {
    return images.isEmpty() ? EMPTY : new AnnotationSet(List.copyOf(images));
  }

  /** A set of the given images in the given order. */
  public static AnnotationSet of(ImageAnnotation... images) {
    return of(List.of(images));
  }

  /** The empty set. */
  public static AnnotationSet empty() {
    return EMPTY;
  }

  /** The images in order (unmodifiable). */
  public List<ImageAnnotation> images() {
    return images;
  }

  /** The number of images. */
  public int size() {
    return images.size();
  }

  /** True when there is no image. */
  public boolean isEmpty() {
    return images.isEmpty();
  }

  /** The image with the given file name, if present. */
  public Optional<ImageAnnotation> find(String fileName) {
    return Optional.ofNullable(byFileName.get(fileName));
  }

  /** The total number of objects over all images. */
  public int objectCount() {
    int n = 0;
    for (ImageAnnotation image : images) {
      n += image.objects().size();
    }
    return n;
  }

  /** The number of images with no objects. */
  public int negativeCount() {
    int n = 0;
    for (ImageAnnotation image : images) {
      if (image.isNegative()) {
        n++;
      }
    }
    return n;
  }

  /** The distinct labels, sorted by {@link String#compareTo} (case-sensitive, as the seed). */
  public Set<String> labels() {
    Set<String> labels = new TreeSet<>();
    for (ImageAnnotation image : images) {
      for (ObjectAnnotation object : image.objects()) {
        labels.add(object.label());
      }
    }
    return Collections.unmodifiableSet(labels);
  }

  /** Number of objects per label, sorted by label. */
  public Map<String, Integer> classCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    for (ImageAnnotation image : images) {
      for (ObjectAnnotation object : image.objects()) {
        counts.merge(object.label(), 1, Integer::sum);
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /** Number of images containing each label at least once, sorted by label. */
  public Map<String, Integer> imageCountsPerClass() {
    Map<String, Integer> counts = new TreeMap<>();
    for (ImageAnnotation image : images) {
      Set<String> seen = new TreeSet<>();
      for (ObjectAnnotation object : image.objects()) {
        if (seen.add(object.label())) {
          counts.merge(object.label(), 1, Integer::sum);
        }
      }
    }
    return Collections.unmodifiableMap(counts);
  }

  /** The images that satisfy {@code filter}, in order. */
  public AnnotationSet filter(Predicate<ImageAnnotation> filter) {
    Objects.requireNonNull(filter, "filter");
    List<ImageAnnotation> kept = new ArrayList<>();
    for (ImageAnnotation image : images) {
      if (filter.test(image)) {
        kept.add(image);
      }
    }
    return of(kept);
  }

  /** This set followed by the images of {@code other}; file names must stay unique. */
  public AnnotationSet concat(AnnotationSet other) {
    List<ImageAnnotation> all = new ArrayList<>(images);
    all.addAll(other.images);
    return of(all);
  }

  /** Images grouped by file name in order (a view useful for writers). */
  public Map<String, ImageAnnotation> asMap() {
    Map<String, ImageAnnotation> map = new LinkedHashMap<>();
    for (ImageAnnotation image : images) {
      map.put(image.fileName(), image);
    }
    return Collections.unmodifiableMap(map);
  }

  /**
   * Checks every box against its image: inverted, zero-area, outside the image. Nothing is changed;
   * every problem is returned.
   */
  public List<ValidationIssue> validateBoxes() {
    List<ValidationIssue> issues = new ArrayList<>();
    for (ImageAnnotation image : images) {
      List<ObjectAnnotation> objects = image.objects();
      for (int i = 0; i < objects.size(); i++) {
        BoxCheck.check(image, i, objects.get(i), issues);
      }
    }
    return issues;
  }

  @Override
  public java.util.Iterator<ImageAnnotation> iterator() {
    return images.iterator();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof AnnotationSet other && images.equals(other.images);
  }

  @Override
  public int hashCode() {
    return images.hashCode();
  }

  @Override
  public String toString() {
    return "AnnotationSet{" + images.size() + " images, " + objectCount() + " objects}";
  }
}
