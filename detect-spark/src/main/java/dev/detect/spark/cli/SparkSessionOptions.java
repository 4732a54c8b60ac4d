package dev.detect.spark.cli;

import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Option;

/** The {@code --master} option and the session it makes. */
final class SparkSessionOptions {
  @Option(
      names = "--master",
      paramLabel = "URL",
      description =
          "Spark master: local[*] (default, all cores of this machine), local[N], spark://host:7077,"
              + " yarn, k8s://… Under spark-submit, the master it sets.")
  String master;

  /** The session: on {@code --master}, else spark-submit's master, else {@code local[*]}. */
  SparkSession session(String appName) {
    SparkSession.Builder b = SparkSession.builder().appName(appName);
    if (master != null) {
      b.master(master);
    } else if (System.getProperty("spark.master") == null) {
      b.master("local[*]");
    }
    if (master == null || master.startsWith("local")) {
      b.config("spark.ui.showConsoleProgress", "false");
    }
    return b.getOrCreate();
  }
}
