package dev.detect.io.tfrecord;

import dev.detect.core.config.RecordInput;
import dev.detect.io.ReadResult.Warning;
import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link TfRecordWriter} wrote.
 *
 * @param files the record files, in shard order
 * @param recordsPerFile the number of records in each file
 * @param images images written (one record each)
 * @param objects objects written
 * @param imageBytes encoded image bytes written (before framing and compression)
 * @param skipped images or objects left out under a SKIP policy, each with its reason
 * @param clipped boxes clipped to the image under the CLIP policy, each named
 */
public record TfRecordWriteResult(
    List<Path> files,
    List<Long> recordsPerFile,
    int images,
    int objects,
    long imageBytes,
    List<Warning> skipped,
    List<Warning> clipped)
    implements RecordInput {

  /** Copies the lists. */
  public TfRecordWriteResult {
    files = List.copyOf(files);
    recordsPerFile = List.copyOf(recordsPerFile);
    skipped = List.copyOf(skipped);
    clipped = List.copyOf(clipped);
  }

  /**
   * The {@code input_path} a pipeline.config takes for these files: the file itself, or for shards
   * the pattern {@code train.record-?????-of-00004} that matches exactly them.
   */
  @Override
  public String inputPath() {
    if (files.size() == 1) {
      return files.get(0).toString();
    }
    String first = files.get(0).toString();
    String suffix = ShardNames.names("", files.size()).get(0);
    if (!first.endsWith(suffix)) {
      throw new IllegalStateException("not shard names: " + files);
    }
    return ShardNames.glob(first.substring(0, first.length() - suffix.length()), files.size());
  }

  /**
   * The files that hold no record, in shard order: with more than one shard, those left empty
   * because images were skipped; empty when every file holds a record.
   */
  public List<Path> emptyFiles() {
    List<Path> empty = new java.util.ArrayList<>();
    for (int i = 0; i < files.size(); i++) {
      if (files.size() > 1 && recordsPerFile.get(i) == 0) {
        empty.add(files.get(i));
      }
    }
    return List.copyOf(empty);
  }

  /** One line: what was written where and what was left out. */
  public String summary() {
    String where =
        files.size() == 1
            ? files.get(0).toString()
            : files.size() + " shards " + files.get(0).getFileName() + " …";
    return "wrote "
        + images
        + " images, "
        + objects
        + " objects ("
        + String.format(java.util.Locale.ROOT, "%.1f", imageBytes / 1e6)
        + " MB of images) to "
        + where
        + (skipped.isEmpty() ? "" : "; skipped " + skipped.size())
        + (clipped.isEmpty() ? "" : "; clipped " + clipped.size() + " boxes")
        + emptySummary();
  }

  private String emptySummary() {
    List<Path> empty = emptyFiles();
    return empty.isEmpty()
        ? ""
        : "; "
            + empty.size()
            + " of "
            + files.size()
            + " shards hold no record (fewer images written than shards), first "
            + empty.get(0).getFileName();
  }
}
