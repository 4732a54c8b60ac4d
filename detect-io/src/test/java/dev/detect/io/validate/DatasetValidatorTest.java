package dev.detect.io.validate;

import static dev.detect.io.validate.ValidateFixtures.image;
import static dev.detect.io.validate.ValidateFixtures.jpeg;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.labelmap.LabelMap;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetValidatorTest {
  @TempDir Path dir;

  private ValidationReport validateFiles(AnnotationSet set) {
    return DatasetValidator.builder().imageDirectory(dir).build().validate(set);
  }

  private static ValidationIssue only(ValidationReport r, String code) {
    List<ValidationIssue> issues = r.issues(code);
    assertEquals(1, issues.size(), r.toText());
    return issues.get(0);
  }

  @Test
  void validate_cleanDatasetHasNoIssues() throws Exception {
    Files.write(dir.resolve("a.jpg"), jpeg(40, 30, 1));
    Files.write(dir.resolve("b.jpg"), jpeg(20, 10, 2));
    AnnotationSet set =
        AnnotationSet.of(image("a.jpg", 40, 30, "cat"), image("b.jpg", 20, 10, "dog", "cat"));
    ValidationReport r = validateFiles(set);
    assertEquals(List.of(), r.issues(), r.toText());
    assertFalse(r.hasErrors());
    assertEquals(2, r.imageFilesChecked());
    assertEquals(Map.of("cat", 2, "dog", 1), r.classCounts());
    assertTrue(r.toText().contains("Result: valid, 0 error(s), 0 warning(s)"), r.toText());
  }

  @Test
  void validate_withoutImageDirectoryChecksOnlyBoxesAndNames() {
    AnnotationSet set = AnnotationSet.of(image("missing.jpg", 40, 30, "cat"));
    ValidationReport r = DatasetValidator.builder().build().validate(set);
    assertEquals(List.of(), r.issues());
    assertEquals(0, r.imageFilesChecked());
  }

  @Test
  void validate_reportsMissingImage() {
    ValidationReport r = validateFiles(AnnotationSet.of(image("gone.jpg", 40, 30, "cat")));
    ValidationIssue issue = only(r, DatasetValidator.IMAGE_MISSING);
    assertTrue(issue.isError());
    assertEquals("gone.jpg", issue.file());
    assertTrue(issue.message().contains("does not exist"), issue.message());
    assertTrue(r.hasErrors());
  }

  @Test
  void validate_reportsCorruptAndTruncatedImages() throws Exception {
    Files.writeString(dir.resolve("text.jpg"), "not an image at all");
    byte[] good = jpeg(40, 30, 1);
    Files.write(dir.resolve("cut.jpg"), java.util.Arrays.copyOf(good, 30));
    Files.write(dir.resolve("empty.png"), new byte[0]);
    ValidationReport r =
        validateFiles(
            AnnotationSet.of(
                image("text.jpg", 40, 30), image("cut.jpg", 40, 30), image("empty.png", 4, 4)));
    List<ValidationIssue> corrupt = r.issues(DatasetValidator.IMAGE_CORRUPT);
    assertEquals(3, corrupt.size(), r.toText());
    for (ValidationIssue issue : corrupt) {
      assertTrue(issue.isError());
      assertTrue(issue.message().contains(issue.file()), issue.message());
    }
  }

  @Test
  void validate_reportsSizeMismatchWithBothSizes() throws Exception {
    Files.write(dir.resolve("a.jpg"), jpeg(40, 30, 1));
    ValidationIssue issue =
        only(validateFiles(AnnotationSet.of(image("a.jpg", 400, 300, "cat"))), "size-mismatch");
    assertTrue(issue.isError());
    assertTrue(issue.message().contains("400x300"), issue.message());
    assertTrue(issue.message().contains("40x30"), issue.message());
    assertFalse(issue.message().contains("EXIF"), issue.message());
  }

  @Test
  void validate_explainsRotatedAnnotationOfExifImage() throws Exception {
    // Stored 40x30 with orientation 6 (rotate 90° CW): labelImg shows and records 30x40.
    Files.write(dir.resolve("phone.jpg"), ValidateFixtures.withExifOrientation(jpeg(40, 30, 1), 6));
    ValidationReport r = validateFiles(AnnotationSet.of(image("phone.jpg", 30, 40, "cat")));
    ValidationIssue size = only(r, DatasetValidator.SIZE_MISMATCH);
    assertTrue(size.message().contains("swapped"), size.message());
    assertTrue(size.message().contains("EXIF orientation 6"), size.message());
    ValidationIssue exif = only(r, DatasetValidator.EXIF_ORIENTATION);
    assertEquals(ValidationIssue.Severity.WARNING, exif.severity());
    assertTrue(exif.message().contains("larger than 1.1"), exif.message());
  }

  @Test
  void validate_warnsOnExifOrientationEvenWhenSizesMatch() throws Exception {
    Files.write(dir.resolve("m.jpg"), ValidateFixtures.withExifOrientation(jpeg(40, 30, 1), 3));
    ValidationReport r = validateFiles(AnnotationSet.of(image("m.jpg", 40, 30, "cat")));
    assertEquals(List.of(DatasetValidator.EXIF_ORIENTATION), codes(r), r.toText());
    assertTrue(r.issues().get(0).message().contains("orientation 3"));
  }

  @Test
  void validate_warnsOnDepthMismatch() throws Exception {
    ValidateFixtures.grayPng(dir.resolve("g.png"), 12, 8);
    ValidationReport r = validateFiles(AnnotationSet.of(image("g.png", 12, 8, "cat")));
    ValidationIssue issue = only(r, DatasetValidator.DEPTH_MISMATCH);
    assertEquals(ValidationIssue.Severity.WARNING, issue.severity());
    assertTrue(issue.message().contains("depth 3"), issue.message());
    assertTrue(issue.message().contains("1 channel"), issue.message());
    ImageAnnotation depth1 = image("g.png", 12, 8, "cat").toBuilder().depth(1).build();
    assertEquals(List.of(), validateFiles(AnnotationSet.of(depth1)).issues());
  }

  @Test
  void validate_warnsOnDuplicateImageBytesNamingBothFiles() throws Exception {
    byte[] bytes = jpeg(40, 30, 7);
    Files.write(dir.resolve("first.jpg"), bytes);
    Files.write(dir.resolve("copy.jpg"), bytes);
    Files.write(dir.resolve("other.jpg"), jpeg(40, 30, 0x123456));
    ValidationReport r =
        validateFiles(
            AnnotationSet.of(
                image("first.jpg", 40, 30, "cat"),
                image("other.jpg", 40, 30, "cat"),
                image("copy.jpg", 40, 30, "cat")));
    ValidationIssue issue = only(r, DatasetValidator.DUPLICATE_IMAGE);
    assertEquals("copy.jpg", issue.file());
    assertTrue(issue.message().contains("'first.jpg'"), issue.message());
    assertFalse(r.hasErrors());
  }

  @Test
  void validate_rejectsPathsEscapingTheImageFolder() throws Exception {
    Path images = Files.createDirectory(dir.resolve("images"));
    Files.write(dir.resolve("outside.jpg"), jpeg(40, 30, 1));
    ValidationReport r =
        DatasetValidator.builder()
            .imageDirectory(images)
            .build()
            .validate(AnnotationSet.of(image("../outside.jpg", 40, 30, "cat")));
    assertEquals(List.of(DatasetValidator.PATH_ESCAPES), codes(r), r.toText());
    assertTrue(r.issues().get(0).isError());
  }

  @Test
  void validate_acceptsSubfolders() throws Exception {
    Files.createDirectories(dir.resolve("sub"));
    Files.write(dir.resolve("sub/a.jpg"), jpeg(40, 30, 1));
    assertEquals(List.of(), validateFiles(AnnotationSet.of(image("sub/a.jpg", 40, 30))).issues());
  }

  @Test
  void validate_reportsLabelsMissingFromTheLabelMapWithCounts() {
    AnnotationSet set =
        AnnotationSet.of(
            image("a.jpg", 40, 30, "cat", "Dog", "Dog"), image("b.jpg", 40, 30, "Dog", "cat"));
    ValidationReport r =
        DatasetValidator.builder()
            .labelMap(LabelMap.ofNames(List.of("cat", "dog")))
            .build()
            .validate(set);
    ValidationIssue issue = only(r, DatasetValidator.LABEL_NOT_IN_MAP);
    assertTrue(issue.isError());
    assertEquals("a.jpg", issue.file());
    assertTrue(issue.message().contains("'Dog' (3 objects in 2 images"), issue.message());
  }

  @Test
  void validate_warnsOnFileNamesThatClash() {
    AnnotationSet set =
        AnnotationSet.of(
            image("Cat.jpg", 40, 30),
            image("cat.jpg", 40, 30),
            image("x.jpg", 40, 30),
            image("x.png", 40, 30));
    ValidationReport r = DatasetValidator.builder().build().validate(set);
    List<ValidationIssue> clashes = r.issues(DatasetValidator.DUPLICATE_FILE_NAME);
    assertEquals(2, clashes.size(), r.toText());
    assertTrue(clashes.get(0).message().contains("only in case"), clashes.get(0).message());
    assertTrue(clashes.get(1).message().contains("x.xml"), clashes.get(1).message());
  }

  @Test
  void validate_countsNegativesWithoutFlaggingThem() throws Exception {
    Files.write(dir.resolve("bg.jpg"), jpeg(40, 30, 1));
    ValidationReport r = validateFiles(AnnotationSet.of(image("bg.jpg", 40, 30)));
    assertEquals(List.of(), r.issues());
    assertEquals(1, r.negatives());
    assertTrue(r.toText().contains("1 negative images"), r.toText());
  }

  @Test
  void validate_reportsBoxProblemsFromTheCoreChecks() {
    ImageAnnotation bad =
        image("a.jpg", 40, 30).toBuilder()
            .addObject(
                dev.detect.core.annotation.ObjectAnnotation.of(
                    "cat", dev.detect.core.box.PixelBox.ofCorners(10, 10, 50, 20)))
            .build();
    ValidationReport r = DatasetValidator.builder().build().validate(AnnotationSet.of(bad));
    assertEquals(List.of("box-outside-image"), codes(r));
    assertEquals(0, r.issues().get(0).objectIndex());
  }

  @Test
  void validate_isTheSameOnOneOrManyThreads() throws Exception {
    List<ImageAnnotation> images = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      String name = "img" + i + ".jpg";
      Files.write(dir.resolve(name), jpeg(20 + i % 3, 10, i % 5));
      images.add(image(name, 20, 10, "cat"));
    }
    AnnotationSet set = AnnotationSet.of(images);
    DatasetValidator one = DatasetValidator.builder().imageDirectory(dir).parallelism(1).build();
    ValidationReport a = one.validate(set);
    ValidationReport b = one.toBuilder().parallelism(4).build().validate(set);
    assertEquals(a, b);
    assertEquals(a.toJson(), b.toJson());
    assertTrue(a.issues(DatasetValidator.SIZE_MISMATCH).size() > 0);
    assertTrue(a.issues(DatasetValidator.DUPLICATE_IMAGE).size() > 0);
  }

  @Test
  void parallelism_rejectsZero() {
    DatasetValidator.Builder b = DatasetValidator.builder();
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> b.parallelism(0));
    assertTrue(e.getMessage().contains("0"));
  }

  @Test
  void toText_groupsIssuesByCodeWithLimitedExamples() throws Exception {
    List<ImageAnnotation> images = new ArrayList<>();
    for (int i = 0; i < 8; i++) {
      images.add(image("m" + i + ".jpg", 40, 30, "cat"));
    }
    Files.write(dir.resolve("m0.jpg"), jpeg(41, 30, 1));
    ValidationReport r = validateFiles(AnnotationSet.of(images));
    String text = r.toText(3);
    assertTrue(text.contains("Result: INVALID, 8 error(s), 0 warning(s)"), text);
    assertTrue(text.contains("ERROR image-missing: 7 issues\n"), text);
    assertTrue(text.contains("  ... and 4 more\n"), text);
    assertTrue(text.contains("ERROR size-mismatch: 1 issue\n"), text);
    assertTrue(text.indexOf("image-missing") < text.indexOf("size-mismatch"), text);
    assertTrue(text.contains("  cat   8 ########################################\n"), text);
  }

  @Test
  void toJson_hasStableKeys() throws Exception {
    ValidationReport r = validateFiles(AnnotationSet.of(image("gone.jpg", 40, 30, "cat")));
    JsonNode json = new ObjectMapper().readTree(r.toJson());
    List<String> keys = new ArrayList<>();
    json.fieldNames().forEachRemaining(keys::add);
    assertEquals(
        List.of(
            "valid",
            "images",
            "objects",
            "negatives",
            "imageFilesChecked",
            "errors",
            "warnings",
            "classes",
            "issueCounts",
            "issues"),
        keys);
    assertFalse(json.get("valid").asBoolean());
    assertEquals(1, json.get("classes").get("cat").asInt());
    assertEquals(1, json.get("issueCounts").get("image-missing").asInt());
    JsonNode issue = json.get("issues").get(0);
    assertEquals("ERROR", issue.get("severity").asText());
    assertEquals("image-missing", issue.get("code").asText());
    assertEquals("gone.jpg", issue.get("file").asText());
    assertEquals(-1, issue.get("objectIndex").asInt());
  }

  @Test
  void validate_sharedZeroAreaBoxIsTheOnlyProblem() throws Exception {
    Path folder = ValidateFixtures.DATA.resolve("voc_edge_cases/zero_area_box");
    AnnotationSet set = ValidateFixtures.readVocFolder(folder);
    ValidationReport r = DatasetValidator.builder().imageDirectory(folder).build().validate(set);
    assertEquals(List.of("box-zero-area"), codes(r), r.toText());
    ValidationIssue issue = r.issues().get(0);
    assertEquals("BloodImage_00338.jpg", issue.file());
    assertTrue(issue.message().contains("xmin=504"), issue.message());
    assertEquals(14, r.objects());
  }

  @Test
  void validate_sharedBccdHasTheTwoKnownZeroAreaBoxes() throws Exception {
    Path bccd = ValidateFixtures.DATA.resolve("bccd");
    AnnotationSet set = ValidateFixtures.readVocFolder(bccd.resolve("annotations"));
    ValidationReport r =
        DatasetValidator.builder()
            .imageDirectory(bccd.resolve("images"))
            .labelMap(LabelMap.fromLabels(List.of("RBC", "WBC", "Platelets")))
            .build()
            .validate(set);
    System.out.print(r.toText());
    List<String> zero = r.issues("box-zero-area").stream().map(ValidationIssue::file).toList();
    assertEquals(List.of("BloodImage_00338.jpg", "BloodImage_00343.jpg"), zero, r.toText());
    assertEquals(292, r.imageFilesChecked());
    assertEquals(3943, r.objects());
    assertTrue(r.issues(DatasetValidator.IMAGE_MISSING).isEmpty(), r.toText());
    assertTrue(r.issues(DatasetValidator.SIZE_MISMATCH).isEmpty(), r.toText());
  }

  private static List<String> codes(ValidationReport r) {
    return r.issues().stream().map(ValidationIssue::code).toList();
  }
}
