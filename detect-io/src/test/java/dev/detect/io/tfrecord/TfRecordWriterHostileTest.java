package dev.detect.io.tfrecord;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.core.testing.HostileImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile images and paths: stored correctly, or refused naming the file, before any copy. */
class TfRecordWriterHostileTest {
  @TempDir Path tmp;
  Path images;
  Path out;
  final LabelMap labels = LabelMap.fromLabels(List.of("cat"));

  @BeforeEach
  void folders() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    out = tmp.resolve("t.record");
  }

  private TfRecordWriter.Builder writer() {
    return TfRecordWriter.builder(labels).imageDirectory(images).threads(1);
  }

  private DatasetFormatException refused(TfRecordWriter.Builder w, String name, int width, int h) {
    AnnotationSet set = AnnotationSet.of(ImageAnnotation.builder(name, width, h).build());
    DatasetFormatException e =
        assertThrows(DatasetFormatException.class, () -> w.build().write(set, out));
    assertFalse(Files.exists(out), "no output is left behind");
    return e;
  }

  private List<DecodedExample> written(String name, int width, int height) throws Exception {
    writer()
        .build()
        .write(AnnotationSet.of(ImageAnnotation.builder(name, width, height).build()), out);
    List<DecodedExample> back = new ArrayList<>();
    TfRecordReader.defaults().forEach(out, (f, i, ex) -> back.add(ex));
    return back;
  }

  @Test
  void write_zeroByteImage_isRefusedNamingIt() throws Exception {
    Files.write(images.resolve("empty.jpg"), new byte[0]);
    DatasetFormatException e = refused(writer(), "empty.jpg", 4, 4);
    assertTrue(e.getMessage().startsWith(images.resolve("empty.jpg").toString()), e.getMessage());
    assertTrue(e.getMessage().contains("empty file"), e.getMessage());
  }

  @Test
  void write_truncatedJpeg_isRefused() throws Exception {
    Files.write(images.resolve("cut.jpg"), HostileImages.truncatedJpeg());
    DatasetFormatException e = refused(writer(), "cut.jpg", 64, 48);
    assertTrue(e.getMessage().contains("truncated JPEG"), e.getMessage());
    assertTrue(e.getMessage().contains("'cut.jpg'"), e.getMessage());
  }

  @Test
  void write_decompressionBomb_isRefusedBeforeStoring() throws Exception {
    Files.write(images.resolve("bomb.png"), HostileImages.pngBomb(100_000, 100_000));
    DatasetFormatException e = refused(writer(), "bomb.png", 100_000, 100_000);
    assertTrue(e.getMessage().contains("100000x100000"), e.getMessage());
    assertTrue(e.getMessage().contains("limit of 100000000"), e.getMessage());
  }

  @Test
  void write_maxImagePixels_isConfigurable() throws Exception {
    Files.write(images.resolve("a.png"), HostileImages.png(20, 10));
    DatasetFormatException e = refused(writer().maxImagePixels(199), "a.png", 20, 10);
    assertTrue(e.getMessage().contains("limit of 199"), e.getMessage());
    assertEquals(1, written("a.png", 20, 10).size());
    assertThrows(IllegalArgumentException.class, () -> writer().maxImagePixels(0));
  }

  @Test
  void write_pngNamedJpg_isStoredAsPng() throws Exception {
    byte[] png = HostileImages.png(5, 4);
    Files.write(images.resolve("photo.jpg"), png);
    DecodedExample ex = written("photo.jpg", 5, 4).get(0);
    assertEquals("png", ex.format());
    assertArrayEquals(png, ex.encodedImage());
  }

  @Test
  void write_onePixelSixteenBitAndCmykImages_areStoredByteForByte() throws Exception {
    byte[][] bytes = {
      HostileImages.jpeg(1, 1), HostileImages.png16(6, 2), HostileImages.cmykJpeg(3, 3, 9, 9, 9, 9)
    };
    String[] names = {"one.jpg", "g16.png", "cmyk.jpg"};
    int[][] sizes = {{1, 1}, {6, 2}, {3, 3}};
    for (int i = 0; i < 3; i++) {
      Files.write(images.resolve(names[i]), bytes[i]);
      assertArrayEquals(
          bytes[i], written(names[i], sizes[i][0], sizes[i][1]).get(0).encodedImage());
    }
  }

  @Test
  void write_absolutePathAndSymlinkOut_areRefusedUnlessAllowed() throws Exception {
    byte[] secret = HostileImages.jpeg(4, 4);
    Path outside = Files.write(tmp.resolve("secret.jpg"), secret);
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    for (String name : List.of(outside.toString(), "link.jpg", "../secret.jpg")) {
      DatasetFormatException e = refused(writer(), name, 4, 4);
      assertTrue(e.getMessage().contains("'" + name + "'"), e.getMessage());
      assertTrue(e.getMessage().contains("outside the image folder"), e.getMessage());
    }
    // The opt-in survives toBuilder(): the rebuilt writer is the one that writes.
    TfRecordWriter allowed = writer().allowPathsOutsideRoot(true).build().toBuilder().build();
    allowed.write(AnnotationSet.of(ImageAnnotation.builder("link.jpg", 4, 4).build()), out);
    List<DecodedExample> back = new ArrayList<>();
    TfRecordReader.defaults().forEach(out, (f, i, ex) -> back.add(ex));
    assertArrayEquals(secret, back.get(0).encodedImage());
  }

  @Test
  void write_folderNamedLikeAnImage_isAnInvalidImage_refusedOrSkipped() throws Exception {
    Files.createDirectories(images.resolve("dir.jpg"));
    DatasetFormatException e = refused(writer(), "dir.jpg", 4, 4);
    assertTrue(
        e.getMessage().contains("cannot read image (annotated as 'dir.jpg')"), e.getMessage());
    Files.write(images.resolve("ok.jpg"), HostileImages.jpeg(4, 4));
    AnnotationSet set =
        AnnotationSet.of(
            ImageAnnotation.builder("dir.jpg", 4, 4).build(),
            ImageAnnotation.builder("ok.jpg", 4, 4).build());
    TfRecordWriteResult r =
        writer().invalidImages(TfRecordWriter.Policy.SKIP).build().write(set, out);
    assertEquals(1, r.images());
    assertEquals(1, r.skipped().size(), r.skipped().toString());
    assertTrue(r.skipped().get(0).toString().contains("dir.jpg"), r.skipped().toString());
  }

  @Test
  void write_symlinkInsideTheFolder_isAccepted() throws Exception {
    Files.createDirectories(images.resolve("real"));
    Files.write(images.resolve("real/a.jpg"), HostileImages.jpeg(4, 4));
    Files.createSymbolicLink(images.resolve("alias.jpg"), images.resolve("real/a.jpg"));
    assertEquals(1, written("alias.jpg", 4, 4).size());
  }

  @Test
  void write_skipPolicy_reportsEveryHostileImage() throws Exception {
    Files.write(images.resolve("empty.jpg"), new byte[0]);
    Files.write(images.resolve("bomb.png"), HostileImages.pngBomb(100_000, 100_000));
    AnnotationSet set =
        AnnotationSet.of(
            ImageAnnotation.builder("empty.jpg", 4, 4).build(),
            ImageAnnotation.builder("bomb.png", 100_000, 100_000).build(),
            ImageAnnotation.builder("../x.jpg", 4, 4).build());
    TfRecordWriteResult r =
        writer().invalidImages(TfRecordWriter.Policy.SKIP).build().write(set, out);
    assertEquals(0, r.images());
    assertEquals(3, r.skipped().size(), r.skipped().toString());
  }
}
