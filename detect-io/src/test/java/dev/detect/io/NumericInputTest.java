package dev.detect.io;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.testing.HostileImages;
import dev.detect.io.coco.CocoReader;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.tfrecord.OdApiExampleCodec;
import dev.detect.io.tfrecord.OdApiKeys;
import dev.detect.io.tfrecord.TfRecordCompression;
import dev.detect.io.tfrecord.TfRecordFileWriter;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.io.via.ViaReader;
import dev.detect.io.voc.VocReader;
import dev.detect.io.yolo.YoloReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.Example;
import org.tensorflow.proto.Feature;
import org.tensorflow.proto.FloatList;
import org.tensorflow.proto.Int64List;

/**
 * Numbers in every reader: an integer that does not fit the type it is stored in (an int64 width, a
 * 2^64 id) and a non-finite coordinate ({@code NaN}, {@code Infinity}, {@code 1e999}) are refused
 * with a {@link DatasetFormatException} naming the file, never narrowed or passed on silently.
 */
class NumericInputTest {
  static final String BIG = "4294967297"; // 2^32 + 1: (int) gives 1
  static final String HUGE = "18446744073709551617"; // 2^64 + 1: (long) gives 1

  @TempDir Path tmp;

  private static DatasetFormatException refused(Path file, Executable read, String says) {
    DatasetFormatException e = assertThrows(DatasetFormatException.class, read);
    assertTrue(e.getMessage().contains(file.getFileName().toString()), e.getMessage());
    assertTrue(e.getMessage().contains(says), e.getMessage());
    return e;
  }

  // ---- VOC

  private Path voc(String width, String xmin) throws Exception {
    return Files.writeString(
        tmp.resolve("a.xml"),
        "<annotation><filename>a.jpg</filename><size><width>"
            + width
            + "</width><height>10</height><depth>3</depth></size><object><name>cat</name>"
            + "<bndbox><xmin>"
            + xmin
            + "</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object>"
            + "</annotation>");
  }

  @Test
  void voc_int64WidthAndNonFiniteCoordinates_areRefused() throws Exception {
    Path xml = voc(BIG, "1");
    refused(xml, () -> VocReader.defaults().read(xml), "size/width");
    for (String bad : List.of("NaN", "Infinity", "-Infinity", "inf", "1e999")) {
      Path x = voc("10", bad);
      refused(x, () -> VocReader.defaults().read(x), "xmin");
    }
  }

  // ---- CSV

  @Test
  void csv_int64WidthAndNonFiniteCoordinates_areRefused() throws Exception {
    String header = "filename,width,height,class,xmin,ymin,xmax,ymax\n";
    Path big =
        Files.writeString(tmp.resolve("big.csv"), header + "a.jpg," + BIG + ",10,cat,1,1,5,5\n");
    refused(big, () -> CsvAnnotationReader.defaults().read(big), "width");
    for (String bad : List.of("NaN", "Infinity", "inf", "1e999")) {
      Path csv =
          Files.writeString(tmp.resolve("nan.csv"), header + "a.jpg,10,10,cat," + bad + ",1,5,5\n");
      refused(csv, () -> CsvAnnotationReader.defaults().read(csv), "xmin");
    }
  }

  // ---- YOLO

  private Path yolo(String line) throws Exception {
    Path dir = Files.createDirectories(tmp.resolve("yolo"));
    Files.writeString(dir.resolve("classes.txt"), "cat\n");
    Files.write(dir.resolve("a.jpg"), HostileImages.jpeg(10, 10));
    Files.writeString(dir.resolve("a.txt"), line + "\n");
    return dir;
  }

  @Test
  void yolo_int64ClassIndexAndNonFiniteCoordinates_areRefused() throws Exception {
    Path dir = yolo(BIG + " 0.5 0.5 0.2 0.2");
    refused(dir.resolve("a.txt"), () -> YoloReader.builder().build().read(dir), BIG);
    for (String bad : List.of("nan", "NaN", "Infinity", "inf", "1e999")) {
      Path d = yolo("0 " + bad + " 0.5 0.2 0.2");
      refused(d.resolve("a.txt"), () -> YoloReader.builder().build().read(d), "cx");
    }
  }

  // ---- COCO

