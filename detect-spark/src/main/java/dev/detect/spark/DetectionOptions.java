package dev.detect.spark;

import dev.detect.io.image.ImageHeaders;
import dev.detect.train.detector.DetectorOptions;
import java.io.Serializable;

/**
 * The detection settings of a {@link SparkDetector} job, as they travel to executors: those of
 * {@link DetectorOptions} that {@code detect detect} takes.
 *
 * @param minScore detections scoring below are dropped, in {@code [0, 1]}
 * @param maxResults at most this many detections per image (highest scores first), at least 1
 * @param maxImagePixels larger images (width × height, from the header) are reported in the {@code
 *     error} column instead of decoded
 */
public record DetectionOptions(float minScore, int maxResults, long maxImagePixels)
    implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The defaults of {@code detect detect}: min score 0.5, 100 results. */
  public static final DetectionOptions DEFAULT =
      new DetectionOptions(0.5f, 100, ImageHeaders.DEFAULT_MAX_PIXELS);

  /** Validates the values. */
  public DetectionOptions {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new IllegalArgumentException("minScore must be in [0, 1], got " + minScore);
    }
    if (maxResults < 1) {
      throw new IllegalArgumentException("maxResults must be >= 1, got " + maxResults);
    }
    if (maxImagePixels < 1) {
      throw new IllegalArgumentException("maxImagePixels must be >= 1, got " + maxImagePixels);
    }
  }

  /** Options with min score and max results, other values as the default. */
  public static DetectionOptions of(float minScore, int maxResults) {
    return new DetectionOptions(minScore, maxResults, ImageHeaders.DEFAULT_MAX_PIXELS);
  }

  /** The {@link DetectorOptions} these make. */
  public DetectorOptions detectorOptions() {
    return DetectorOptions.builder()
        .minScore(minScore)
        .maxResults(maxResults)
        .maxImagePixels(maxImagePixels)
        .build();
  }
}
