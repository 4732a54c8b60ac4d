package dev.detect.spark.internal;

import java.io.IOException;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.ChecksumFileSystem;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/** The file system shards are written to. */
public final class OutputFileSystems {
  private OutputFileSystems() {}

  /**
   * The file system of {@code path}; for the local one, its raw file system, so that the output
   * folder holds the shard files alone (as {@code detect tfrecord} writes them), without Hadoop's
   * {@code .crc} side files.
   */
  public static FileSystem of(Path path, Configuration conf) throws IOException {
    FileSystem fs = path.getFileSystem(conf);
    return fs instanceof ChecksumFileSystem c ? c.getRawFileSystem() : fs;
  }
}
