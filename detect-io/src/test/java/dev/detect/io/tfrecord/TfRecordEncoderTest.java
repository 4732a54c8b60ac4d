package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.ReadResult.Warning;
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordEncoderTest {
  @TempDir Path tmp;
  Path images;
  final LabelMap labels = LabelMap.fromLabels(List.of("cat", "dog"));

  @BeforeEach
  void makeImages() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    for (int i = 0; i < 5; i++) {
      BufferedImage img = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0x00FF00);
      ImageIO.write(
          img,
          i % 2 == 0 ? "jpeg" : "png",
          images.resolve("img" + i + (i % 2 == 0 ? ".jpg" : ".png")).toFile());
    }
  }

  AnnotationSet set(int count) {
    List<ImageAnnotation> list = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      list.add(
          ImageAnnotation.builder("img" + i + (i % 2 == 0 ? ".jpg" : ".png"), 40 + i, 30)
              .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(1, 1, 20, 50 + i)))
              .build());
    }
    return AnnotationSet.of(list);
  }

  @Test
  void encode_givesTheRecordBytesTheWriterWrites() throws Exception {
    TfRecordWriter writer =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .invalidBoxes(BoxPolicy.CLIP)
            .threads(1)
            .build();
    Path out = tmp.resolve("train.record");
    TfRecordWriteResult written = writer.write(set(5), out);
    TfRecordEncoder encoder = writer.encoder();
    ByteArrayOutputStream concatenated = new ByteArrayOutputStream();
    List<Warning> clipped = new ArrayList<>();
    for (ImageAnnotation image : set(5).images()) {
      byte[] bytes = Files.readAllBytes(images.resolve(image.fileName()));
      TfRecordEncoder.Outcome o = encoder.encode(image, image.fileName(), bytes);
      concatenated.writeBytes(o.record().orElseThrow());
      clipped.addAll(o.clipped());
      assertEquals(bytes.length, o.imageBytes());
    }
    assertArrayEquals(Files.readAllBytes(out), concatenated.toByteArray());
    assertEquals(written.clipped(), clipped);
  }

  @Test
  void notFound_underSkip_reportsWhatTheWriterReports() throws Exception {
    ImageAnnotation missing = ImageAnnotation.builder("gone.jpg", 10, 10).build();
    TfRecordWriter writer =
        TfRecordWriter.builder(labels).imageDirectory(images).invalidImages(Policy.SKIP).build();
    TfRecordWriteResult written =
        writer.write(AnnotationSet.of(List.of(missing)), tmp.resolve("a.record"));
    TfRecordEncoder.Outcome o = writer.encoder().notFound(missing, "hdfs://nn/images/gone.jpg");
    assertTrue(o.record().isEmpty());
    assertEquals(written.skipped(), o.skipped());
  }

  @Test
  void encode_underFail_namesTheSource() {
    ImageAnnotation wrongSize = ImageAnnotation.builder("img0.jpg", 99, 99).build();
    TfRecordEncoder encoder = TfRecordWriter.builder(labels).build().encoder();
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> encoder.encode(wrongSize, "s3a://b/img0.jpg", readImage0()));
    assertTrue(e.getMessage().contains("s3a://b/img0.jpg"), e.getMessage());
    assertTrue(e.getMessage().contains("annotated as 99x99"), e.getMessage());
    assertThrows(
        DatasetFormatException.class,
        () -> encoder.unreadable(wrongSize, "x", new NoSuchFileException("x")));
  }

  private byte[] readImage0() throws Exception {
    return Files.readAllBytes(images.resolve("img0.jpg"));
  }
}
