package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.csv.CsvAnnotationReader;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;

/**
 * Our TFRecord of the raccoon data carries the features the seed's {@code generate_tfrecord.py}
 * writes for the same CSV: the same encoded bytes, height and width from the image (PIL), boxes as
 * float32 of {@code xmin / width} with Python's true division of the CSV integers, the class text
 * and the label map id. The expected values are computed here independently of the writer.
 */
class PythonCompatibilityTest {
  static final Path RACCOON =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"), "raccoon");

  record Row(String filename, String cls, int xmin, int ymin, int xmax, int ymax) {}

  @Test
  void raccoonRecords_matchWhatGenerateTfrecordWrites(@TempDir Path tmp) throws Exception {
    Map<String, List<Row>> byFile = new HashMap<>();
    List<String> lines = Files.readAllLines(RACCOON.resolve("train_labels.csv"));
    for (String line : lines.subList(1, lines.size())) {
      String[] f = line.split(",");
      byFile
          .computeIfAbsent(f[0], k -> new ArrayList<>())
          .add(
              new Row(
                  f[0],
                  f[3],
                  Integer.parseInt(f[4]),
                  Integer.parseInt(f[5]),
                  Integer.parseInt(f[6]),
                  Integer.parseInt(f[7])));
    }
    AnnotationSet set =
        CsvAnnotationReader.defaults().read(RACCOON.resolve("train_labels.csv")).annotations();
    Path out = tmp.resolve("train.record");
    TfRecordWriter.builder(LabelMap.ofNames(List.of("raccoon")))
        .imageDirectory(RACCOON.resolve("images"))
        .build()
        .write(set, out);
    int records = 0;
    try (TfRecordFileReader r = TfRecordFileReader.open(out)) {
      for (Optional<byte[]> rec = r.next(); rec.isPresent(); rec = r.next()) {
        records++;
        Map<String, Feature> f = Example.parseFrom(rec.get()).getFeatures().getFeatureMap();
        String name = f.get("image/filename").getBytesList().getValue(0).toStringUtf8();
        Path image = RACCOON.resolve("images").resolve(name);
        BufferedImage decoded = ImageIO.read(image.toFile());
        int width = decoded.getWidth();
        int height = decoded.getHeight();
        assertArrayEquals(
            Files.readAllBytes(image),
            f.get("image/encoded").getBytesList().getValue(0).toByteArray(),
            name);
        assertEquals(height, f.get("image/height").getInt64List().getValue(0), name);
        assertEquals(width, f.get("image/width").getInt64List().getValue(0), name);
        assertEquals(name, f.get("image/source_id").getBytesList().getValue(0).toStringUtf8());
        List<Row> rows = byFile.get(name);
        assertEquals(
            rows.size(), f.get("image/object/bbox/xmin").getFloatList().getValueCount(), name);
        for (int i = 0; i < rows.size(); i++) {
          Row row = rows.get(i);
          assertEquals(
              (float) (row.xmin() / (double) width),
              f.get("image/object/bbox/xmin").getFloatList().getValue(i),
              name);
          assertEquals(
              (float) (row.xmax() / (double) width),
              f.get("image/object/bbox/xmax").getFloatList().getValue(i),
              name);
          assertEquals(
              (float) (row.ymin() / (double) height),
              f.get("image/object/bbox/ymin").getFloatList().getValue(i),
              name);
          assertEquals(
              (float) (row.ymax() / (double) height),
              f.get("image/object/bbox/ymax").getFloatList().getValue(i),
              name);
          assertEquals(
              row.cls(),
              f.get("image/object/class/text").getBytesList().getValue(i).toStringUtf8());
          assertEquals(1L, f.get("image/object/class/label").getInt64List().getValue(i));
        }
      }
    }
    assertEquals(byFile.size(), records);
  }
}
