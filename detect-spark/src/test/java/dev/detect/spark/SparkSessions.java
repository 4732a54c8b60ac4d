package dev.detect.spark;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test class, and where the shared data is. */
final class SparkSessions {
  private SparkSessions() {}

  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  /** A local session; {@code local[2,2]}: two threads, and a task may fail once and be retried. */
  static SparkSession local(String master) {
    return SparkSession.builder()
        .master(master)
        .appName("detect-spark-test")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.shuffle.partitions", "2")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.driver.bindAddress", "127.0.0.1")
        .getOrCreate();
  }
}
