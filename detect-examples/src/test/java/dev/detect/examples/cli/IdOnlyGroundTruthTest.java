package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileReader;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import dev.detect.io.tfrecord.TfRecordReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Features;

/**
 * Ground-truth TFRecords with {@code image/object/class/label} and no {@code class/text} (what many
 * converters write): the ids are named through the label map, as the OD API's decoder does.
 */
class IdOnlyGroundTruthTest {
  @TempDir Path dir;

  /** Writes one record of a 200×100 image with a cat (id 1) box, without class/text. */
  Path idOnlyRecord(Path csvRecord) throws Exception {
    Path out = dir.resolve("ids.record");
    try (TfRecordFileReader in = TfRecordFileReader.open(csvRecord);
        TfRecordFileWriter w = TfRecordFileWriter.open(out, TfRecordCompression.NONE)) {
      for (Optional<byte[]> r = in.next(); r.isPresent(); r = in.next()) {
        Example ex = Example.parseFrom(r.get());
        Features.Builder f = ex.getFeatures().toBuilder().removeFeature(OdApiKeys.CLASS_TEXT);
        w.write(ex.toBuilder().setFeatures(f).build().toByteArray());
      }
      w.commit();
    }
    return out;
  }

  @Test
  void eval_groundTruthRecordWithIdsOnly_namesThemThroughTheLabelMap() throws Exception {
    Path img = dir.resolve("images");
    Files.createDirectories(img);
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(200, 100, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        img.resolve("a.png").toFile());
    Path csv = dir.resolve("gt.csv");
    Files.writeString(
        csv,
        "filename,width,height,class,xmin,ymin,xmax,ymax\n"
            + "a.png,200,100,cat,20,10,120,90\n"
            + "a.png,200,100,dog,130,20,190,80\n");
    Path labels = dir.resolve("label_map.pbtxt");
    Files.writeString(labels, "item { id: 1 name: 'cat' }\nitem { id: 2 name: 'dog' }\n");
    Path record = dir.resolve("gt.record");
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
    Path ids = idOnlyRecord(record);
    assertTrue(
        TfRecordReader.defaults().read(ids).warnings().toString().contains("no class/text"),
        "reading without a label map says the objects are named by id");
    Path json = dir.resolve("d.json");
    Files.writeString(
        json,
        "[{\"filename\":\"a.png\",\"label\":\"cat\",\"label_id\":1,\"score\":0.9,"
            + "\"box\":{\"xmin\":20,\"ymin\":10,\"xmax\":120,\"ymax\":90}},"
            + "{\"filename\":\"a.png\",\"label\":\"dog\",\"label_id\":2,\"score\":0.8,"
            + "\"box\":{\"xmin\":130,\"ymin\":20,\"xmax\":190,\"ymax\":80}}]");

    Run withMap =
        run(
            "eval",
            "--ground-truth",
            ids.toString(),
            "--detections",
            json.toString(),
            "--label-map",
            labels.toString());
    assertEquals(0, withMap.code(), withMap.err());
    assertTrue(withMap.out().contains("PascalBoxes_Precision/mAP@0.5IOU: 1.000000"), withMap.out());

    Run without = run("eval", "--ground-truth", ids.toString(), "--detections", json.toString());
    assertEquals(DetectCli.EXIT_FAILURE, without.code(), without.out());
    assertTrue(without.err().contains("--label-map"), without.err());
  }
}
