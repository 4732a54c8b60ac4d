package dev.detect.train.detector;

import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.image.ImageHeaders;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What a {@link Detector} returns: detections at or above {@code minScore}, at most {@code
 * maxResults} per image, only of {@code allowedLabels} when not empty; the label map names the
 * classes when the export has none. Encoded images whose header declares more than {@code
 * maxImagePixels} pixels are refused before decoding.
 *
 * @param minScore minimum score, in [0, 1]
 * @param maxResults maximum detections per image, at least 1
 * @param allowedLabels label names kept (empty = all)
 * @param labelMap the label map to use instead of the export's
 * @param maxImagePixels the largest encoded image decoded, in pixels (width × height), at least 1
 */
public record DetectorOptions(
    float minScore,
    int maxResults,
    Set<String> allowedLabels,
    Optional<LabelMap> labelMap,
    long maxImagePixels) {

  /**
   * The defaults: min score 0.5, 100 results, every label, images up to {@link
   * ImageHeaders#DEFAULT_MAX_PIXELS} pixels.
   */
  public static final DetectorOptions DEFAULT = builder().build();

  /** Validates and copies. */
  public DetectorOptions {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be >= 1, got " + maxResults);
    }
    allowedLabels = Set.copyOf(allowedLabels);
    Objects.requireNonNull(labelMap, "labelMap");
    if (maxImagePixels < 1) {
      throw new IllegalArgumentException("maxImagePixels must be >= 1, got " + maxImagePixels);
    }
  }

  /** A builder with the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /** A builder with these options. */
  public Builder toBuilder() {
    Builder b =
        new Builder()
            .minScore(minScore)
            .maxResults(maxResults)
            .allowedLabels(allowedLabels)
            .maxImagePixels(maxImagePixels);
    labelMap.ifPresent(b::labelMap);
    return b;
  }

  /** Builds {@link DetectorOptions}. */
  public static final class Builder {
    private float minScore = 0.5f;
    private int maxResults = 100;
    private Set<String> allowedLabels = Set.of();
    private LabelMap labelMap;
    private long maxImagePixels = ImageHeaders.DEFAULT_MAX_PIXELS;

    private Builder() {}

    /**
     * The largest encoded image {@link Detector#detect(java.nio.file.Path)} and {@link
     * Detector#detect(byte[])} decode, in pixels (default {@link ImageHeaders#DEFAULT_MAX_PIXELS});
     * a larger header is refused before any pixel is decoded.
     */
    public Builder maxImagePixels(long maxPixels) {
      this.maxImagePixels = maxPixels;
      return this;
    }

    /** Minimum score kept (default 0.5). */
    public Builder minScore(float minScore) {
      this.minScore = minScore;
      return this;
    }

    /** Maximum detections per image (default 100). */
    public Builder maxResults(int maxResults) {
      this.maxResults = maxResults;
      return this;
    }

    /** Only these labels (by label map name or display name); empty = all (default). */
    public Builder allowedLabels(Set<String> labels) {
      this.allowedLabels = Set.copyOf(labels);
      return this;
    }

    /** The label map to name classes with, overriding the export's {@code label_map.pbtxt}. */
    public Builder labelMap(LabelMap labelMap) {
      this.labelMap = Objects.requireNonNull(labelMap, "labelMap");
      return this;
    }

    /** The options. */
    public DetectorOptions build() {
      return new DetectorOptions(
          minScore, maxResults, allowedLabels, Optional.ofNullable(labelMap), maxImagePixels);
    }
  }
}
