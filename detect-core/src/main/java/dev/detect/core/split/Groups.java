package dev.detect.core.split;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * The images of a set gathered into groups that must stay on one side, with sparse per-group counts
 * over "strata": one stratum per label (counting objects) plus one for negative images (counting
 * images), so negatives are spread like a class.
 */
final class Groups {
  final List<String> labels;

  /** Number of strata: labels plus the negative-image stratum at index {@code labels.size()}. */
  final int strata;

  final int[][] imageIndices;
  final int[][] strataIds;
  final int[][] strataCounts;
  final long[] totals;
  final int[] groupsWith;
  final int imageCount;

  private Groups(List<String> labels, List<int[]> members, List<TreeMap<Integer, Integer>> counts) {
    this.labels = List.copyOf(labels);
    this.strata = labels.size() + 1;
    int n = members.size();
    this.imageIndices = members.toArray(new int[0][]);
    this.strataIds = new int[n][];
    this.strataCounts = new int[n][];
    this.totals = new long[strata];
    this.groupsWith = new int[strata];
    int images = 0;
    for (int g = 0; g < n; g++) {
      TreeMap<Integer, Integer> c = counts.get(g);
      strataIds[g] = c.keySet().stream().mapToInt(Integer::intValue).toArray();
      strataCounts[g] = c.values().stream().mapToInt(Integer::intValue).toArray();
      for (int i = 0; i < strataIds[g].length; i++) {
        totals[strataIds[g][i]] += strataCounts[g][i];
        groupsWith[strataIds[g][i]]++;
      }
      images += imageIndices[g].length;
    }
    this.imageCount = images;
  }

  /** Groups {@code set} by {@code key} in order of first appearance. */
  static Groups of(AnnotationSet set, Function<ImageAnnotation, String> key) {
    List<String> labels = new ArrayList<>(set.labels());
    Map<String, Integer> labelIndex = new TreeMap<>();
    for (int i = 0; i < labels.size(); i++) {
      labelIndex.put(labels.get(i), i);
    }
    int negative = labels.size();
    Map<String, Integer> groupOf = new LinkedHashMap<>();
    List<List<Integer>> members = new ArrayList<>();
    List<TreeMap<Integer, Integer>> counts = new ArrayList<>();
    List<ImageAnnotation> images = set.images();
    for (int i = 0; i < images.size(); i++) {
      ImageAnnotation image = images.get(i);
      String k =
          Objects.requireNonNull(
              key.apply(image), () -> "groupKey returned null for " + image.fileName());
      int g = groupOf.computeIfAbsent(k, x -> members.size());
      if (g == members.size()) {
        members.add(new ArrayList<>());
        counts.add(new TreeMap<>());
      }
      members.get(g).add(i);
      TreeMap<Integer, Integer> c = counts.get(g);
      if (image.isNegative()) {
        c.merge(negative, 1, Integer::sum);
      }
      for (ObjectAnnotation object : image.objects()) {
        c.merge(labelIndex.get(object.label()), 1, Integer::sum);
      }
    }
    List<int[]> arrays = new ArrayList<>();
    for (List<Integer> m : members) {
      arrays.add(m.stream().mapToInt(Integer::intValue).toArray());
    }
    return new Groups(labels, arrays, counts);
  }

  int size() {
    return imageIndices.length;
  }

  int images(int group) {
    return imageIndices[group].length;
  }
}
