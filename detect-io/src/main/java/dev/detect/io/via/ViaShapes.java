package dev.detect.io.via;

import com.fasterxml.jackson.databind.JsonNode;
import dev.detect.core.box.PixelBox;
import java.util.Optional;

/**
 * Converts VIA {@code shape_attributes} to pixel boxes: {@code rect} exactly; {@code polygon},
 * {@code polyline}, {@code circle} and {@code ellipse} to their bounding box. {@code point} (no
 * area) and unknown shapes are not convertible.
 */
final class ViaShapes {
  private ViaShapes() {}

  /** Thrown for a shape whose coordinates are missing or not numbers. */
  static final class BadShape extends Exception {
    private static final long serialVersionUID = 1L;

    BadShape(String message) {
      super(message, null, false, false);
    }
  }

  /** The box of a {@code rect}, exactly. */
  static PixelBox rect(JsonNode s) throws BadShape {
    return PixelBox.ofXywh(num(s, "x"), num(s, "y"), num(s, "width"), num(s, "height"));
  }

  /** The bounding box of a non-rect shape, or empty when the shape has no area or is unknown. */
  static Optional<PixelBox> boundingBox(String name, JsonNode s) throws BadShape {
    return switch (name) {
      case "polygon", "polyline" -> Optional.of(points(s));
      case "circle" -> {
        double r = num(s, "r");
        yield Optional.of(PixelBox.ofCenter(num(s, "cx"), num(s, "cy"), 2 * r, 2 * r));
      }
      case "ellipse" -> Optional.of(ellipse(s));
      default -> Optional.empty();
    };
  }

  private static PixelBox points(JsonNode s) throws BadShape {
    JsonNode xs = s.get("all_points_x");
    JsonNode ys = s.get("all_points_y");
    if (xs == null
        || ys == null
        || !xs.isArray()
        || !ys.isArray()
        || xs.isEmpty()
        || xs.size() != ys.size()) {
      throw new BadShape("all_points_x and all_points_y must be non-empty arrays of equal length");
    }
    double x0 = Double.POSITIVE_INFINITY;
    double y0 = Double.POSITIVE_INFINITY;
    double x1 = Double.NEGATIVE_INFINITY;
    double y1 = Double.NEGATIVE_INFINITY;
    for (int i = 0; i < xs.size(); i++) {
      double x = value(xs.get(i), "all_points_x");
      double y = value(ys.get(i), "all_points_y");
      x0 = Math.min(x0, x);
      y0 = Math.min(y0, y);
      x1 = Math.max(x1, x);
      y1 = Math.max(y1, y);
    }
    return PixelBox.ofCorners(x0, y0, x1, y1);
  }

  /** The bounding box of an ellipse rotated by {@code theta} radians (VIA 2; 0 in VIA 1). */
  private static PixelBox ellipse(JsonNode s) throws BadShape {
    double rx = num(s, "rx");
    double ry = num(s, "ry");
    double theta = s.has("theta") ? num(s, "theta") : 0;
    double cos = Math.cos(theta);
    double sin = Math.sin(theta);
    double hw = Math.sqrt(rx * rx * cos * cos + ry * ry * sin * sin);
    double hh = Math.sqrt(rx * rx * sin * sin + ry * ry * cos * cos);
    return PixelBox.ofCenter(num(s, "cx"), num(s, "cy"), 2 * hw, 2 * hh);
  }

  private static double num(JsonNode s, String field) throws BadShape {
    JsonNode v = s.get(field);
    if (v == null) {
      throw new BadShape("missing '" + field + "'");
    }
    return value(v, field);
  }

  /** A number, also accepting numeric strings (some exports quote coordinates). */
  private static double value(JsonNode v, String field) throws BadShape {
    double d;
    if (v.isNumber()) {
      d = v.doubleValue();
    } else if (v.isTextual()) {
      try {
        d = Double.parseDouble(v.asText().strip());
      } catch (NumberFormatException e) {
        throw new BadShape("'" + field + "' is not a number: " + v);
      }
    } else {
      throw new BadShape("'" + field + "' is not a number: " + v);
    }
    if (!Double.isFinite(d)) {
      throw new BadShape("'" + field + "' is not finite: " + v);
    }
    return d;
  }
}
