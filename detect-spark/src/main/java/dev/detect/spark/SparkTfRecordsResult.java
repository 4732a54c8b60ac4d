package dev.detect.spark;

import dev.detect.io.ReadResult.Warning;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link SparkTfRecords} job wrote.
 *
 * @param files the shard files as URIs, in shard order
 * @param recordsPerFile the records in each file
 * @param images images written (one record each)
 * @param objects objects written
 * @param imageBytes encoded image bytes written
 * @param skipped images or objects left out under a SKIP policy, each with its reason, in image
 *     order (as {@code detect tfrecord} lists them)
 * @param clipped boxes clipped under the CLIP policy
 * @param timings how long the job took, and the tasks
 */
public record SparkTfRecordsResult(
    List<String> files,
    List<Long> recordsPerFile,
    int images,
    int objects,
    long imageBytes,
    List<Warning> skipped,
    List<Warning> clipped,
    Timings timings) {

  /**
   * Wall times of a job, in milliseconds.
   *
   * @param totalMillis the whole write, driver included
   * @param checkMillis the pre-pass that finds invalid images (0 when images are not skipped)
   * @param taskMillis each write task's own time, in shard order
   */
  public record Timings(long totalMillis, long checkMillis, List<Long> taskMillis) {
    /** Copies the list. */
    public Timings {
      taskMillis = List.copyOf(taskMillis);
    }
  }

  /** Copies the lists. */
  public SparkTfRecordsResult {
    files = List.copyOf(files);
    recordsPerFile = List.copyOf(recordsPerFile);
    skipped = List.copyOf(skipped);
    clipped = List.copyOf(clipped);
  }

  /** The files that hold no record (images were skipped), in shard order. */
  public List<String> emptyFiles() {
    List<String> empty = new ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (files.size() > 1 && recordsPerFile.get(i) == 0) {
        empty.add(files.get(i));
      }
    }
    return List.copyOf(empty);
  }

  /** One line: what was written where and what was left out, as {@code detect tfrecord} says. */
  public String summary() {
    String where =
        files.size() == 1
            ? files.get(0)
            : files.size()
                + " shards "
                + files.get(0).substring(files.get(0).lastIndexOf('/') + 1)
                + " …";
    return "wrote "
        + images
        + " images, "
        + objects
        + " objects ("
        + String.format(Locale.ROOT, "%.1f", imageBytes / 1e6)
        + " MB of images) to "
        + where
        + (skipped.isEmpty() ? "" : "; skipped " + skipped.size())
        + (clipped.isEmpty() ? "" : "; clipped " + clipped.size() + " boxes");
  }
}
