package dev.detect.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.coco.CocoReader;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.tfrecord.TfRecordReader;
import dev.detect.io.via.ViaReader;
import dev.detect.io.voc.VocReader;
import dev.detect.io.yolo.YoloReader;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link AnnotationReaders} and {@link AnnotationFormat} on the shared datasets. */
class AnnotationReadersTest {
  static final Path DATA = TestImages.DATA;
  static final Path RACCOON = DATA.resolve("raccoon");
  static final Path BCCD = DATA.resolve("bccd");
  static final Path YOLO = DATA.resolve("yolo_example");
  static final Path COCO = DATA.resolve("coco_example/test/_annotations.coco.json");
  static final Path PETS = DATA.resolve("tfrecords/pets_examples.record");

  @TempDir Path tmp;

  @Test
  void read_raccoonVocFolder_equalsVocReader() throws Exception {
    ReaderOptions options =
        ReaderOptions.builder().imageDirectory(RACCOON.resolve("images")).build();
    ReadResult read = AnnotationReaders.read(RACCOON.resolve("annotations"), options);
    assertEquals(
        VocReader.builder().options(options).build().read(RACCOON.resolve("annotations")), read);
    assertEquals(160, read.annotations().size());
  }

  @Test
  void read_bccdVocFolder_equalsVocReader() throws Exception {
    ReadResult read = AnnotationReaders.read(BCCD.resolve("annotations"), ReaderOptions.defaults());
    assertEquals(VocReader.defaults().read(BCCD.resolve("annotations")), read);
    assertEquals(Files.list(BCCD.resolve("annotations")).count(), read.filesRead());
  }

  @Test
  void read_yoloImageFolderWithClassNames_equalsYoloReader() throws Exception {
    ReaderOptions options = ReaderOptions.builder().classNames(YOLO.resolve("obj.names")).build();
    ReadResult read = AnnotationReaders.read(YOLO.resolve("img"), options);
    assertEquals(YoloReader.builder().options(options).build().read(YOLO.resolve("img")), read);
    assertEquals(10, read.annotations().size());
    assertEquals(35, read.annotations().objectCount());
  }

  @Test
  void read_yoloClassNamesOption_isUsed() throws Exception {
    Path names = Files.writeString(tmp.resolve("names.list"), "plane\nbird\n");
    ReadResult read =
        AnnotationReaders.read(
            YOLO.resolve("img"), ReaderOptions.builder().classNames(names).build());
    assertTrue(
        read.annotations().labels().contains("plane"), read.annotations().labels().toString());
  }

  @Test
  void read_darknetTrainList_failsLikeYoloReaderOnItsMissingImage() throws Exception {
    // yolo_example/train.txt lists air7.jpg, which is not in the dataset.
    ReaderOptions options = ReaderOptions.builder().classNames(YOLO.resolve("obj.names")).build();
    Path list = YOLO.resolve("train.txt");
    DatasetFormatException viaGuess =
        assertThrows(DatasetFormatException.class, () -> AnnotationReaders.read(list, options));
    DatasetFormatException direct =
        assertThrows(
            DatasetFormatException.class,
            () -> YoloReader.builder().options(options).build().read(list));
    assertEquals(direct.getMessage(), viaGuess.getMessage());
    assertTrue(viaGuess.getMessage().contains("train.txt:7"), viaGuess.getMessage());
    ReadResult skipping =
        YoloReader.builder().options(options).skipMissingImages(true).build().read(list);
    assertEquals(10, skipping.annotations().size());
  }

  @Test
  void read_cocoJson_equalsCocoReader() throws Exception {
    ReadResult read = AnnotationReaders.read(COCO, ReaderOptions.defaults());
    assertEquals(CocoReader.builder().build().read(COCO), read);
    assertNotEquals(0, read.annotations().size());
  }

  @Test
  void read_csv_equalsCsvReader() throws Exception {
    Path csv = RACCOON.resolve("train_labels.csv");
    ReadResult read = AnnotationReaders.read(csv, ReaderOptions.defaults());
    assertEquals(CsvAnnotationReader.defaults().read(csv), read);
    assertNotEquals(0, read.annotations().size());
  }

  @Test
  void read_viaJson_equalsViaReader() throws Exception {
    TestImages.write(tmp.resolve("images/a.jpg"), 40, 30);
    Path json =
        Files.writeString(
            tmp.resolve("via.json"),
            "{\"a.jpg1\": {\"filename\": \"a.jpg\", \"size\": 1, \"regions\": [{"
                + "\"shape_attributes\": {\"name\": \"rect\", \"x\": 1, \"y\": 2, \"width\": 10,"
                + " \"height\": 5}, \"region_attributes\": {\"class\": \"dog\"}}],"
                + " \"file_attributes\": {}}}");
    ReaderOptions options = ReaderOptions.builder().imageDirectory(tmp.resolve("images")).build();
    ReadResult read = AnnotationReaders.read(json, options);
    assertEquals(ViaReader.builder().options(options).build().read(json), read);
    assertEquals(40, read.annotations().images().get(0).width());
  }

  @Test
  void read_tfRecord_equalsTfRecordReader() throws Exception {
    ReadResult read = AnnotationReaders.read(PETS, ReaderOptions.defaults());
    assertEquals(TfRecordReader.defaults().read(PETS), read);
    assertNotEquals(0, read.annotations().size());
  }

  @Test
  void read_tfRecordShardsByBaseName_readsEveryShard() throws Exception {
    Files.copy(PETS, tmp.resolve("pets.record-00000-of-00002"));
    Files.copy(PETS, tmp.resolve("pets.record-00001-of-00002"));
    Path base = tmp.resolve("pets.record");
    assertEquals(AnnotationFormat.TFRECORD, AnnotationFormat.detect(base));
    ReadResult read = AnnotationReaders.read(base, ReaderOptions.defaults());
    assertEquals(2, read.filesRead());
    assertEquals(TfRecordReader.defaults().read(base), read);
  }