  private Path coco(String imageId, String width, String bboxX) throws Exception {
    return Files.writeString(
        tmp.resolve("coco.json"),
        "{\"images\": [{\"id\": 1, \"file_name\": \"a.jpg\", \"width\": "
            + width
            + ", \"height\": 10}],\n"
            + " \"annotations\": [{\"id\": 1, \"image_id\": "
            + imageId
            + ", \"category_id\": 1, \"bbox\": ["
            + bboxX
            + ", 1, 4, 4]}],\n"
            + " \"categories\": [{\"id\": 1, \"name\": \"cat\"}]}");
  }

  @Test
  void coco_idsBeyondTheInt64Range_areRefusedNotWrapped() throws Exception {
    // 2^64 + 1 wrapped to image 1; 1e20 saturated to Long.MAX_VALUE.
    for (String id : List.of(HUGE, "-" + HUGE, "1e20", "1.0E19")) {
      Path json = coco(id, "10", "1");
      refused(json, () -> CocoReader.builder().build().read(json), "image_id");
    }
  }

  @Test
  void coco_int64WidthAndNonFiniteBox_areRefused() throws Exception {
    Path big = coco("1", BIG, "1");
    refused(big, () -> CocoReader.builder().build().read(big), "width");
    Path inf = coco("1", "10", "1e999");
    refused(inf, () -> CocoReader.builder().build().read(inf), "bbox");
    Path nan = coco("1", "10", "NaN");
    refused(nan, () -> CocoReader.builder().build().read(nan), "coco.json");
  }

  // ---- VIA

  @Test
  void via_nonFiniteCoordinates_areRefused() throws Exception {
    Files.write(tmp.resolve("a.jpg"), HostileImages.jpeg(10, 10));
    for (String bad : List.of("1e999", "\"NaN\"", "\"Infinity\"", "\"1e999\"")) {
      Path json =
          Files.writeString(
              tmp.resolve("via.json"),
              "{\"k\": {\"filename\": \"a.jpg\", \"size\": 1, \"regions\": [{\"shape_attributes\":"
                  + " {\"name\": \"rect\", \"x\": "
                  + bad
                  + ", \"y\": 1, \"width\": 4, \"height\": 4}, \"region_attributes\": {\"class\":"
                  + " \"cat\"}}], \"file_attributes\": {}}}");
      refused(json, () -> ViaReader.builder().build().read(json), "'x'");
    }
  }

  // ---- TFRecord

  private Path record(Example ex) throws Exception {
    Path file = tmp.resolve("t.record");
    try (TfRecordFileWriter w = TfRecordFileWriter.open(file, TfRecordCompression.NONE)) {
      w.write(ex.toByteArray());
      w.commit();
    }
    return file;
  }

  private static Example.Builder example() {
    ImageAnnotation image =
        ImageAnnotation.builder("a.jpg", 10, 10)
            .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(1, 1, 5, 5)))
            .build();
    LabelMap map = LabelMap.fromLabels(List.of("cat"));
    return OdApiExampleCodec.encode(
        image,
        HostileImages.jpeg(10, 10),
        "jpeg",
        "a.jpg",
        "00",
        List.of(map.itemFor("cat").orElseThrow()))
        .toBuilder();
  }

  @Test
  void tfrecord_int64ImageSize_isRefusedNotNarrowed() throws Exception {
    // (int) (2^32 + 1) == 1: the image became 1 px wide and every box was scaled by 1.
    for (String key : List.of(OdApiKeys.WIDTH, OdApiKeys.HEIGHT)) {
      for (long size : List.of((1L << 32) + 1, (long) Integer.MAX_VALUE + 1)) {
        Example.Builder b = example();
        b.getFeaturesBuilder()
            .putFeature(
                key,
                Feature.newBuilder().setInt64List(Int64List.newBuilder().addValue(size)).build());
        Path file = record(b.build());
        DatasetFormatException e = refused(file, () -> TfRecordReader.defaults().read(file), key);
        assertTrue(e.getMessage().contains(Long.toString(size)), e.getMessage());
        assertTrue(e.getMessage().contains("#0"), e.getMessage());
      }
    }
  }

  @Test
  void tfrecord_nonFiniteBoxCoordinates_areRefusedWithTheRecord() throws Exception {
    for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
      Example.Builder b = example();
      b.getFeaturesBuilder()
          .putFeature(
              OdApiKeys.XMIN,
              Feature.newBuilder().setFloatList(FloatList.newBuilder().addValue(bad)).build());
      Path file = record(b.build());
      DatasetFormatException e =
          refused(file, () -> TfRecordReader.defaults().read(file), OdApiKeys.XMIN);
      assertTrue(e.getMessage().contains("#0"), e.getMessage());
    }
  }
}
