package dev.detect.spark.internal;

import dev.detect.spark.DetectionOptions;
import dev.detect.train.detector.Detector;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

/**
 * One {@link Detector} per executor JVM and model: loaded by the first task that needs it, shared
 * by every later task there (a Detector is thread-safe), closed when the JVM shuts down. A model on
 * a remote file system (hdfs:, s3a: …) is first copied to a local temporary folder.
 */
public final class DetectorHolder {
  private static final Map<String, Detector> DETECTORS = new ConcurrentHashMap<>();
  private static final List<java.nio.file.Path> COPIES = new ArrayList<>();
  private static final AtomicInteger LOADS = new AtomicInteger();

  static {
    Runtime.getRuntime()
        .addShutdownHook(new Thread(DetectorHolder::closeAll, "detect-spark-detector-close"));
  }

  private DetectorHolder() {}

  /** The JVM's detector for {@code modelUri} with {@code options}, loaded on first use. */
  public static Detector get(String modelUri, DetectionOptions options, Configuration conf) {
    return DETECTORS.computeIfAbsent(
        modelUri + "\u0000" + options,
        k -> {
          try {
            LOADS.incrementAndGet();
            return Detector.load(localize(modelUri, conf), options.detectorOptions());
          } catch (IOException e) {
            throw new UncheckedIOException("cannot load the model " + modelUri, e);
          }
        });
  }

  /** How many detectors this JVM has loaded (tests: one per model, however many tasks). */
  public static int loads() {
    return LOADS.get();
  }

  /** The model as a local path: itself when it is on the local file system, else a local copy. */
  static java.nio.file.Path localize(String modelUri, Configuration conf) throws IOException {
    Path src = new Path(modelUri);
    String scheme = src.toUri().getScheme();
    if (scheme == null || scheme.equals("file")) {
      return java.nio.file.Path.of(src.toUri().getPath());
    }
    FileSystem fs = src.getFileSystem(conf);
    java.nio.file.Path dir = Files.createTempDirectory("detect-model-");
    synchronized (COPIES) {
      COPIES.add(dir);
    }
    java.nio.file.Path local = dir.resolve(src.getName().isEmpty() ? "model" : src.getName());
    fs.copyToLocalFile(false, src, new Path(local.toUri()), true);
    return local;
  }

  private static void closeAll() {
    for (Detector d : DETECTORS.values()) {
      try {
        d.close();
      } catch (RuntimeException e) {
        // shutting down: nothing to tell
      }
    }
    synchronized (COPIES) {
      for (java.nio.file.Path dir : COPIES) {
        deleteTree(dir);
      }
    }
  }

  private static void deleteTree(java.nio.file.Path dir) {
    try (var s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // best effort at shutdown
                }
              });
    } catch (IOException e) {
      // best effort at shutdown
    }
  }
}
