package dev.detect.io.validate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.testing.HostileImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Hostile paths and images: each becomes one error issue naming the file; nothing throws. */
class DatasetValidatorHostileTest {
  @TempDir Path tmp;
  Path images;
  Path outside;

  @BeforeEach
  void folders() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    outside = Files.write(tmp.resolve("secret.jpg"), HostileImages.jpeg(4, 4));
  }

  private List<ValidationIssue> issues(DatasetValidator.Builder b, String name, int w, int h) {
    return b.imageDirectory(images)
        .parallelism(1)
        .build()
        .validate(AnnotationSet.of(ImageAnnotation.builder(name, w, h).build()))
        .issues();
  }

  private ValidationIssue onlyIssue(String name, int w, int h, String code) {
    List<ValidationIssue> issues = issues(DatasetValidator.builder(), name, w, h);
    assertEquals(1, issues.size(), issues.toString());
    ValidationIssue issue = issues.get(0);
    assertEquals(code, issue.code(), issue.toString());
    assertEquals(name, issue.file());
    assertTrue(issue.isError());
    return issue;
  }

  @Test
  void validate_absolutePathAndSymlinkOut_arePathEscapes() throws Exception {
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    onlyIssue(outside.toString(), 4, 4, DatasetValidator.PATH_ESCAPES);
    ValidationIssue link = onlyIssue("link.jpg", 4, 4, DatasetValidator.PATH_ESCAPES);
    assertTrue(link.message().contains("symbolic link"), link.message());
  }

  @Test
  void validate_allowPathsOutsideRoot_checksTheFileInstead() throws Exception {
    Files.createSymbolicLink(images.resolve("link.jpg"), outside);
    DatasetValidator.Builder allow = DatasetValidator.builder().allowPathsOutsideRoot(true);
    assertEquals(List.of(), issues(allow, "link.jpg", 4, 4));
    assertEquals(List.of(), issues(allow, "../secret.jpg", 4, 4));
    assertEquals(List.of(), issues(allow.build().toBuilder(), outside.toString(), 4, 4));
  }

  @Test
  void validate_pngWithBadIhdrCrc_isCorruptNamingTheFile() throws Exception {
    byte[] png = HostileImages.png(30, 20);
    png[19] ^= 1;
    Files.write(images.resolve("crc.png"), png);
    ValidationIssue issue = onlyIssue("crc.png", 30, 20, DatasetValidator.IMAGE_CORRUPT);
    assertTrue(issue.message().contains(images.resolve("crc.png").toString()), issue.message());
    assertTrue(issue.message().contains("IHDR CRC"), issue.message());
  }

  @Test
  void validate_hostileImages_areCorrupt() throws Exception {
    Files.write(images.resolve("empty.jpg"), new byte[0]);
    Files.write(images.resolve("cut.jpg"), HostileImages.truncatedJpeg());
    Files.write(images.resolve("bomb.png"), HostileImages.pngBomb(100_000, 100_000));
    assertTrue(
        onlyIssue("empty.jpg", 4, 4, DatasetValidator.IMAGE_CORRUPT).message().contains("empty"));
    assertTrue(
        onlyIssue("cut.jpg", 64, 48, DatasetValidator.IMAGE_CORRUPT)
            .message()
            .contains("truncated JPEG"));
    assertTrue(
        onlyIssue("bomb.png", 100_000, 100_000, DatasetValidator.IMAGE_CORRUPT)
            .message()
            .contains("above the limit of 100000000"));
  }

  @Test
  void validate_oddButValidImages_passOrOnlyWarn() throws Exception {
    Files.write(images.resolve("one.jpg"), HostileImages.jpeg(1, 1));
    Files.write(images.resolve("photo.jpg"), HostileImages.png(5, 4));
    Files.write(images.resolve("g16.png"), HostileImages.png16(6, 2));
    assertEquals(List.of(), issues(DatasetValidator.builder(), "one.jpg", 1, 1));
    assertEquals(List.of(), issues(DatasetValidator.builder(), "photo.jpg", 5, 4));
    List<ValidationIssue> g16 = issues(DatasetValidator.builder(), "g16.png", 6, 2);
    assertEquals(
        List.of(DatasetValidator.DEPTH_MISMATCH), g16.stream().map(i -> i.code()).toList());
  }

  @Test
  void validate_maxImagePixels_isConfigurable() throws Exception {
    Files.write(images.resolve("a.png"), HostileImages.png(20, 10));
    List<ValidationIssue> issues =
        issues(DatasetValidator.builder().maxImagePixels(100), "a.png", 20, 10);
    assertEquals(DatasetValidator.IMAGE_CORRUPT, issues.get(0).code());
  }
}
