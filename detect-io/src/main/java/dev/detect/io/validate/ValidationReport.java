package dev.detect.io.validate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ValidationIssue;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The outcome of {@link DatasetValidator#validate}: dataset counts, a class histogram and every
 * {@link ValidationIssue}, ordered by file, object index, severity, code and message (so two runs
 * over the same data give the same report). Immutable.
 */
public final class ValidationReport {
  /** The number of examples per issue code that {@link #toText()} shows. */
  public static final int DEFAULT_EXAMPLES = 5;

  private static final Comparator<ValidationIssue> ORDER =
      Comparator.comparing(ValidationIssue::file)
          .thenComparingInt(ValidationIssue::objectIndex)
          .thenComparing(ValidationIssue::severity, Comparator.reverseOrder())
          .thenComparing(ValidationIssue::code)
          .thenComparing(ValidationIssue::message);

  private final int images;
  private final int objects;
  private final int negatives;
  private final int imageFilesChecked;
  private final Map<String, Integer> classCounts;
  private final List<ValidationIssue> issues;

  private ValidationReport(
      AnnotationSet set, int imageFilesChecked, Collection<ValidationIssue> issues) {
    this.images = set.size();
    this.objects = set.objectCount();
    this.negatives = set.negativeCount();
    this.imageFilesChecked = imageFilesChecked;
    this.classCounts = set.classCounts();
    List<ValidationIssue> sorted = new ArrayList<>(issues);
    sorted.sort(ORDER);
    this.issues = List.copyOf(sorted);
  }

  /**
   * A report on {@code set} with the given issues.
   *
   * @param imageFilesChecked how many image files were looked at (0 without an image folder)
   */
  public static ValidationReport of(
      AnnotationSet set, int imageFilesChecked, Collection<ValidationIssue> issues) {
    Objects.requireNonNull(set, "set");
    Objects.requireNonNull(issues, "issues");
    if (imageFilesChecked < 0) {
      throw new IllegalArgumentException(
          "imageFilesChecked must be >= 0, got " + imageFilesChecked);
    }
    return new ValidationReport(set, imageFilesChecked, issues);
  }

  /** Every issue, in a deterministic order (file, object index, errors first, code, message). */
  public List<ValidationIssue> issues() {
    return issues;
  }

  /** The issues with the given code, in report order. */
  public List<ValidationIssue> issues(String code) {
    Objects.requireNonNull(code, "code");
    return issues.stream().filter(i -> i.code().equals(code)).toList();
  }

  /** Number of annotated images. */
  public int images() {
    return images;
  }

  /** Number of objects over all images. */
  public int objects() {
    return objects;
  }

  /** Number of images without objects (negatives: legal, counted, not an issue). */
  public int negatives() {
    return negatives;
  }

  /** Number of image files that were looked for (0 when no image folder was given). */
  public int imageFilesChecked() {
    return imageFilesChecked;
  }

  /** Objects per class, sorted by label. */
  public Map<String, Integer> classCounts() {
    return classCounts;
  }

  /** Number of {@link ValidationIssue.Severity#ERROR} issues. */
  public int errorCount() {
    return (int) issues.stream().filter(ValidationIssue::isError).count();
  }

  /** Number of {@link ValidationIssue.Severity#WARNING} issues. */
  public int warningCount() {
    return issues.size() - errorCount();
  }

  /** Number of issues per code, sorted by code. */
  public Map<String, Integer> issueCounts() {
    Map<String, Integer> counts = new TreeMap<>();
    issues.forEach(i -> counts.merge(i.code(), 1, Integer::sum));
    return Collections.unmodifiableMap(counts);
  }

  /** True when at least one issue is an error: the data should not be converted as is. */
  public boolean hasErrors() {
    return errorCount() > 0;
  }

  /** {@link #toText(int)} with {@link #DEFAULT_EXAMPLES} examples per code. */
  public String toText() {
    return toText(DEFAULT_EXAMPLES);
  }

  /**
   * A human summary: counts, the class histogram, then the issues grouped by code (errors first)
   * with up to {@code maxExamples} examples each and the total per code.
   */
  public String toText(int maxExamples) {
    if (maxExamples < 0) {
      throw new IllegalArgumentException("maxExamples must be >= 0, got " + maxExamples);
    }
    return ValidationReportText.format(this, maxExamples);
  }

  /**
   * The report as pretty-printed JSON with these stable keys: {@code valid} (no errors), {@code
   * images}, {@code objects}, {@code negatives}, {@code imageFilesChecked}, {@code errors}, {@code
   * warnings} (counts), {@code classes} (label to object count, sorted), {@code issueCounts} (code
   * to count, sorted) and {@code issues} (list of {@code severity} ({@code ERROR}/{@code WARNING}),
   * {@code code}, {@code file}, {@code objectIndex} (0-based, -1 for the whole image) and {@code
   * message}), in {@link #issues()} order.
   */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", !hasErrors());
    m.put("images", images);
    m.put("objects", objects);
    m.put("negatives", negatives);
    m.put("imageFilesChecked", imageFilesChecked);
    m.put("errors", errorCount());
    m.put("warnings", warningCount());
    m.put("classes", classCounts);
    m.put("issueCounts", issueCounts());
    List<Map<String, Object>> list = new ArrayList<>();
    for (ValidationIssue issue : issues) {
      Map<String, Object> i = new LinkedHashMap<>();
      i.put("severity", issue.severity().name());
      i.put("code", issue.code());
      i.put("file", issue.file());
      i.put("objectIndex", issue.objectIndex());
      i.put("message", issue.message());
      list.add(i);
    }
    m.put("issues", list);
    try {
      return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write plain maps as JSON", e);
    }
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof ValidationReport r
        && images == r.images
        && objects == r.objects
        && negatives == r.negatives
        && imageFilesChecked == r.imageFilesChecked
        && classCounts.equals(r.classCounts)
        && issues.equals(r.issues);
  }

  @Override
  public int hashCode() {
    return Objects.hash(images, objects, negatives, imageFilesChecked, classCounts, issues);
  }

  @Override
  public String toString() {
    return "ValidationReport{"
        + images
        + " images, "
        + errorCount()
        + " errors, "
        + warningCount()
        + " warnings}";
  }
}
