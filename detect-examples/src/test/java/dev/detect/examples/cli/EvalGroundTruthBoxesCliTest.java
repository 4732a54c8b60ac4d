package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileReader;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;

/**
 * {@code eval} names the file and record (TFRecord) or image (annotations) of each bad ground-truth
 * box, as the readers do elsewhere, instead of scoring it silently or failing without a location.
 */
class EvalGroundTruthBoxesCliTest {
  @TempDir Path dir;
  Path json;
  Path record;

  @BeforeEach
  void files() throws Exception {
    Path img = Files.createDirectories(dir.resolve("images"));
    for (String name : new String[] {"a.png", "b.png"}) {
      ImageIO.write(
          new BufferedImage(200, 100, BufferedImage.TYPE_INT_RGB),
          "png",
          img.resolve(name).toFile());
    }
    Path csv =
        Files.writeString(
            dir.resolve("gt.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\n"
                + "a.png,200,100,cat,20,10,120,90\n"
                + "b.png,200,100,cat,20,10,120,90\n");
    Path labels = Files.writeString(dir.resolve("map.pbtxt"), "item { id: 1 name: 'cat' }\n");
    record = dir.resolve("gt.record");
    Run written =
        run(
            "tfrecord",
            "--input",
            csv.toString(),
            "--images",
            img.toString(),
            "--label-map",
            labels.toString(),
            "--output",
            record.toString());
    assertEquals(0, written.code(), written.err());
    json =
        Files.writeString(
            dir.resolve("d.json"),
            "[{\"filename\":\"a.png\",\"label\":\"cat\",\"label_id\":1,\"score\":0.9,"
                + "\"box\":{\"xmin\":20,\"ymin\":10,\"xmax\":120,\"ymax\":90}}]");
  }

  /** {@link #record} with the second record's xmin set to {@code xmin} (normalized). */
  private Path withSecondXmin(float xmin) throws Exception {
    Path out = dir.resolve("bad.record");
    try (TfRecordFileReader in = TfRecordFileReader.open(record);
        TfRecordFileWriter w = TfRecordFileWriter.open(out, TfRecordCompression.NONE)) {
      int i = 0;
      for (Optional<byte[]> r = in.next(); r.isPresent(); r = in.next(), i++) {
        Example ex = Example.parseFrom(r.get());
        if (i == 1) {
          Feature x =
              Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(xmin)).build();
          ex =
              ex.toBuilder()
                  .setFeatures(ex.getFeatures().toBuilder().putFeature(OdApiKeys.XMIN, x))
                  .build();
        }
        w.write(ex.toByteArray());
      }
      w.commit();
    }
    return out;
  }

  @Test
  void anInvertedBoxInARecord_isReportedWithTheFileAndRecordIndex() throws Exception {
    Path bad = withSecondXmin(0.9f); // xmax is 0.6
    Run r = run("eval", "--ground-truth", bad.toString(), "--detections", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains("1 invalid ground-truth box"), r.err());
    assertTrue(r.err().contains(bad + "#1 (image 'b.png')"), r.err());
    assertTrue(r.err().contains("is inverted"), r.err());
  }

  @Test
  void aNaNBoxInARecord_failsNamingTheFileAndRecordIndex() throws Exception {
    Path bad = withSecondXmin(Float.NaN);
    Run r = run("eval", "--ground-truth", bad.toString(), "--detections", json.toString());
    assertEquals(DetectCli.EXIT_FAILURE, r.code(), r.err());
    assertTrue(r.err().contains(bad + "#1"), r.err());
    assertTrue(r.err().contains("xmin[0] is NaN: box coordinates must be finite"), r.err());
  }

  @Test
  void aBoxOutsideTheImageInACsv_isReportedWithTheFileAndImage() throws Exception {
    Path csv =
        Files.writeString(
            dir.resolve("outside.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\n"
                + "a.png,200,100,cat,20,10,120,90\n"
                + "b.png,200,100,cat,20,10,250,90\n");
    Run r = run("eval", "--ground-truth", csv.toString(), "--detections", json.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.err().contains(csv + " (image 'b.png')"), r.err());
    assertTrue(r.err().contains("lies outside the 200x100 image"), r.err());
  }
}
