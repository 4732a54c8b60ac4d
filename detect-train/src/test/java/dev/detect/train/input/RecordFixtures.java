package dev.detect.train.input;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.OdApiExampleCodec;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import dev.detect.io.tfrecord.TfRecordWriter;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;

/** Small TFRecords written with our own writer from JPEGs drawn here. */
final class RecordFixtures {
  static final LabelMap LABELS = LabelMap.ofNames(List.of("cat", "dog"));

  private RecordFixtures() {}

  /**
   * Writes {@code n} 64x48 images to {@code dir/train.record}; every {@code negativeEvery}-th image
   * (index % negativeEvery == 0, when > 0) has no objects, the others a cat and, on odd indices, a
   * dog.
   */
  static Path write(Path dir, int n, int negativeEvery) throws IOException {
    return write(dir, n, negativeEvery, 64, 48, LABELS);
  }

  static Path write(Path dir, int n, int negativeEvery, int w, int h, LabelMap labels)
      throws IOException {
    Path images = Files.createDirectories(dir.resolve("images"));
    List<ImageAnnotation> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_3BYTE_BGR);
      Graphics2D g = img.createGraphics();
      g.setColor(new Color(30 + i % 200, 90, 120));
      g.fillRect(0, 0, w, h);
      g.setColor(Color.YELLOW);
      g.fillRect(w / 8, h / 8, w / 3, h / 3);
      g.dispose();
      String name = String.format("img%03d.jpg", i);
      ImageIO.write(img, "jpg", images.resolve(name).toFile());
      ImageAnnotation.Builder a = ImageAnnotation.builder(name, w, h);
      if (negativeEvery <= 0 || i % negativeEvery != 0) {
        a.addObject(
            ObjectAnnotation.of(
                "cat", PixelBox.ofCorners(w / 8.0, h / 8.0, w / 8.0 + w / 3, h / 8.0 + h / 3)));
        if (i % 2 == 1) {
          a.addObject(
              ObjectAnnotation.of("dog", PixelBox.ofCorners(w / 2.0, h / 2.0, w - 1, h - 1)));
        }
      }
      list.add(a.build());
    }
    Path out = dir.resolve("train.record");
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .build()
        .write(AnnotationSet.of(list), out);
    return out;
  }

  /** A record file holding one valid record followed by one whose image bytes are garbage. */
  static Path writeWithBadImage(Path dir) throws IOException {
    Path good = write(dir.resolve("good"), 1, 0);
    byte[] first;
    try (var r = dev.detect.io.tfrecord.TfRecordFileReader.open(good)) {
      first = r.next().orElseThrow();
    }
    ImageAnnotation a = ImageAnnotation.builder("bad.jpg", 64, 48).build();
    byte[] bad =
        OdApiExampleCodec.encode(
                a, new byte[] {(byte) 0xff, (byte) 0xd8, 1, 2, 3}, "jpeg", "bad.jpg", "", List.of())
            .toByteArray();
    Path out = dir.resolve("bad.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(out, TfRecordCompression.NONE)) {
      w.write(first);
      w.write(bad);
      w.commit();
    }
    return out;
  }
}
