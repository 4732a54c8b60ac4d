package dev.detect.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What one task wrote: its shard, the committed attempt file in the staging folder, and the images.
 *
 * @param shard the 0-based shard index
 * @param committedFile the URI of the attempt's committed file, which the driver renames
 * @param records the records in it
 * @param images what became of each image assigned to the shard, in order
 * @param millis the task's wall time
 */
public record ShardReport(
    int shard, String committedFile, long records, List<ImageResult> images, long millis)
    implements Serializable {
  private static final long serialVersionUID = 1L;
}
