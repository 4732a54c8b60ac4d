package dev.detect.spark.cli;

import dev.detect.spark.DetectionOptions;
import dev.detect.spark.SparkDetector;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect spark detect}: batch detection over images on any Hadoop file system. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Detect objects in many images on Spark, like `detect detect --json`: one row per detection"
          + " (path, label, label_id, score, xmin, ymin, xmax, ymax in pixels, width, height), one"
          + " row with nulls per image without detections, and an error column for images that"
          + " cannot be decoded (the job goes on).",
      "Each executor loads the model once and shares it between its tasks."
    })
final class SparkDetectCommand implements Callable<Integer> {
  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = {"-m", "--model"},
      required = true,
      paramLabel = "DIR|URI",
      description =
          "Exported model (SavedModel folder, frozen graph, …) on a path every executor can read,"
              + " or an hdfs:/s3a: URI each executor copies once.")
  String model;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "GLOB",
      description = "Images: 'URI/**/*.jpg' (recursive), a Hadoop glob, or a folder.")
  String input;

  @Option(
      names = {"-o", "--output"},
      required = true,
      paramLabel = "URI",
      description = "Output folder (must not exist).")
  String output;

  @Option(
      names = "--format",
      defaultValue = "parquet",
      paramLabel = "parquet|json",
      description = "Parquet or JSON lines (default: ${DEFAULT-VALUE}).")
  String format;

  @Option(
      names = "--min-score",
      defaultValue = "0.5",
      paramLabel = "S",
      description = "Drop detections scoring below S (default: ${DEFAULT-VALUE}).")
  float minScore;

  @Option(
      names = "--max-results",
      defaultValue = "100",
      paramLabel = "N",
      description = "At most N detections per image (default: ${DEFAULT-VALUE}).")
  int maxResults;

  @Mixin SparkSessionOptions session = new SparkSessionOptions();

  @Override
  public Integer call() throws Exception {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("parquet") && !f.equals("json")) {
      throw new ParameterException(
          spec.commandLine(), "--format must be parquet or json, got '" + format + "'");
    }
    DetectionOptions options;
    try {
      options = DetectionOptions.of(minScore, maxResults);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(
          spec.commandLine(),
          "--"
              + e.getMessage()
                  .replace("minScore", "min-score")
                  .replace("maxResults", "max-results"));
    }
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    String name = spec.qualifiedName();
    long t0 = System.nanoTime();
    SparkSession spark = session.session("detect spark detect");
    long startup = (System.nanoTime() - t0) / 1_000_000;
    try {
      long t1 = System.nanoTime();
      Dataset<Row> images = SparkDetector.readImages(spark, input);
      SparkDetector.write(SparkDetector.detect(images, model, options), output, f);
      long job = (System.nanoTime() - t1) / 1_000_000;
      // the totals, read back from what was written (small: one row per detection)
      Row t =
          spark
              .read()
              .schema(SparkDetector.SCHEMA)
              .format(f)
              .load(output)
              .agg(
                  functions.countDistinct("path"),
                  functions.count("label"),
                  functions.countDistinct(
                      functions.when(functions.col("error").isNotNull(), functions.col("path"))))
              .first();
      long errors = t.getLong(2);
      for (Row e :
          spark
              .read()
              .schema(SparkDetector.SCHEMA)
              .format(f)
              .load(output)
              .where(functions.col("error").isNotNull())
              .select("path", "error")
              .limit(10)
              .collectAsList()) {
        err.println(name + ": skipped: " + e.getString(0) + ": " + e.getString(1));
      }
      out.println(
          t.getLong(0)
              + " image(s), "
              + t.getLong(1)
              + " detection(s)"
              + (errors > 0 ? ", " + errors + " image(s) not decodable (error column)" : "")
              + "; wrote "
              + output);
      err.println(
          name
              + ": spark start-up "
              + SparkCli.seconds(startup)
              + ", job "
              + SparkCli.seconds(job));
      out.flush();
      err.flush();
      return 0;
    } finally {
      spark.stop();
    }
  }
}
