package dev.detect.io.coco;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.detect.core.DatasetFormatException;
import dev.detect.io.internal.JsonInput;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Streams a COCO JSON file into compact records, each remembering the line:column of its element,
 * so that large files need no full tree and errors point into the file.
 */
final class CocoJson {
  private CocoJson() {}

  /** Where an array element starts, and which one it is, for messages. */
  record Where(Path file, int line, int column, String element) {
    DatasetFormatException error(String reason) {
      return new DatasetFormatException(
          String.valueOf(file), line, column, element + ": " + reason);
    }
  }

  record RawImage(long id, String fileName, int width, int height, Where where) {}

  record RawAnnotation(
      Optional<Long> id,
      long imageId,
      long categoryId,
      double[] bbox,
      boolean crowd,
      boolean hasSegmentation,
      Where where) {}

  record RawCategory(CocoCategory category, Where where) {}

  /** The arrays read; an array absent from the file is empty and its flag false. */
  static final class Parsed {
    final List<RawImage> images = new ArrayList<>();
    final List<RawAnnotation> annotations = new ArrayList<>();
    final List<RawCategory> categories = new ArrayList<>();
    boolean hasImages;
    boolean hasCategories;
  }

  /** Reads the arrays named in {@code wanted} ({@code images}, {@code annotations}, ...). */
  static Parsed parse(Path file, Set<String> wanted) throws IOException {
    Parsed parsed = new Parsed();
    try (JsonParser p = JsonInput.open(file)) {
      if (p.nextToken() != JsonToken.START_OBJECT) {
        throw located(file, p, "a COCO file is a JSON object with images, annotations, categories");
      }
      while (p.nextToken() == JsonToken.FIELD_NAME) {
        String name = p.currentName();
        p.nextToken();
        if (!wanted.contains(name)) {
          p.skipChildren();
          continue;
        }
        switch (name) {
          case "images" -> parsed.hasImages = true;
          case "categories" -> parsed.hasCategories = true;
          default -> {}
        }
        readArray(p, file, name, parsed);
      }
    } catch (JsonProcessingException e) {
      throw JsonInput.syntaxError(file, e);
    }
    return parsed;
  }

  private static void readArray(JsonParser p, Path file, String name, Parsed parsed)
      throws IOException {
    if (p.currentToken() != JsonToken.START_ARRAY) {
      throw located(file, p, "'" + name + "' must be an array");
    }
    int index = 0;
    while (p.nextToken() != JsonToken.END_ARRAY) {
      JsonLocation at = p.currentTokenLocation();
      Where where = new Where(file, at.getLineNr(), at.getColumnNr(), name + "[" + index++ + "]");
      JsonNode node = JsonInput.MAPPER.readTree(p);
      if (!node.isObject()) {
        throw where.error("expected an object, got " + node.getNodeType());
      }
      switch (name) {
        case "images" -> parsed.images.add(image(node, where));
        case "annotations" -> parsed.annotations.add(annotation(node, where));
        default -> parsed.categories.add(category(node, where));
      }
    }
  }

  private static RawImage image(JsonNode n, Where w) throws DatasetFormatException {
    String fileName = text(n, "file_name", w);
    if (fileName.isBlank()) {
      throw w.error("image 'file_name' is blank; give the image's file name");
    }
    return new RawImage(
        integer(n, "id", w), fileName, size(n, "width", w), size(n, "height", w), w);
  }

  private static RawAnnotation annotation(JsonNode n, Where w) throws DatasetFormatException {
    Optional<Long> id = n.has("id") ? Optional.of(integer(n, "id", w)) : Optional.empty();
    Where named =
        id.map(i -> new Where(w.file(), w.line(), w.column(), w.element() + " (id " + i + ")"))
            .orElse(w);
    JsonNode bbox = n.get("bbox");
    if (bbox == null || !bbox.isArray() || bbox.size() != 4) {
      throw named.error("'bbox' must be [x, y, width, height] in pixels, got " + bbox);
    }
    double[] box = new double[4];
    for (int i = 0; i < 4; i++) {
      if (!bbox.get(i).isNumber() || !Double.isFinite(bbox.get(i).doubleValue())) {
        throw named.error("'bbox' value " + bbox.get(i) + " is not a finite number");
      }
      box[i] = bbox.get(i).doubleValue();
    }
    JsonNode seg = n.get("segmentation");
    boolean hasSegmentation = seg != null && !seg.isNull() && !seg.isEmpty();
    return new RawAnnotation(
        id,
        integer(n, "image_id", named),
        integer(n, "category_id", named),
        box,
        n.has("iscrowd") && integer(n, "iscrowd", named) != 0,
        hasSegmentation || n.has("keypoints"),
        named);
  }

  private static RawCategory category(JsonNode n, Where w) throws DatasetFormatException {
    long id = integer(n, "id", w);
    if (id != (int) id) {
      throw w.error("category id " + id + " is out of the int range");
    }
    String name = text(n, "name", w);
    if (name.isBlank()) {
      throw w.error("category 'name' is blank");
    }
    JsonNode sup = n.get("supercategory");
    Optional<String> supercategory =
        sup != null && sup.isTextual() ? Optional.of(sup.asText()) : Optional.empty();
    return new RawCategory(new CocoCategory((int) id, name, supercategory), w);
  }

  private static long integer(JsonNode n, String field, Where w) throws DatasetFormatException {
    JsonNode v = n.get(field);
    if (v == null
        || !v.isIntegralNumber()
            && !(v.isNumber() && v.doubleValue() == Math.rint(v.doubleValue()))) {
      throw w.error(
          "'" + field + "' must be an integer, got " + (v == null ? "nothing" : v.toString()));
    }
    // asLong() would wrap 2^64 + 1 to 1 and saturate 1e20 to Long.MAX_VALUE: ids that collide.
    if (v.isIntegralNumber() ? !v.canConvertToLong() : !fitsLong(v.doubleValue())) {
      throw w.error(
          "'" + field + "' = " + v + " does not fit a 64-bit integer; COCO ids are int64");
    }
    return v.asLong();
  }

  /** Whether an integral double converts to a long exactly (2^63 itself does not). */
  private static boolean fitsLong(double d) {
    return d >= -0x1p63 && d < 0x1p63;
  }

  private static int size(JsonNode n, String field, Where w) throws DatasetFormatException {
    JsonNode v = n.get(field);
    if (v == null || v.isNull()) {
      return 0;
    }
    long value = integer(n, field, w);
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw w.error("image '" + field + "' must be a positive number of pixels, got " + value);
    }
    return (int) value;
  }

  private static String text(JsonNode n, String field, Where w) throws DatasetFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw w.error(
          "'" + field + "' must be a string, got " + (v == null ? "nothing" : v.toString()));
    }
    return v.asText();
  }

  private static DatasetFormatException located(Path file, JsonParser p, String reason) {
    JsonLocation at = p.currentTokenLocation();
    return new DatasetFormatException(
        String.valueOf(file), at.getLineNr(), at.getColumnNr(), reason);
  }
}
