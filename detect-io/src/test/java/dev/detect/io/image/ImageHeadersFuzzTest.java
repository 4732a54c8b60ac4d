package dev.detect.io.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.ImageDimensionMutation;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import dev.detect.io.TestImages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Mutation fuzzing of {@link ImageHeaders}, from a file and from memory, seeded from JPEG and PNG
 * files of the shared data (grayscale, RGB, a PNG with alpha, a JPEG with EXIF); a fifth of the
 * inputs declare another width and height (up to 2^31 - 1 in a PNG).
 */
class ImageHeadersFuzzTest {
  /** Shared images of several kinds, small ones first. */
  static final List<String> IMAGES =
      List.of(
          "voc_edge_cases/depth1_grayscale/raccoon-150.jpg",
          "raccoon/images/raccoon-151.jpg",
          "raccoon/images/raccoon-39.jpg",
          "bccd/images/BloodImage_00389.jpg",
          "voc_edge_cases/zero_area_box/BloodImage_00338.jpg",
          "yolo_example/img/air1.jpg",
          "voc_edge_cases/windows_path_uppercase_jpg/IMG_2385.JPG",
          "voc_edge_cases/vott_float_coords_png_named_jpg/nightride_type3_001.mp4#t=715.jpg");

  @Test
  void read_parsesOrRefusesWithLocation_onMutatedImages(@TempDir Path dir) {
    List<Seed> seeds = IMAGES.stream().map(p -> Seed.of(TestImages.DATA.resolve(p))).toList();
    Path file = dir.resolve("fuzz.img");

    FuzzReport report =
        MutationFuzzer.of("image-headers", seeds)
            .extraMutation(new ImageDimensionMutation(Long.MAX_VALUE), 0.2)
            .run(
                (input, seed) -> {
                  Files.write(file, input);
                  ImageInfo fromFile = ImageHeaders.read(file);
                  assertEquals(fromFile, ImageHeaders.read(input, file.toString()));
                  assertTrue(fromFile.width() > 0 && fromFile.height() > 0, fromFile.toString());
                },
                MutationFuzzer.datasetFormatError(file.toString()));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }
}
