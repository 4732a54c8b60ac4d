package dev.detect.io.tfrecord;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shard file names as the OD API's {@code open_sharded_output_tfrecords} writes them: {@code
 * train.record-00000-of-00010}. One shard is written under the plain name.
 */
public final class ShardNames {
  private ShardNames() {}

  /** The files of {@code shards} shards of {@code base}, in shard order. */
  public static List<Path> of(Path base, int shards) {
    return names(base.toString(), shards).stream().map(Path::of).toList();
  }

  /**
   * The names of {@code shards} shards of {@code base}, in shard order, for paths that are not
   * local files (a Hadoop URI such as {@code hdfs://nn/data/train.record}): the suffix is appended
   * to the text as it is.
   */
  public static List<String> names(String base, int shards) {
    if (shards < 1) {
      throw new IllegalArgumentException("shards must be >= 1, got " + shards);
    }
    if (shards == 1) {
      return List.of(base);
    }
    List<String> out = new ArrayList<>(shards);
    for (int i = 0; i < shards; i++) {
      out.add(String.format(Locale.ROOT, "%s-%05d-of-%05d", base, i, shards));
    }
    return out;
  }

  /** The glob that matches all shards of {@code base}, for {@code input_path} in a config. */
  public static String glob(Path base, int shards) {
    return glob(base.toString(), shards);
  }

  /** {@link #glob(Path, int)} for a path or URI as text. */
  public static String glob(String base, int shards) {
    return shards == 1 ? base : base + String.format(Locale.ROOT, "-?????-of-%05d", shards);
  }
}
