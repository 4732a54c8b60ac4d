package dev.detect.core.eval;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * Ground truth and detections resolved to categories and pixel boxes, shared by the VOC and COCO
 * computations. Categories are sorted by id; images keep the ground-truth order.
 */
final class EvalData {

  /** A category: label map id, name, and the name used in metric keys. */
  record Category(int id, String name, String metricName) {}

  /** A ground-truth object: category index, box in pixels, difficult flag. */
  record Gt(int category, PixelBox box, boolean difficult) {}

  /** A detection: category index, box in pixels of the ground-truth image size, score. */
  record Det(int category, PixelBox box, float score) {}

  /** One ground-truth image with its resolved objects and detections (input order). */
  record Image(
      String fileName, int width, int height, List<Gt> gts, List<Det> dets, boolean detected) {}

  final List<Category> categories;
  final List<Image> images;

  /** Detections whose class is not a category (ignored, as the OD API does). */
  final int unknownDetectionCount;

  /** The distinct {@code id:name} of those detections, sorted. */
  final List<String> unknownDetectionLabels;

  private EvalData(
      List<Category> categories, List<Image> images, int unknownCount, List<String> unknownLabels) {
    this.categories = List.copyOf(categories);
    this.images = List.copyOf(images);
    this.unknownDetectionCount = unknownCount;
    this.unknownDetectionLabels = List.copyOf(unknownLabels);
  }

  static EvalData prepare(
      AnnotationSet groundTruth, List<ImageDetections> detections, Optional<LabelMap> labelMap) {
    Map<String, ImageDetections> byFile = indexDetections(groundTruth, detections);
    LabelMap map = labelMap.orElseGet(() -> impliedLabelMap(groundTruth, detections));
    List<Category> categories = new ArrayList<>();
    for (LabelMap.Item item : map.items()) {
      if (item.id() >= 1) {
        categories.add(
            new Category(
                item.id(),
                item.name(),
                labelMap.isPresent() ? item.displayNameOrName() : item.name()));
      }
    }
    categories.sort(Comparator.comparingInt(Category::id));
    Map<Integer, Integer> indexById = new HashMap<>();
    for (int i = 0; i < categories.size(); i++) {
      indexById.put(categories.get(i).id(), i);
    }
    Resolver resolver = new Resolver(map, labelMap.isPresent(), indexById);
    List<Image> images = new ArrayList<>(groundTruth.size());
    for (ImageAnnotation image : groundTruth) {
      List<Gt> gts = new ArrayList<>(image.objects().size());
      for (ObjectAnnotation object : image.objects()) {
        gts.add(
            new Gt(resolver.groundTruth(object.label(), image), object.box(), object.difficult()));
      }
      ImageDetections found = byFile.get(image.fileName());
      List<Det> dets = new ArrayList<>();
      if (found != null) {
        for (Detection d : found.detections()) {
          int category = resolver.detection(d, image.fileName());
          if (category >= 0) {
            dets.add(new Det(category, d.pixelBox(image.width(), image.height()), d.score()));
          }
        }
      }
      images.add(
          new Image(image.fileName(), image.width(), image.height(), gts, dets, found != null));
    }
    return new EvalData(
        categories, images, resolver.unknown, new ArrayList<>(resolver.unknownLabels));
  }

  private static Map<String, ImageDetections> indexDetections(
      AnnotationSet groundTruth, List<ImageDetections> detections) {
    Map<String, ImageDetections> byFile = new HashMap<>();
    for (ImageDetections d : detections) {
      if (groundTruth.find(d.fileName()).isEmpty()) {
        throw new IllegalArgumentException(
            "detections for image '"
                + d.fileName()
                + "' which has no ground truth: evaluate only images of the ground-truth set"
                + " (check the file names match)");
      }
      if (byFile.putIfAbsent(d.fileName(), d) != null) {
        throw new IllegalArgumentException(
            "detections for image '"
                + d.fileName()
                + "' given twice: pass one ImageDetections per image");
      }
    }
    return byFile;
  }

  private static LabelMap impliedLabelMap(
      AnnotationSet groundTruth, List<ImageDetections> detections) {
    TreeSet<String> names = new TreeSet<>(groundTruth.labels());
    for (ImageDetections image : detections) {
      for (Detection d : image.detections()) {
        if (d.labelName().isBlank()) {
          throw new IllegalArgumentException(
              "a detection in image '"
                  + image.fileName()
                  + "' (label id "
                  + d.labelId()
                  + ") has no label name: without a label map classes are matched by name;"
                  + " give the Evaluator a label map");
        }
        names.add(d.labelName());
      }
    }
    return LabelMap.fromLabels(names);
  }

  /** Maps ground-truth labels and detections to category indices. */
  private static final class Resolver {
    private final LabelMap map;
    private final boolean explicitMap;
    private final Map<Integer, Integer> indexById;
    private int unknown;
    private final TreeSet<String> unknownLabels = new TreeSet<>();

    Resolver(LabelMap map, boolean explicitMap, Map<Integer, Integer> indexById) {
      this.map = map;
      this.explicitMap = explicitMap;
      this.indexById = indexById;
    }

    int groundTruth(String label, ImageAnnotation image) {
      Integer index = map.itemFor(label).map(i -> indexById.get(i.id())).orElse(null);
      if (index == null) {
        throw new IllegalArgumentException(
            "ground-truth label '"
                + label
                + "' of image '"
                + image.fileName()
                + "' is not in the label map (ids from 1): add it to the label map");
      }
      return index;
    }

    int detection(Detection d, String fileName) {
      if (!explicitMap) {
        return indexById.get(map.idOf(d.labelName()).getAsInt());
      }
      Optional<LabelMap.Item> byId = d.labelId() >= 1 ? map.item(d.labelId()) : Optional.empty();
      if (byId.isPresent()) {
        LabelMap.Item item = byId.get();
        String name = d.labelName();
        if (!name.isEmpty()
            && !name.equals(item.name())
            && !item.displayName().map(name::equals).orElse(false)) {
          throw new IllegalArgumentException(
              "detection in image '"
                  + fileName
                  + "' has label id "
                  + d.labelId()
                  + " and name '"
                  + name
                  + "', but the label map names id "
                  + d.labelId()
                  + " '"
                  + item.name()
                  + "': the detector and the evaluator use different label maps");
        }
        return indexById.get(item.id());
      }
      Optional<LabelMap.Item> byName =
          d.labelName().isEmpty() ? Optional.empty() : map.itemFor(d.labelName());
      if (byName.isPresent() && indexById.containsKey(byName.get().id())) {
        return indexById.get(byName.get().id());
      }
      unknown++;
      unknownLabels.add(d.labelId() + ":" + d.labelName());
      return -1;
    }
  }
}
