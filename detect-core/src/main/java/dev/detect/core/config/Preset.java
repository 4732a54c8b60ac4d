package dev.detect.core.config;

import java.util.Locale;
import java.util.Objects;

/**
 * The pipeline configs detect ships, written by this project (not copies of the model zoo), each
 * with {@code num_classes: 1} and {@code PATH_TO_BE_CONFIGURED} paths to fill in. See {@link
 * PipelineConfig#preset(Preset)}.
 */
public enum Preset {
  /**
   * SSD MobileNet v2 (depth 1.0), 320×320, the zoo's {@code ssd_mobilenet_v2_320x320} setup with a
   * CPU-friendly batch of 8 and a cosine schedule over 25000 steps.
   */
  SSD_MOBILENET_V2_320X320("ssd_mobilenet_v2_320x320"),
  /**
   * A small SSD MobileNet v2 (depth 0.35, 160×160, 4 anchors per location) for tests and the demo:
   * batch 16, 2000 steps.
   */
  TINY("tiny");

  private final String id;

  Preset(String id) {
    this.id = id;
  }

  /** The name used on the command line and as the resource name: {@code tiny}, … */
  public String id() {
    return id;
  }

  /**
   * The preset named {@code id} (case-insensitive).
   *
   * @throws IllegalArgumentException if there is none, listing the names
   */
  public static Preset of(String id) {
    Objects.requireNonNull(id, "id");
    for (Preset p : values()) {
      if (p.id.equals(id.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "unknown preset '" + id + "': use ssd_mobilenet_v2_320x320 or tiny");
  }
}
