package dev.detect.spark.internal;

import dev.detect.io.tfrecord.TfRecordEncoder;
import java.io.IOException;
import java.io.OutputStream;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * The executor side of a sharded write: each task writes its shard's records, in order, to an
 * attempt file in the staging folder ({@code shard-k.attempt-A.tmp}) and commits it by a rename to
 * {@code shard-k.attempt-A}; the driver renames the one committed attempt of each shard to the
 * shard's name once every task is done. A failed or duplicated attempt thus leaves only files in
 * the staging folder, which the driver deletes.
 */
public final class ShardWriter implements Serializable {
  private static final long serialVersionUID = 1L;

  /** Called by a task at its start and before its commit; tests inject failures with it. */
  public interface TaskHook extends Serializable {
    /**
     * @param shard the shard the task writes
     * @param stage "start" or "commit"
     */
    void at(int shard, String stage) throws IOException;
  }

  private final EncoderSpec encoder;
  private final String imageRoot;
  private final boolean allowOutsideRoot;
  private final HadoopConf conf;
  private final TaskHook hook;

  /** A writer of shards with these settings. */
  public ShardWriter(
      EncoderSpec encoder,
      String imageRoot,
      boolean allowOutsideRoot,
      HadoopConf conf,
      TaskHook hook) {
    this.encoder = encoder;
    this.imageRoot = imageRoot;
    this.allowOutsideRoot = allowOutsideRoot;
    this.conf = conf;
    this.hook = hook;
  }

  /** Encodes each image without writing, to learn which are written (the skip pre-pass). */
  public List<ImageResult> check(List<ImageSpec> images) throws IOException {
    TfRecordEncoder enc = encoder.writer().encoder();
    ImageSource source = new ImageSource(imageRoot, allowOutsideRoot, conf.get());
    List<ImageResult> out = new ArrayList<>();
    for (ImageSpec spec : images) {
      TfRecordEncoder.Outcome o = source.encode(enc, spec.annotation());
      out.add(result(spec, o));
    }
    return out;
  }

  /**
   * Writes shard {@code shard} of {@code images} (already in record order) into {@code staging}.
   *
   * @param attempt a unique id of this task attempt (Spark's task attempt id)
   */
  public ShardReport write(int shard, List<ImageSpec> images, String staging, long attempt)
      throws IOException {
    long start = System.nanoTime();
    hook.at(shard, "start");
    Configuration c = conf.get();
    TfRecordEncoder enc = encoder.writer().encoder();
    ImageSource source = new ImageSource(imageRoot, allowOutsideRoot, c);
    Path tmp = new Path(staging, "shard-" + shard + ".attempt-" + attempt + ".tmp");
    Path committed = new Path(staging, "shard-" + shard + ".attempt-" + attempt);
    FileSystem fs = OutputFileSystems.of(tmp, c);
    List<ImageResult> results = new ArrayList<>();
    long records = 0;
    boolean done = false;
    // createNonRecursive: an attempt still running after the driver removed the staging folder
    // fails instead of creating it again
    try (OutputStream out =
        fs.createNonRecursive(
            tmp, false, 1 << 20, fs.getDefaultReplication(tmp), 128L << 20, null)) {
      for (ImageSpec spec : images) {
        TfRecordEncoder.Outcome o = source.encode(enc, spec.annotation());
        if (o.record().isPresent()) {
          out.write(o.record().get());
          records++;
        }
        results.add(result(spec, o));
      }
      hook.at(shard, "commit");
      done = true;
    } finally {
      if (!done) {
        fs.delete(tmp, false);
      }
    }
    if (!fs.rename(tmp, committed)) {
      fs.delete(tmp, false);
      throw new IOException("cannot commit " + tmp + " as " + committed);
    }
    return new ShardReport(
        shard, committed.toString(), records, results, (System.nanoTime() - start) / 1_000_000);
  }

  private static ImageResult result(ImageSpec spec, TfRecordEncoder.Outcome o) {
    return new ImageResult(
        spec.index(),
        o.record().isPresent(),
        o.objects(),
        o.imageBytes(),
        o.skipped().stream().map(Note::of).toList(),
        o.clipped().stream().map(Note::of).toList());
  }
}
