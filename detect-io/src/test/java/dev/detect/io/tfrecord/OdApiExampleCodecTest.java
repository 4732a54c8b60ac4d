package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ObjectAnnotation;
import dev.detect.core.box.PixelBox;
import dev.detect.core.labelmap.LabelMap;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.tensorflow.proto.Example;

class OdApiExampleCodecTest {
  static final Path RECORDS =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"), "tfrecords");

  @Test
  void decode_petsRecord_matchesDocumentedFirstRecord() throws Exception {
    List<byte[]> records = TfRecordFileTest.readAll(RECORDS.resolve("pets_examples.record"));
    DecodedExample first = OdApiExampleCodec.decode(records.get(0), "pets#0");
    ImageAnnotation a = first.annotation();
    assertEquals("chihuahua_153.jpg", a.fileName());
    assertEquals(300, a.width());
    assertEquals(225, a.height());
    assertEquals(1, a.objects().size());
    ObjectAnnotation o = a.objects().get(0);
    assertEquals("chihuahua", o.label());
    assertEquals(List.of(11L), first.classIds());
    assertEquals(0.39666668f * 300, o.box().xmin(), 1e-3);
    assertEquals(0.5688889f * 225, o.box().ymax(), 1e-3);
    assertEquals("jpeg", first.format());
    for (int i = 0; i < records.size(); i++) {
      assertEquals(
          1, OdApiExampleCodec.decode(records.get(i), "pets#" + i).annotation().objects().size());
    }
  }

  @Test
  void decode_sequenceExample_isRefusedClearly() throws Exception {
    byte[] rec =
        TfRecordFileTest.readAll(RECORDS.resolve("snapshot_serengeti_sequence_examples.record"))
            .get(0);
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> OdApiExampleCodec.decode(rec, "seq#0"));
    assertTrue(e.getMessage().contains("SequenceExample"), e.getMessage());
  }

  @Test
  void decode_segmentationExample_isAnImageWithoutObjects() throws Exception {
    List<byte[]> recs =
        TfRecordFileTest.readAll(
            RECORDS.resolve("deeplab_pascal_voc_seg_val-00000-of-00001.tfrecord"));
    DecodedExample d = OdApiExampleCodec.decode(recs.get(0), "seg#0");
    assertEquals("2007_000033", d.annotation().fileName());
    assertEquals(500, d.annotation().width());
    assertEquals(366, d.annotation().height());
    assertTrue(d.annotation().isNegative());
  }

  @Test
  void encode_thenDecode_roundTrips() throws Exception {
    byte[] jpeg = {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 1, 2, 3};
    ImageAnnotation image =
        ImageAnnotation.builder("a.jpg", 650, 417)
            .addObject(
                new ObjectAnnotation(
                    "raccoon", PixelBox.ofCorners(81, 88, 522, 408), true, false, "Left"))
            .addObject(ObjectAnnotation.of("dog", PixelBox.ofCorners(0, 0, 650, 417)))
            .build();
    LabelMap map = LabelMap.fromLabels(List.of("raccoon", "dog"));
    Example ex =
        OdApiExampleCodec.encode(
            image,
            jpeg,
            "jpeg",
            "a.jpg",
            "abc",
            List.of(map.itemFor("raccoon").orElseThrow(), map.itemFor("dog").orElseThrow()));
    var f = ex.getFeatures().getFeatureMap();
    assertEquals((float) (81 / 650.0), f.get(OdApiKeys.XMIN).getFloatList().getValue(0));
    assertEquals(List.of(2L, 1L), f.get(OdApiKeys.CLASS_LABEL).getInt64List().getValueList());
    DecodedExample back = OdApiExampleCodec.decode(ex.toByteArray(), "x");
    assertEquals(image.objects(), back.annotation().objects());
    assertEquals(image, back.annotation());
    assertArrayEquals(jpeg, back.encodedImage());
    assertEquals("abc", back.sha256());
  }

  @Test
  void decode_classLabelBeyondTheIntRange_isNotTruncatedToALabelMapId() throws Exception {
    // Found while fuzzing the training decoder: (int) (2^32 + 1) == 1 named the object after item
    // 1.
    ImageAnnotation image =
        ImageAnnotation.builder("a.jpg", 10, 10)
            .addObject(ObjectAnnotation.of("cat", PixelBox.ofCorners(1, 1, 5, 5)))
            .build();
    LabelMap map = LabelMap.fromLabels(List.of("cat"));
    Example.Builder b =
        OdApiExampleCodec.encode(
            image, new byte[] {1}, "jpeg", "a.jpg", "00", List.of(map.itemFor("cat").get()))
            .toBuilder();
    b.getFeaturesBuilder()
        .removeFeature(OdApiKeys.CLASS_TEXT)
        .putFeature(
            OdApiKeys.CLASS_LABEL,
            org.tensorflow.proto.Feature.newBuilder()
                .setInt64List(org.tensorflow.proto.Int64List.newBuilder().addValue((1L << 32) + 1))
                .build());
    DecodedExample d = OdApiExampleCodec.decode(b.build().toByteArray(), "x", map);
    assertEquals("4294967297", d.annotation().objects().get(0).label());
  }
}