  @Test
  void read_explicitFormat_skipsTheGuess() throws Exception {
    Path csv = Files.copy(RACCOON.resolve("train_labels.csv"), tmp.resolve("labels.data"));
    assertThrows(
        IllegalArgumentException.class,
        () -> AnnotationReaders.read(csv, ReaderOptions.defaults()));
    assertEquals(
        CsvAnnotationReader.defaults().read(csv),
        AnnotationReaders.read(csv, AnnotationFormat.CSV, ReaderOptions.defaults()));
  }

  @Test
  void detect_guessesEveryFormatFromTheSharedData() throws Exception {
    assertEquals(AnnotationFormat.VOC, AnnotationFormat.detect(RACCOON.resolve("annotations")));
    assertEquals(
        AnnotationFormat.VOC,
        AnnotationFormat.detect(BCCD.resolve("annotations/BloodImage_00000.xml")));
    assertEquals(AnnotationFormat.YOLO, AnnotationFormat.detect(YOLO.resolve("img")));
    assertEquals(AnnotationFormat.YOLO, AnnotationFormat.detect(YOLO.resolve("train.txt")));
    assertEquals(AnnotationFormat.COCO, AnnotationFormat.detect(COCO));
    assertEquals(
        AnnotationFormat.CSV, AnnotationFormat.detect(RACCOON.resolve("train_labels.csv")));
    assertEquals(AnnotationFormat.TFRECORD, AnnotationFormat.detect(PETS));
    assertEquals(
        AnnotationFormat.TFRECORD,
        AnnotationFormat.detect(
            DATA.resolve("tfrecords/deeplab_pascal_voc_seg_val-00000-of-00001.tfrecord")));
  }

  @Test
  void detect_otherJson_isVia() throws Exception {
    Path json = Files.writeString(tmp.resolve("x.json"), "{\"a.jpg1\": {\"filename\": \"a.jpg\"}}");
    assertEquals(AnnotationFormat.VIA, AnnotationFormat.detect(json));
  }

  @Test
  void detect_shardFileName_isTfRecord() throws Exception {
    Path shard = Files.copy(PETS, tmp.resolve("train.record-00003-of-00004"));
    assertEquals(AnnotationFormat.TFRECORD, AnnotationFormat.detect(shard));
    Path glob = tmp.resolve("train.record-?????-of-00004");
    assertEquals(AnnotationFormat.TFRECORD, AnnotationFormat.detect(glob));
  }

  @Test
  void detect_missingInput_isNoSuchFile() {
    assertThrows(
        NoSuchFileException.class, () -> AnnotationFormat.detect(tmp.resolve("nothing.xml")));
    NoSuchFileException e =
        assertThrows(
            NoSuchFileException.class, () -> AnnotationFormat.detect(tmp.resolve("none.record")));
    assertTrue(e.getMessage().contains("none.record"), e.getMessage());
  }

  @Test
  void detect_folderOfJson_saysToPassTheFile() throws Exception {
    Files.writeString(tmp.resolve("coco.json"), "{}");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnotationFormat.detect(tmp));
    assertEquals(
        tmp
            + " holds JSON files: pass the COCO or VIA JSON file itself as --input / to"
            + " AnnotationReaders.read",
        e.getMessage());
  }

  @Test
  void detect_folderWithoutAnnotations_namesFlagAndApi() throws Exception {
    Files.writeString(tmp.resolve("a.jpg"), "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnotationFormat.detect(tmp));
    assertEquals(
        "cannot tell the annotation format of folder "
            + tmp
            + ": no .xml or .txt files; pass --format / AnnotationFormat",
        e.getMessage());
  }

  @Test
  void detect_unknownExtension_namesFlagAndApi() throws Exception {
    Path file = Files.writeString(tmp.resolve("labels.bin"), "");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnotationFormat.detect(file));
    assertEquals(
        "cannot tell the annotation format of "
            + file
            + " from its name; pass --format / AnnotationFormat",
        e.getMessage());
  }

  @Test
  void parse_acceptsAnyCaseAndBlanks_refusesUnknownNamingTheChoices() {
    assertEquals(AnnotationFormat.YOLO, AnnotationFormat.parse(" Yolo "));
    assertEquals(AnnotationFormat.TFRECORD, AnnotationFormat.parse("tfrecord"));
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> AnnotationFormat.parse("pascal"));
    assertEquals(
        "unknown format 'pascal': use one of voc, yolo, coco, via, csv, tfrecord", e.getMessage());
  }

  @Test
  void readerOptions_toBuilderAndDefaults() {
    ReaderOptions options =
        ReaderOptions.builder()
            .imageDirectory(tmp)
            .allowPathsOutsideRoot(true)
            .classNames(tmp.resolve("obj.names"))
            .build();
    assertEquals(options, options.toBuilder().build());
    assertEquals(tmp, options.imageDirectory().orElseThrow());
    assertTrue(options.allowPathsOutsideRoot());
    assertEquals(ReaderOptions.builder().build(), ReaderOptions.defaults());
    assertTrue(ReaderOptions.defaults().imageDirectory().isEmpty());
    assertTrue(ReaderOptions.defaults().classNames().isEmpty());
    assertEquals(
        options, VocReader.builder().options(options).build().toBuilder().build().options());
    assertThrows(NullPointerException.class, () -> ReaderOptions.builder().imageDirectory(null));
  }
}
