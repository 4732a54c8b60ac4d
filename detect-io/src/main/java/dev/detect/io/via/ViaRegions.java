package dev.detect.io.via;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/** Turns the {@code regions} of one VIA image entry into objects. */
final class ViaRegions {
  /** Region attributes that carry the VOC object flags (written by {@link ViaWriter}). */
  static final String DIFFICULT = "difficult";

  static final String TRUNCATED = "truncated";
  static final String POSE = "pose";

  private final Path file;
  private final String classAttribute;
  private final boolean convertShapes;

  /** Non-rect shapes converted, per shape name, and the images they were in. */
  final Map<String, Integer> converted = new TreeMap<>();

  final List<String> convertedImages = new ArrayList<>();

  ViaRegions(Path file, String classAttribute, boolean convertShapes) {
    this.file = file;
    this.classAttribute = classAttribute;
    this.convertShapes = convertShapes;
  }

  /** The objects of {@code regions}: a list (VIA 2) or an object keyed "0", "1", … (VIA 1). */
  List<ObjectAnnotation> objects(String where, String fileName, JsonNode regions)
      throws DatasetFormatException {
    List<ObjectAnnotation> objects = new ArrayList<>();
    if (regions == null || regions.isNull()) {
      return objects;
    }
    if (!regions.isArray() && !regions.isObject()) {
      throw error(where, "'regions' must be a list or an object, got " + regions.getNodeType());
    }
    Iterator<JsonNode> it = regions.elements();
    int converts = 0;
    for (int i = 0; it.hasNext(); i++) {
      JsonNode region = it.next();
      String at = where + " region " + i;
      if (!region.isObject()) {
        throw error(at, "expected an object with shape_attributes and region_attributes");
      }
      objects.add(
          new ObjectAnnotation(
              label(at, region),
              box(at, region),
              flag(at, region, DIFFICULT),
              flag(at, region, TRUNCATED),
              pose(region)));
      converts += isRect(region) ? 0 : 1;
    }
    if (converts > 0) {
      convertedImages.add(fileName);
    }
    return objects;
  }

  private static boolean isRect(JsonNode region) {
    return "rect".equals(region.path("shape_attributes").path("name").asText());
  }

  private String label(String at, JsonNode region) throws DatasetFormatException {
    JsonNode v = region.path("region_attributes").get(classAttribute);
    String label = null;
    if (v != null && v.isTextual()) {
      label = v.asText().strip();
    } else if (v != null && v.isObject()) {
      // a VIA checkbox attribute: {"cat": true}; exactly one option must be ticked
      List<String> ticked = new ArrayList<>();
      for (Map.Entry<String, JsonNode> option : v.properties()) {
        if (option.getValue().asBoolean(false)) {
          ticked.add(option.getKey());
        }
      }
      if (ticked.size() != 1) {
        throw error(
            at,
            "class attribute '"
                + classAttribute
                + "' has "
                + ticked.size()
                + " options ticked "
                + ticked
                + "; tick exactly one");
      }
      label = ticked.get(0);
    }
    if (label == null || label.isEmpty()) {
      throw error(
          at,
          "no '"
              + classAttribute
              + "' in region_attributes "
              + region.path("region_attributes")
              + "; label the region, or set classAttribute(...) to the attribute holding the class");
    }
    return label;
  }

  private PixelBox box(String at, JsonNode region) throws DatasetFormatException {
    JsonNode shape = region.get("shape_attributes");
    if (shape == null || !shape.isObject() || !shape.path("name").isTextual()) {
      throw error(at, "missing 'shape_attributes' with a 'name'");
    }
    String name = shape.get("name").asText();
    try {
      if (name.equals("rect")) {
        return ViaShapes.rect(shape);
      }
      Optional<PixelBox> box =
          convertShapes ? ViaShapes.boundingBox(name, shape) : Optional.empty();
      if (box.isEmpty()) {
        throw error(
            at,
            "shape '"
                + name
                + "' cannot be a box"
                + (convertShapes
                    ? " (only rect, polygon, polyline, circle and ellipse can)"
                    : "; only rect is accepted (convertShapes is off)"));
      }
      converted.merge(name, 1, Integer::sum);
      return box.get();
    } catch (ViaShapes.BadShape e) {
      throw error(at, "bad '" + name + "' shape " + shape + ": " + e.getMessage());
    }
  }

  private boolean flag(String at, JsonNode region, String name) throws DatasetFormatException {
    JsonNode v = region.path("region_attributes").get(name);
    if (v == null || v.isNull()) {
      return false;
    }
    if (v.isBoolean() || v.isNumber()) {
      return v.asDouble() != 0;
    }
    if (v.isObject()) {
      for (JsonNode option : v) {
        if (option.asBoolean(false)) {
          return true;
        }
      }
      return false;
    }
    String text = v.asText().strip().toLowerCase(Locale.ROOT);
    return switch (text) {
      case "1", "true", "yes" -> true;
      case "0", "false", "no", "" -> false;
      default -> throw error(at, "'" + name + "' must be 0/1, true/false or yes/no, got " + v);
    };
  }

  private static String pose(JsonNode region) {
    JsonNode v = region.path("region_attributes").get(POSE);
    return v != null && v.isTextual() && !v.asText().isBlank()
        ? v.asText()
        : ObjectAnnotation.UNSPECIFIED_POSE;
  }

  DatasetFormatException error(String at, String reason) {
    return new DatasetFormatException(String.valueOf(file), 0, 0, at + ": " + reason);
  }
}
