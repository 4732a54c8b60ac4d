package dev.detect.examples.cli;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.box.NormalizedBox;
import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.internal.AtomicFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * The detections file of {@code detect detect --json}, read back by {@code detect eval
 * --detections}: ONE JSON array with one object per detection, boxes in pixels of the image.
 *
 * <pre>{@code
 * [
 * {"filename":"dog.jpg","label":"dog","label_id":1,"score":0.93,"box":{"xmin":12.5,"ymin":30.0,"xmax":200.25,"ymax":310.75}},
 * {"filename":"sub/cat.png","label":"cat","label_id":2,"score":0.41,"box":{"xmin":0.0,"ymin":4.5,"xmax":64.0,"ymax":60.0}}
 * ]
 * }</pre>
 *
 * <ul>
 *   <li>{@code filename}: the image file name relative to the folder given to {@code detect detect}
 *       ({@code /} separated), or the file name of a single image; matched to the ground truth's
 *       file name (exactly, else by its last path segment when that is unique).
 *   <li>{@code label}: the class name (the label map's {@code display_name}, else its {@code
 *       name}); {@code label_id}: its 1-based label map id.
 *   <li>{@code score}: the confidence in {@code [0, 1]}.
 *   <li>{@code box}: {@code xmin, ymin} top-left and {@code xmax, ymax} bottom-right corner, in
 *       pixels of the original image (continuous edge coordinates: a box covering a W×H image is
 *       {@code 0, 0, W, H}), written at full precision.
 * </ul>
 *
 * <p>An image with no detections has no entry. Unknown extra fields are ignored when reading, so
 * other tools may add their own. Written atomically, one detection per line.
 */
final class DetectionsJson {
  private static final ObjectMapper MAPPER = new ObjectMapper();

  private DetectionsJson() {}

  /**
   * One detection as stored in the file.
   *
   * @param filename the image file name (relative path)
   * @param label the class name
   * @param labelId the 1-based label id, 0 when the file gives none
   * @param score the confidence
   * @param box the box in pixels of the image
   */
  record Entry(String filename, String label, int labelId, float score, PixelBox box) {}

  /**
   * Writes the detections of every image to {@code file} atomically.
   *
   * @throws IllegalArgumentException for a detection whose image size is unknown
   */
  static void write(Path file, List<ImageDetections> images) throws IOException {
    StringBuilder sb = new StringBuilder("[");
    String sep = "\n";
    for (ImageDetections image : images) {
      for (Detection d : image.detections()) {
        sb.append(sep).append(MAPPER.writeValueAsString(node(image.fileName(), d)));
        sep = ",\n";
      }
    }
    sb.append("\n]\n");
    AtomicFiles.writeString(file, sb.toString());
  }

  private static ObjectNode node(String filename, Detection d) {
    PixelBox px = d.pixelBox();
    ObjectNode n = MAPPER.createObjectNode();
    n.put("filename", filename);
    n.put("label", d.labelName());
    n.put("label_id", d.labelId());
    n.put("score", d.score());
    ObjectNode box = n.putObject("box");
    box.put("xmin", px.xmin());
    box.put("ymin", px.ymin());
    box.put("xmax", px.xmax());
    box.put("ymax", px.ymax());
    return n;
  }

