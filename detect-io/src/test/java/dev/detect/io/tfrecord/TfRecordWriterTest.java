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
import dev.detect.io.tfrecord.TfRecordWriter.BoxPolicy;
import dev.detect.io.tfrecord.TfRecordWriter.Policy;
import java.awt.image.BufferedImage;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TfRecordWriterTest {
  @TempDir Path tmp;
  Path images;
  final LabelMap labels = LabelMap.fromLabels(List.of("cat", "dog"));

  @BeforeEach
  void makeImages() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    for (int i = 0; i < 7; i++) {
      BufferedImage img = new BufferedImage(64 + i, 48, BufferedImage.TYPE_INT_RGB);
      img.setRGB(i, i, 0xFF0000);
      ImageIO.write(
          img,
          i % 2 == 0 ? "jpeg" : "png",
          images.resolve("img" + i + (i % 2 == 0 ? ".jpg" : ".png")).toFile());
    }
  }

  ImageAnnotation image(int i, ObjectAnnotation... objects) {
    return ImageAnnotation.builder("img" + i + (i % 2 == 0 ? ".jpg" : ".png"), 64 + i, 48)
        .objects(List.of(objects))
        .build();
  }

  AnnotationSet all() {
    List<ImageAnnotation> list = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      list.add(
          i == 3
              ? image(i)
              : image(
                  i,
                  ObjectAnnotation.of(
                      i % 2 == 0 ? "cat" : "dog", PixelBox.ofCorners(1, 2, 30 + i, 40))));
    }
    return AnnotationSet.of(list);
  }

  @Test
  void write_thenRead_roundTripsAnnotationsAndImageBytes() throws Exception {
    Path out = tmp.resolve("train.record");
    TfRecordWriteResult r =
        TfRecordWriter.builder(labels).imageDirectory(images).build().write(all(), out);
    assertEquals(
        List.of(out.toAbsolutePath()), r.files().stream().map(Path::toAbsolutePath).toList());
    assertEquals(7, r.images());
    assertEquals(6, r.objects());
    assertEquals(all(), TfRecordReader.defaults().read(out).annotations());
    List<DecodedExample> back = new ArrayList<>();
    TfRecordReader.defaults().forEach(out, (f, i, ex) -> back.add(ex));
    for (DecodedExample ex : back) {
      assertArrayEquals(
          Files.readAllBytes(images.resolve(ex.annotation().fileName())), ex.encodedImage());
      assertEquals(ex.annotation().fileName().endsWith(".jpg") ? "jpeg" : "png", ex.format());
      assertEquals(
          java.util.HexFormat.of()
              .formatHex(
                  java.security.MessageDigest.getInstance("SHA-256").digest(ex.encodedImage())),
          ex.sha256());
    }
  }

  @Test
  void write_imageWithThousandsOfObjects_roundTrips() throws Exception {
    // Their Example fields (~100 KB) are larger than the room kept before the image bytes.
    List<ObjectAnnotation> many = new ArrayList<>();
    for (int k = 0; k < 3000; k++) {
      many.add(
          ObjectAnnotation.of(
              k % 2 == 0 ? "cat" : "dog", PixelBox.ofCorners(1, 1, 2 + k % 60, 40)));
    }
    AnnotationSet set =
        AnnotationSet.of(List.of(image(0, many.toArray(ObjectAnnotation[]::new)), image(1)));
    Path out = tmp.resolve("dense.record");
    TfRecordWriter.builder(labels).imageDirectory(images).build().write(set, out);
    assertEquals(set, TfRecordReader.defaults().read(out).annotations());
    List<byte[]> encoded = new ArrayList<>();
    TfRecordReader.defaults().forEach(out, (f, i, ex) -> encoded.add(ex.encodedImage()));
    assertArrayEquals(Files.readAllBytes(images.resolve("img0.jpg")), encoded.get(0));
  }

  @Test
  void write_sharded_spreadsImagesEvenlyAndDeterministically() throws Exception {
    Path out = tmp.resolve("s/train.record");
    TfRecordWriteResult r =
        TfRecordWriter.builder(labels).imageDirectory(images).shards(3).build().write(all(), out);
    assertEquals(
        List.of(
            "train.record-00000-of-00003",
            "train.record-00001-of-00003",
            "train.record-00002-of-00003"),
        r.files().stream().map(p -> p.getFileName().toString()).toList());
    assertEquals(List.of(3L, 2L, 2L), r.recordsPerFile());
    byte[] first = Files.readAllBytes(r.files().get(0));
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .shards(3)
        .threads(1)
        .build()
        .write(all(), out);
    assertArrayEquals(first, Files.readAllBytes(r.files().get(0)), "same input, same bytes");
    assertEquals(all().size(), TfRecordReader.defaults().read(out).annotations().size());
  }

  @Test
  void oneWriter_writesSeveralSets_andTheirInputPathsWireAConfig() throws Exception {
    TfRecordWriter w = TfRecordWriter.builder(labels).imageDirectory(images).shards(2).build();
    TfRecordWriteResult train =
        w.write(
            AnnotationSet.of(List.of(image(0), image(1), image(2))), tmp.resolve("train.record"));
    TfRecordWriteResult eval =
        w.toBuilder()
            .shards(1)
            .build()
            .write(AnnotationSet.of(List.of(image(3))), tmp.resolve("e.record"));
    assertEquals(tmp.resolve("train.record") + "-?????-of-00002", train.inputPath());
    assertEquals(tmp.resolve("e.record").toString(), eval.inputPath());
    // the pattern names exactly the files written
    assertEquals(train.files(), TfRecordReader.expand(Path.of(train.inputPath())));
    dev.detect.core.config.PipelineConfig config =
        dev.detect.core.config.PipelineConfig.preset(dev.detect.core.config.Preset.TINY).toBuilder()
            .labelMap(tmp.resolve("label_map.pbtxt"), labels)
            .trainInput(train)
            .evalInput(eval)
            .build();
    assertEquals(List.of(train.inputPath()), config.trainInput().inputPaths());
    assertEquals(List.of(eval.inputPath()), config.evalInputs().get(0).inputPaths());
    assertEquals(labels.maxId(), config.numClasses());
    assertEquals(tmp.resolve("label_map.pbtxt").toString(), config.trainInput().labelMapPath());
  }

  @Test
  void write_moreShardsThanImages_isRefusedNamingBothAndWritesNothing() {
    Path out = tmp.resolve("m/train.record");
    AnnotationSet two = AnnotationSet.of(List.of(image(0), image(1)));
    TfRecordWriter w = TfRecordWriter.builder(labels).imageDirectory(images).shards(300).build();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> w.write(two, out));
    assertTrue(e.getMessage().contains("shards (300)"), e.getMessage());
    assertTrue(e.getMessage().contains("images to write (2)"), e.getMessage());
    assertTrue(!Files.exists(out.getParent()) || out.getParent().toFile().list().length == 0);
  }

  @Test
  void write_shardsLeftEmptyBySkippedImages_areListed() throws Exception {
    Path out = tmp.resolve("e/train.record");
    AnnotationSet three =
        AnnotationSet.of(
            List.of(image(0), ImageAnnotation.builder("missing.jpg", 5, 5).build(), image(2)));
    TfRecordWriteResult r =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .shards(3)
            .invalidImages(Policy.SKIP)
            .build()
            .write(three, out);
    assertEquals(List.of(1L, 1L, 0L), r.recordsPerFile());
    assertEquals(List.of(r.files().get(2)), r.emptyFiles());
    assertTrue(r.summary().contains("1 of 3 shards hold no record"), r.summary());
  }

  @Test
  void write_parallelRecords_areByteIdenticalToTheSequentialGzipPath() throws Exception {
    List<ImageAnnotation> many = new ArrayList<>();
    for (int round = 0; round < 30; round++) {
      Path dir = Files.createDirectories(images.resolve("r" + round));
      for (ImageAnnotation a : all()) {
        Files.copy(images.resolve(a.fileName()), dir.resolve(a.fileName()));
        many.add(a.toBuilder().fileName("r" + round + "/" + a.fileName()).build());
      }
    }
    AnnotationSet set = AnnotationSet.of(many);
    Path gz = tmp.resolve("seq.record.gz");
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .compression(TfRecordCompression.GZIP)
        .build()
        .write(set, gz);
    byte[] sequential;
    try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
      sequential = in.readAllBytes();
    }
    for (int threads : new int[] {1, 3, 8}) {
      Path out = tmp.resolve("par" + threads + ".record");
      TfRecordWriter.builder(labels)
          .imageDirectory(images)
          .threads(threads)
          .build()
          .write(set, out);
      assertArrayEquals(sequential, Files.readAllBytes(out), threads + " threads");
    }
    assertEquals(set, TfRecordReader.defaults().read(tmp.resolve("par8.record")).annotations());
  }

  @Test
  void write_gzip_isReadBack() throws Exception {
    Path out = tmp.resolve("train.record.gz");
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .compression(TfRecordCompression.GZIP)
        .build()
        .write(all(), out);
    byte[] b = Files.readAllBytes(out);
    assertEquals(0x1f, b[0] & 0xFF);
    assertEquals(all(), TfRecordReader.defaults().read(out).annotations());
  }

  @Test
  void write_missingImage_failsNamingIt_andLeavesNoFile() throws Exception {
    Files.delete(images.resolve("img4.jpg"));
    Path out = tmp.resolve("train.record");
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () -> TfRecordWriter.builder(labels).imageDirectory(images).build().write(all(), out));
    assertTrue(
        e.getMessage().contains("img4.jpg") && e.getMessage().contains("not found"),
        e.getMessage());
    try (var s = Files.list(tmp)) {
      assertEquals(List.of("images"), s.map(p -> p.getFileName().toString()).toList());
    }
  }

  @Test
  void write_missingImage_skippedAndReported() throws Exception {
    Files.delete(images.resolve("img4.jpg"));
    TfRecordWriteResult r =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .invalidImages(Policy.SKIP)
            .build()
            .write(all(), tmp.resolve("t.record"));
    assertEquals(6, r.images());
    assertEquals(1, r.skipped().size());
    assertTrue(r.skipped().get(0).toString().contains("img4.jpg"));
  }

  @Test
  void write_corruptImage_failsNamingIt() throws Exception {
    Files.writeString(images.resolve("img2.jpg"), "not an image");
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                TfRecordWriter.builder(labels)
                    .imageDirectory(images)
                    .build()
                    .write(all(), tmp.resolve("t.record")));
    assertTrue(
        e.getMessage().contains("img2.jpg") && e.getMessage().contains("unreadable"),
        e.getMessage());
  }

  @Test
  void write_sizeMismatch_failsWithBothSizes() throws Exception {
    AnnotationSet bad = AnnotationSet.of(ImageAnnotation.builder("img0.jpg", 100, 48).build());
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                TfRecordWriter.builder(labels)
                    .imageDirectory(images)
                    .build()
                    .write(bad, tmp.resolve("t.record")));
    assertTrue(
        e.getMessage().contains("100x48") && e.getMessage().contains("64x48"), e.getMessage());
  }

  @Test
  void write_unknownLabel_failsByDefault_skipsWhenAsked() throws Exception {
    AnnotationSet set =
        AnnotationSet.of(
            image(
                0,
                ObjectAnnotation.of("cat", PixelBox.ofCorners(1, 1, 5, 5)),
                ObjectAnnotation.of("bird", PixelBox.ofCorners(1, 1, 5, 5))));
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                TfRecordWriter.builder(labels)
                    .imageDirectory(images)
                    .build()
                    .write(set, tmp.resolve("t.record")));
    assertTrue(
        e.getMessage().contains("'bird'") && e.getMessage().contains("img0.jpg"), e.getMessage());
    TfRecordWriteResult r =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .unknownLabels(Policy.SKIP)
            .build()
            .write(set, tmp.resolve("t.record"));
    assertEquals(1, r.objects());
    assertEquals(1, r.skipped().size());
  }

  @Test
  void write_boxOutsideImage_failSkipOrClip() throws Exception {
    AnnotationSet set =
        AnnotationSet.of(image(0, ObjectAnnotation.of("cat", PixelBox.ofCorners(10, 10, 80, 40))));
    assertThrows(
        DatasetFormatException.class,
        () ->
            TfRecordWriter.builder(labels)
                .imageDirectory(images)
                .build()
                .write(set, tmp.resolve("t.record")));
    TfRecordWriteResult skip =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .invalidBoxes(BoxPolicy.SKIP)
            .build()
            .write(set, tmp.resolve("t.record"));
    assertEquals(0, skip.objects());
    assertEquals(1, skip.skipped().size());
    TfRecordWriteResult clip =
        TfRecordWriter.builder(labels)
            .imageDirectory(images)
            .invalidBoxes(BoxPolicy.CLIP)
            .build()
            .write(set, tmp.resolve("t.record"));
    assertEquals(1, clip.clipped().size());
    assertEquals(
        PixelBox.ofCorners(10, 10, 64, 40),
        TfRecordReader.defaults()
            .read(tmp.resolve("t.record"))
            .annotations()
            .images()
            .get(0)
            .objects()
            .get(0)
            .box());
  }

  @Test
  void write_zeroAreaBox_isRefused() throws Exception {
    AnnotationSet set =
        AnnotationSet.of(image(0, ObjectAnnotation.of("cat", PixelBox.ofCorners(10, 10, 10, 10))));
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                TfRecordWriter.builder(labels)
                    .imageDirectory(images)
                    .build()
                    .write(set, tmp.resolve("t.record")));
    assertTrue(e.getMessage().contains("empty"), e.getMessage());
  }

  @Test
  void write_pathEscapingImageFolder_isRefused() throws Exception {
    Files.copy(images.resolve("img0.jpg"), tmp.resolve("secret.jpg"));
    AnnotationSet set = AnnotationSet.of(ImageAnnotation.builder("../secret.jpg", 64, 48).build());
    DatasetFormatException e =
        assertThrows(
            DatasetFormatException.class,
            () ->
                TfRecordWriter.builder(labels)
                    .imageDirectory(images)
                    .build()
                    .write(set, tmp.resolve("t.record")));
    assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
  }

  @Test
  void write_gif_refusedOrConvertedToPng() throws Exception {
    ImageIO.write(
        new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB),
        "gif",
        images.resolve("a.gif").toFile());
    AnnotationSet set = AnnotationSet.of(ImageAnnotation.builder("a.gif", 20, 10).build());
    assertThrows(
        DatasetFormatException.class,
        () ->
            TfRecordWriter.builder(labels)
                .imageDirectory(images)
                .build()
                .write(set, tmp.resolve("t.record")));
    TfRecordWriter.builder(labels)
        .imageDirectory(images)
        .convertOtherFormats(true)
        .build()
        .write(set, tmp.resolve("t.record"));
    List<String> formats = new ArrayList<>();
    TfRecordReader.defaults()
        .forEach(tmp.resolve("t.record"), (f, i, ex) -> formats.add(ex.format()));
    assertEquals(List.of("png"), formats);
  }
}
