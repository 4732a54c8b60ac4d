package dev.detect.train.input;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.fuzz.FuzzReport;
import dev.detect.core.fuzz.ImageDimensionMutation;
import dev.detect.core.fuzz.MutationFuzzer;
import dev.detect.core.fuzz.MutationFuzzer.Seed;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Mutation fuzzing of {@link ImageDecoder#decode}, the decoder of the input pipeline and of {@code
 * Detector.detect(byte[])}, seeded from JPEG and PNG files of the shared data and small PNG/JPEG
 * variants (grayscale, 16-bit, palette, alpha) written by ImageIO; a fifth of the inputs declare
 * another width and height in the JPEG frame header or PNG IHDR.
 */
class ImageDecoderFuzzTest {
  private static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  /**
   * The largest size the header mutation declares. The decoder itself refuses nothing by size here
   * (the pixel limit against decompression bombs is a separate change); 16 Mpx keeps an honest
   * allocation of the declared size within the test heap and time bound.
   */
  private static final long MAX_FUZZ_PIXELS = 16L << 20;

  private static final List<String> IMAGES =
      List.of(
          "voc_edge_cases/depth1_grayscale/raccoon-150.jpg",
          "raccoon/images/raccoon-151.jpg",
          "raccoon/images/raccoon-39.jpg",
          "bccd/images/BloodImage_00389.jpg",
          "yolo_example/img/air1.jpg",
          "voc_edge_cases/vott_float_coords_png_named_jpg/nightride_type3_001.mp4#t=715.jpg");

  @Test
  @Tag("slow") // about 10 s at 1000 inputs on 2 cores: every input that decodes is a full decode
  void decode_decodesOrRefusesNamingTheSource_onMutatedImages() throws IOException {
    List<Seed> seeds = new ArrayList<>();
    IMAGES.forEach(p -> seeds.add(Seed.of(DATA.resolve(p))));
    int[] types = {
      BufferedImage.TYPE_BYTE_GRAY,
      BufferedImage.TYPE_USHORT_GRAY,
      BufferedImage.TYPE_BYTE_INDEXED,
      BufferedImage.TYPE_INT_ARGB,
      BufferedImage.TYPE_3BYTE_BGR
    };
    for (int type : types) {
      seeds.add(written(type, "png"));
    }
    seeds.add(written(BufferedImage.TYPE_BYTE_GRAY, "jpg"));

    FuzzReport report =
        MutationFuzzer.of("image-decoder", seeds)
            .maxAllocatedBytes(1L << 30, 64)
            .extraMutation(new ImageDimensionMutation(MAX_FUZZ_PIXELS), 0.2)
            .run(
                (input, seed) -> {
                  ImageBoxes image = ImageDecoder.decode(input, "fuzz.jpg");
                  assertEquals(image.height() * image.width() * 3, image.pixels().length);
                },
                MutationFuzzer.datasetFormatError("fuzz.jpg"));

    assertTrue(report.parsed() > 0, report.line());
    assertTrue(report.refused() > 0, report.line());
  }

  private static Seed written(int type, String format) throws IOException {
    BufferedImage img = new BufferedImage(32, 24, type);
    for (int y = 0; y < 24; y++) {
      for (int x = 0; x < 32; x++) {
        img.setRGB(x, y, (x * 8) << 16 | (y * 10) << 8 | (x + y) * 4);
      }
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    assertTrue(ImageIO.write(img, format, out), format);
    return new Seed("written type " + type + "." + format, out.toByteArray());
  }
}