  /**
   * Reads a detections file.
   *
   * @throws DatasetFormatException when it is not such a file, naming the line and entry at fault
   */
  static List<Entry> read(Path file) throws IOException {
    List<Entry> out = new ArrayList<>();
    try (InputStream in = Files.newInputStream(file);
        JsonParser p = MAPPER.getFactory().createParser(in)) {
      if (p.nextToken() != JsonToken.START_ARRAY) {
        throw error(
            file,
            p.currentTokenLocation(),
            "expected a JSON array of detections ([{\"filename\": ..., \"box\": {...}}, ...])");
      }
      for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
        JsonLocation at = p.currentTokenLocation();
        if (t != JsonToken.START_OBJECT) {
          throw error(file, at, "entry " + (out.size() + 1) + " is not a JSON object");
        }
        out.add(entry(file, at, out.size() + 1, p.readValueAsTree()));
      }
    } catch (JsonProcessingException e) {
      JsonLocation at = e.getLocation();
      throw new DatasetFormatException(
          file.toString(),
          at == null ? 0 : at.getLineNr(),
          at == null ? 0 : at.getColumnNr(),
          "not valid JSON: " + dev.detect.io.internal.JsonInput.plainMessage(e),
          e);
    }
    return out;
  }

  private static Entry entry(Path file, JsonLocation at, int index, JsonNode n)
      throws DatasetFormatException {
    String where = "entry " + index + ": ";
    JsonNode box = n.get("box");
    if (box == null || !box.isObject()) {
      throw error(file, at, where + "no \"box\" object {\"xmin\", \"ymin\", \"xmax\", \"ymax\"}");
    }
    String filename = text(file, at, where, n, "filename");
    if (filename.isEmpty()) {
      throw error(file, at, where + "\"filename\" is empty");
    }
    String label = n.has("label") ? text(file, at, where, n, "label") : "";
    int id = n.has("label_id") ? labelId(file, at, where, n) : 0;
    if (label.isEmpty() && id < 1) {
      throw error(file, at, where + "needs a \"label\" or a \"label_id\" >= 1");
    }
    double score = number(file, at, where, n, "score");
    if (score < 0 || score > 1) {
      throw error(
          file,
          at,
          where
              + "\"score\" must be a confidence in [0, 1], got "
              + n.get("score")
              + " (a logit or a percentage? convert it to a probability)");
    }
    PixelBox px =
        PixelBox.ofCorners(
            number(file, at, where + "box ", box, "xmin"),
            number(file, at, where + "box ", box, "ymin"),
            number(file, at, where + "box ", box, "xmax"),
            number(file, at, where + "box ", box, "ymax"));
    return new Entry(filename, label, id, (float) score, px);
  }

  /** A whole {@code label_id}; below 1 it counts as none (0), above the int range it is refused. */
  private static int labelId(Path file, JsonLocation at, String where, JsonNode n)
      throws DatasetFormatException {
    double v = number(file, at, where, n, "label_id");
    if (v != Math.rint(v) || v > Integer.MAX_VALUE) {
      throw error(
          file,
          at,
          where
              + "\"label_id\" must be a whole number up to "
              + Integer.MAX_VALUE
              + ", got "
              + n.get("label_id"));
    }
    return v < 1 ? 0 : (int) v;
  }

  private static String text(Path file, JsonLocation at, String where, JsonNode n, String field)
      throws DatasetFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isTextual()) {
      throw error(file, at, where + "\"" + field + "\" must be a string, got " + v);
    }
    return v.asText();
  }

  private static double number(Path file, JsonLocation at, String where, JsonNode n, String field)
      throws DatasetFormatException {
    JsonNode v = n.get(field);
    if (v == null || !v.isNumber() || !Double.isFinite(v.asDouble())) {
      throw error(file, at, where + "\"" + field + "\" must be a finite number, got " + v);
    }
    return v.asDouble();
  }

  private static DatasetFormatException error(Path file, JsonLocation at, String reason) {
    return new DatasetFormatException(
        file.toString(), at.getLineNr(), at.getColumnNr(), reason, null);
  }

  /**
   * Detections matched to ground-truth images.
   *
   * @param images one entry per ground-truth image that has detections, boxes normalized by the
   *     ground-truth image size
   * @param unmatchedFiles file names in the detections with no ground-truth image (sorted)
   * @param unmatchedDetections how many detections those files had
   */
  record Matched(
      List<ImageDetections> images, List<String> unmatchedFiles, int unmatchedDetections) {}

  /**
   * Groups entries by ground-truth image, converting pixel boxes to normalized ones with the
   * ground-truth image size. Classes are matched by label name (label map {@code name} or {@code
   * display_name}), so detections of a model whose label map numbers the classes differently still
   * score; the label id is used only for entries without a label.
   */
  static Matched match(List<Entry> entries, AnnotationSet groundTruth) {
    Map<String, ImageAnnotation> byName = new HashMap<>();
    Map<String, ImageAnnotation> byBaseName = new HashMap<>();
    TreeSet<String> ambiguous = new TreeSet<>();
    for (ImageAnnotation a : groundTruth) {
      byName.put(a.fileName(), a);
      if (byBaseName.put(baseName(a.fileName()), a) != null) {
        ambiguous.add(baseName(a.fileName()));
      }
    }
    ambiguous.forEach(byBaseName::remove);
    Map<String, List<Detection>> grouped = new LinkedHashMap<>();
    TreeSet<String> unmatched = new TreeSet<>();
    int unmatchedCount = 0;
    for (Entry e : entries) {
      ImageAnnotation image = byName.get(e.filename());
      if (image == null) {
        image = byBaseName.get(baseName(e.filename()));
      }
      if (image == null) {
        unmatched.add(e.filename());
        unmatchedCount++;
        continue;
      }
      double w = image.width();
      double h = image.height();
      NormalizedBox box =
          NormalizedBox.ofYxyx(
              e.box().ymin() / h, e.box().xmin() / w, e.box().ymax() / h, e.box().xmax() / w);
      int id = e.label().isEmpty() ? e.labelId() : 0;
      grouped
          .computeIfAbsent(image.fileName(), k -> new ArrayList<>())
          .add(Detection.of(id, e.label(), e.score(), box, image.width(), image.height()));
    }
    List<ImageDetections> images = new ArrayList<>();
    grouped.forEach((name, dets) -> images.add(new ImageDetections(name, dets)));
    return new Matched(images, List.copyOf(unmatched), unmatchedCount);
  }

  private static String baseName(String fileName) {
    String s = fileName.replace('\\', '/');
    return s.substring(s.lastIndexOf('/') + 1);
  }
}
