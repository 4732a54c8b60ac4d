package dev.detect.io.validate;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.labelmap.LabelMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Checks over the whole set: label map coverage, clashing file names, duplicate image bytes. */
final class SetChecks {
  private SetChecks() {}

  /** Labels missing from {@code labelMap}, one error per label, with its object count. */
  static void labels(AnnotationSet set, LabelMap labelMap, List<ValidationIssue> out) {
    Map<String, Integer> counts = set.classCounts();
    Map<String, String> firstFile = new TreeMap<>();
    Map<String, Integer> imageCounts = set.imageCountsPerClass();
    for (ImageAnnotation image : set) {
      for (ObjectAnnotation object : image.objects()) {
        firstFile.putIfAbsent(object.label(), image.fileName());
      }
    }
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      String label = e.getKey();
      if (labelMap.idOf(label).isEmpty()) {
        out.add(
            ValidationIssue.error(
                DatasetValidator.LABEL_NOT_IN_MAP,
                firstFile.get(label),
                "label '"
                    + label
                    + "' ("
                    + e.getValue()
                    + " objects in "
                    + imageCounts.get(label)
                    + " images, first in this one) is not in the label map, which has "
                    + labelMap.names()
                    + "; the OD API would map it to -1 and train on it as nothing: add it to"
                    + " the label map or rename the label (labels are case-sensitive)"));
      }
    }
  }

  /**
   * File names that clash on case-insensitive file systems, or whose stems clash (labelImg names
   * the XML after the stem, so {@code a.jpg} and {@code a.png} share {@code a.xml}).
   */
  static void fileNames(AnnotationSet set, List<ValidationIssue> out) {
    Map<String, String> byLower = new LinkedHashMap<>();
    Map<String, String> byStem = new LinkedHashMap<>();
    for (ImageAnnotation image : set) {
      String name = image.fileName();
      String lower = name.toLowerCase(Locale.ROOT);
      String first = byLower.putIfAbsent(lower, name);
      if (first != null) {
        out.add(
            ValidationIssue.warning(
                DatasetValidator.DUPLICATE_FILE_NAME,
                name,
                "differs from '"
                    + first
                    + "' only in case: on Windows and macOS both are the same file; rename one"));
        continue;
      }
      String stem = stem(lower);
      String sameStem = byStem.putIfAbsent(stem, name);
      if (sameStem != null) {
        out.add(
            ValidationIssue.warning(
                DatasetValidator.DUPLICATE_FILE_NAME,
                name,
                "has the same name without extension as '"
                    + sameStem
                    + "': their annotation files (e.g. "
                    + stem
                    + ".xml) would overwrite each other; rename one"));
      }
    }
  }

  private static String stem(String name) {
    int slash = Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\'));
    int dot = name.lastIndexOf('.');
    return dot > slash + 1 ? name.substring(0, dot) : name;
  }

  /** Images whose files have the same bytes: each later one is reported against the first. */
  static void duplicates(
      List<ImageAnnotation> images,
      List<ImageFileCheck.Result> results,
      List<ValidationIssue> out) {
    Map<String, ImageAnnotation> firstByHash = new LinkedHashMap<>();
    for (int i = 0; i < images.size(); i++) {
      Optional<String> sha = results.get(i).sha256();
      if (sha.isEmpty()) {
        continue;
      }
      ImageAnnotation first = firstByHash.putIfAbsent(sha.get(), images.get(i));
      if (first != null) {
        out.add(
            ValidationIssue.warning(
                DatasetValidator.DUPLICATE_IMAGE,
                images.get(i).fileName(),
                "has the same bytes (SHA-256 "
                    + sha.get().substring(0, 12)
                    + "…) as '"
                    + first.fileName()
                    + "': a duplicate can end up in both train and eval and inflate the"
                    + " metrics; delete one or merge their annotations"));
      }
    }
  }
}
