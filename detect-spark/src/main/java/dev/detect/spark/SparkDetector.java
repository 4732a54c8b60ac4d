package dev.detect.spark;

import dev.detect.core.box.PixelBox;
import dev.detect.core.eval.Detection;
import dev.detect.io.image.ImageHeaders;
import dev.detect.io.image.ImageInfo;
import dev.detect.spark.internal.DetectorHolder;
import dev.detect.spark.internal.HadoopConf;
import dev.detect.train.detector.Detector;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Batch detection on a Spark cluster: images from Spark's {@code binaryFile} source in, one row per
 * detection out, the same detections as {@code detect detect} (detect-train's {@link Detector}).
 *
 * <p>Each executor JVM loads the model once, on its first task, and shares it with every later task
 * there; it is closed when the JVM shuts down. The model is a local folder or file every executor
 * can read, or a URI of any Hadoop file system ({@code hdfs:}, {@code s3a:}), which each executor
 * copies to a local temporary folder once.
 *
 * <pre>{@code
 * Dataset<Row> images = SparkDetector.readImages(spark, "hdfs://nn/photos/**}{@code /*.jpg");
 * SparkDetector.detect(images, "hdfs://nn/models/ssd", DetectionOptions.DEFAULT)
 *     .write().parquet("hdfs://nn/out/detections");
 * }</pre>
 */
public final class SparkDetector {
  /**
   * The output rows: {@code path} (the image's URI as the {@code binaryFile} source gives it),
   * {@code label} (the class name), {@code label_id} (its 1-based label map id), {@code score} (in
   * {@code [0, 1]}), {@code xmin, ymin} (top-left) and {@code xmax, ymax} (bottom-right corner) in
   * pixels of the image, {@code width}, {@code height} (the image's size in pixels) and {@code
   * error}. One row per detection; an image with no detection has one row with nulls from {@code
   * label} to {@code ymax}; an image that cannot be decoded has one row with only {@code path} and
   * {@code error} (why) set.
   */
  public static final StructType SCHEMA =
      new StructType(
          new StructField[] {
            DataTypes.createStructField("path", DataTypes.StringType, false),
            DataTypes.createStructField("label", DataTypes.StringType, true),
            DataTypes.createStructField("label_id", DataTypes.IntegerType, true),
            DataTypes.createStructField("score", DataTypes.FloatType, true),
            DataTypes.createStructField("xmin", DataTypes.DoubleType, true),
            DataTypes.createStructField("ymin", DataTypes.DoubleType, true),
            DataTypes.createStructField("xmax", DataTypes.DoubleType, true),
            DataTypes.createStructField("ymax", DataTypes.DoubleType, true),
            DataTypes.createStructField("width", DataTypes.IntegerType, true),
            DataTypes.createStructField("height", DataTypes.IntegerType, true),
            DataTypes.createStructField("error", DataTypes.StringType, true)
          });

  private SparkDetector() {}

  /**
   * The image files matching {@code pattern} through Spark's {@code binaryFile} source (columns
   * {@code path, modificationTime, length, content}). A pattern with {@code /**}{@code /} reads
   * every folder below the part before it recursively and keeps the files whose names match the
   * part after it ({@code hdfs://nn/photos/**}{@code /*.jpg}); any other pattern is a Hadoop glob
   * ({@code s3a://b/photos/2025-*}{@code /*.jpg}) or a folder, read recursively.
   */
  public static Dataset<Row> readImages(SparkSession spark, String pattern) {
    Objects.requireNonNull(pattern, "pattern");
    int at = pattern.indexOf("/**/");
    if (at >= 0) {
      String filter = pattern.substring(at + 4);
      if (filter.contains("/")) {
        throw new IllegalArgumentException(
            "after /**/ only a file name pattern may follow (like *.jpg), got '" + pattern + "'");
      }
      return spark
          .read()
          .format("binaryFile")
          .option("recursiveFileLookup", "true")
          .option("pathGlobFilter", filter)
          .load(pattern.substring(0, at));
    }
    boolean glob = pattern.contains("*") || pattern.contains("?") || pattern.contains("[");
    return spark
        .read()
        .format("binaryFile")
        .option("recursiveFileLookup", Boolean.toString(!glob))
        .load(pattern);
  }

  /**
   * Detects objects in every image of {@code images} (a {@code binaryFile} dataset, or any with a
   * string {@code path} and a binary {@code content} column) with the model at {@code modelUri};
   * rows as {@link #SCHEMA} says. Lazy, like any Dataset.
   */
  public static Dataset<Row> detect(
      Dataset<Row> images, String modelUri, DetectionOptions options) {
    Objects.requireNonNull(images, "images");
    Objects.requireNonNull(modelUri, "modelUri");
    Objects.requireNonNull(options, "options");
    HadoopConf conf = new HadoopConf(images.sparkSession().sparkContext().hadoopConfiguration());
    MapPartitionsFunction<Row, Row> f = rows -> detectAll(rows, modelUri, options, conf);
    return images.select("path", "content").mapPartitions(f, Encoders.row(SCHEMA));
  }

  /**
   * Writes the rows of {@link #detect} as Parquet or JSON lines ({@code format} {@code parquet} or
   * {@code json}) to the folder {@code output}, which must not exist.
   */
  public static void write(Dataset<Row> detections, String output, String format) {
    String f = format.toLowerCase(Locale.ROOT);
    if (!f.equals("parquet") && !f.equals("json")) {
      throw new IllegalArgumentException("format must be parquet or json, got '" + format + "'");
    }
    detections.write().mode("errorifexists").format(f).save(output);
  }

  private static Iterator<Row> detectAll(
      Iterator<Row> rows, String modelUri, DetectionOptions options, HadoopConf conf) {
    if (!rows.hasNext()) {
      return rows;
    }
    Detector detector = DetectorHolder.get(modelUri, options, conf.get());
    List<Row> out = new ArrayList<>();
    while (rows.hasNext()) {
      Row r = rows.next();
      String path = r.getString(0);
      byte[] content = r.getAs(1);
      detectOne(detector, path, content, out);
    }
    return out.iterator();
  }

  private static void detectOne(Detector detector, String path, byte[] content, List<Row> out) {
    List<Detection> found;
    ImageInfo info;
    try {
      info = ImageHeaders.read(content, path);
      found = detector.detect(content);
    } catch (Exception e) { // a corrupt image is a row, never a failed job
      out.add(
          RowFactory.create(
              path, null, null, null, null, null, null, null, null, null, message(e)));
      return;
    }
    if (found.isEmpty()) {
      out.add(
          RowFactory.create(
              path, null, null, null, null, null, null, null, info.width(), info.height(), null));
      return;
    }
    for (Detection d : found) {
      PixelBox b = d.pixelBox();
      out.add(
          RowFactory.create(
              path,
              d.labelName(),
              d.labelId(),
              d.score(),
              b.xmin(),
              b.ymin(),
              b.xmax(),
              b.ymax(),
              d.imageWidth(),
              d.imageHeight(),
              null));
    }
  }

  private static String message(Exception e) {
    return e.getMessage() == null ? e.toString() : e.getMessage();
  }
}
