package dev.detect.spark.bench;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.AnnotationReaders;
import dev.detect.io.ReaderOptions;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.spark.DetectionOptions;
import dev.detect.spark.SparkDetector;
import dev.detect.spark.SparkTfRecords;
import dev.detect.spark.SparkTfRecordsResult;
import dev.detect.train.detector.Detector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;

/**
 * Measures both Spark jobs against the single-machine tools and prints the figures: job 1 on BCCD
 * copied {@code copies} times (292 images each) against {@link TfRecordWriter} in this JVM, job 2
 * on BCCD's images against {@link Detector} in a loop, and Spark's per-task overhead.
 *
 * <p>{@code java … SparkBench DATA_DIR MODEL_DIR [copies] [master]}
 */
public final class SparkBench {
  private SparkBench() {}

  /** Runs the benchmark. */
  public static void main(String[] args) throws Exception {
    Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
    Path model =
        Path.of(args.length > 1 ? args[1] : data + "/models/tf1_frozen_aiy_person_cat_dog_256");
    int copies = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String master = args.length > 3 ? args[3] : "local[*]";
    int cores = Runtime.getRuntime().availableProcessors();
    Path work = Files.createTempDirectory("detect-spark-bench");
    try {
      Path images = Files.createDirectories(work.resolve("images"));
      AnnotationSet set = copies(data.resolve("bccd"), images, copies);
      LabelMap labels = LabelMap.fromLabels(List.of("Platelets", "RBC", "WBC"));
      int shards = 2 * cores;
      System.out.printf(
          Locale.ROOT,
          "cores: %d, master %s, images: %d, shards: %d%n",
          cores,
          master,
          set.size(),
          shards);

      TfRecordWriter writer =
          TfRecordWriter.builder(labels)
              .imageDirectory(images)
              .shards(shards)
              .invalidBoxes(TfRecordWriter.BoxPolicy.CLIP)
              .build();
      writer.write(set, work.resolve("warm/train.record")); // warm-up: JIT and page cache
      long t = System.nanoTime();
      writer.write(set, work.resolve("local/train.record"));
      long local = ms(t);

      t = System.nanoTime();
      SparkSession spark =
          SparkSession.builder()
              .master(master)
              .appName("detect-spark-bench")
              .config("spark.ui.enabled", "false")
              .getOrCreate();
      long startup = ms(t);
      try {
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        SparkTfRecords job =
            SparkTfRecords.builder(spark, labels)
                .imageRoot(images.toString())
                .shards(shards)
                .invalidBoxes(TfRecordWriter.BoxPolicy.CLIP)
                .build();
        job.write(set, work.resolve("sparkwarm/train.record").toString());
        SparkTfRecordsResult r = job.write(set, work.resolve("spark/train.record").toString());
        long slowest = r.timings().taskMillis().stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(
            Locale.ROOT,
            "job 1 (tfrecord): detect tfrecord in one JVM %d ms; Spark job %d ms (start-up %d ms"
                + " apart), ratio spark/local %.2f; slowest task %d ms%n",
            local,
            r.timings().totalMillis(),
            startup,
            r.timings().totalMillis() / (double) local,
            slowest);

        // per-task overhead: an empty job of many tasks
        int n = 200;
        jsc.parallelize(IntStream.range(0, n).boxed().toList(), n).count();
        t = System.nanoTime();
        jsc.parallelize(IntStream.range(0, n).boxed().toList(), n).count();
        long empty = ms(t);
        System.out.printf(
            Locale.ROOT,
            "per-task overhead: %d empty tasks in %d ms = %.2f ms per task (%d cores)%n",
            n,
            empty,
            empty / (double) n,
            cores);

        // job 2: detection
        List<Path> files;
        try (Stream<Path> s = Files.list(data.resolve("bccd/images"))) {
          files = s.filter(p -> p.toString().endsWith(".jpg")).sorted().toList();
        }
        DetectionOptions options = DetectionOptions.DEFAULT;
        long loop;
        try (Detector d = Detector.load(model, options.detectorOptions())) {
          for (int i = 0; i < 10; i++) {
            d.detect(Files.readAllBytes(files.get(i)));
          }
          t = System.nanoTime();
          for (Path f : files) {
            d.detect(Files.readAllBytes(f));
          }
          loop = ms(t);
        }
        String glob = data.resolve("bccd/images").toAbsolutePath() + "/**/*.jpg";
        SparkDetector.detect(SparkDetector.readImages(spark, glob), model.toString(), options)
            .count();
        t = System.nanoTime();
        long rows =
            SparkDetector.detect(SparkDetector.readImages(spark, glob), model.toString(), options)
                .count();
        long sparkDetect = ms(t);
        System.out.printf(
            Locale.ROOT,
            "job 2 (detect): %d images; Detector loop on 1 thread %.1f images/s; Spark %s %.1f"
                + " images/s = %.1f images/s per core (%d rows)%n",
            files.size(),
            files.size() * 1000.0 / loop,
            master,
            files.size() * 1000.0 / sparkDetect,
            files.size() * 1000.0 / sparkDetect / cores,
            rows);
      } finally {
        spark.stop();
      }
    } finally {
      deleteTree(work);
    }
  }

  private static AnnotationSet copies(Path bccd, Path images, int copies) throws IOException {
    AnnotationSet base =
        AnnotationReaders.read(bccd.resolve("annotations"), ReaderOptions.defaults()).annotations();
    List<ImageAnnotation> out = new ArrayList<>();
    for (int c = 0; c < copies; c++) {
      for (ImageAnnotation a : base.images()) {
        String name = "c" + c + "_" + a.fileName();
        Files.copy(bccd.resolve("images").resolve(a.fileName()), images.resolve(name));
        out.add(a.toBuilder().fileName(name).build());
      }
    }
    return AnnotationSet.of(out);
  }

  private static long ms(long start) {
    return (System.nanoTime() - start) / 1_000_000;
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
