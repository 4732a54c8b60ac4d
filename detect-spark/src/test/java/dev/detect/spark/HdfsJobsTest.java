package dev.detect.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.eval.Detection;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordWriteResult;
import dev.detect.io.tfrecord.TfRecordWriter;
import dev.detect.train.detector.Detector;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Both jobs against an in-process HDFS: images, model and output all on hdfs:// URIs. */
@Tag("slow")
class HdfsJobsTest {
  static final Path MODEL = SparkSessions.DATA.resolve("models/tf1_frozen_aiy_person_cat_dog_256");

  @TempDir static Path tmp;
  static MiniDFSCluster hdfs;
  static FileSystem fs;
  static String root;
  static SparkSession spark;
  static AnnotationSet set;

  @BeforeAll
  static void start() throws Exception {
    Configuration conf = new Configuration();
    conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, tmp.resolve("hdfs").toString());
    hdfs = new MiniDFSCluster.Builder(conf).numDataNodes(1).build();
    hdfs.waitActive();
    fs = hdfs.getFileSystem();
    root = fs.getUri().toString();
    set = AnnotationSet.of(SparkTfRecordsTest.read("raccoon").images().subList(0, 24));
    for (ImageAnnotation a : set.images()) {
      fs.copyFromLocalFile(
          new org.apache.hadoop.fs.Path(
              SparkTfRecordsTest.images("raccoon").resolve(a.fileName()).toUri()),
          new org.apache.hadoop.fs.Path(root + "/data/images/" + a.fileName()));
    }
    fs.copyFromLocalFile(
        new org.apache.hadoop.fs.Path(MODEL.toAbsolutePath().toUri()),
        new org.apache.hadoop.fs.Path(root + "/models/person_cat_dog"));
    spark = SparkSessions.local("local[2]");
  }

  @AfterAll
  static void stop() throws Exception {
    if (spark != null) {
      spark.stop();
    }
    if (hdfs != null) {
      hdfs.shutdown();
    }
  }

  @Test
  void tfrecords_readFromAndWrittenToHdfs_equalTheLocalShards() throws Exception {
    LabelMap labels = LabelMap.fromLabels(List.of("raccoon"));
    TfRecordWriteResult local =
        TfRecordWriter.builder(labels)
            .imageDirectory(SparkTfRecordsTest.images("raccoon"))
            .shards(3)
            .build()
            .write(set, tmp.resolve("local/train.record"));
    SparkTfRecordsResult r =
        SparkTfRecords.builder(spark, labels)
            .imageRoot(root + "/data/images")
            .shards(3)
            .build()
            .write(set, root + "/out/train.record");
    assertEquals(local.recordsPerFile(), r.recordsPerFile());
    for (int k = 0; k < 3; k++) {
      try (InputStream in = fs.open(new org.apache.hadoop.fs.Path(r.files().get(k)))) {
        assertArrayEquals(Files.readAllBytes(local.files().get(k)), in.readAllBytes());
      }
    }
    List<String> names = new ArrayList<>();
    for (FileStatus s : fs.listStatus(new org.apache.hadoop.fs.Path(root + "/out"))) {
      names.add(s.getPath().getName());
    }
    assertEquals(
        List.of(
            "train.record-00000-of-00003",
            "train.record-00001-of-00003",
            "train.record-00002-of-00003"),
        names.stream().sorted().toList(),
        "the shards alone: no staging folder, no attempt file");
  }

  @Test
  void detect_imagesAndModelOnHdfs_givesTheDetectorsDetections() throws Exception {
    DetectionOptions options = DetectionOptions.of(0.2f, 5);
    List<Row> rows =
        SparkDetector.detect(
                SparkDetector.readImages(spark, root + "/data/images/**/*.jpg"),
                root + "/models/person_cat_dog",
                options)
            .groupBy("path")
            .agg(functions.count("label").as("n"))
            .collectAsList();
    assertEquals(set.size(), rows.size());
    int total = 0;
    try (Detector detector = Detector.load(MODEL, options.detectorOptions())) {
      for (Row r : rows) {
        String name = r.getString(0).substring(r.getString(0).lastIndexOf('/') + 1);
        List<Detection> want =
            detector.detect(Files.readAllBytes(SparkTfRecordsTest.images("raccoon").resolve(name)));
        assertEquals(want.size(), r.getLong(1), name);
        total += want.size();
      }
    }
    assertFalse(rows.isEmpty());
    System.out.println("hdfs detect: " + rows.size() + " images, " + total + " detections");
  }
}
