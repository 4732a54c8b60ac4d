package dev.detect.train.input;

import dev.detect.core.DatasetFormatException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Real photos of the shared data ({@code ../shared/data}) the pixel parity tests compare on. */
final class SharedPhotos {
  private static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  /** Raccoon, 650×417 baseline JPEG, 4:2:0. */
  static final String RACCOON = "raccoon/images/raccoon-1.jpg";

  /** Blood cells (BCCD), 640×480 baseline JPEG. */
  static final String BCCD = "bccd/images/BloodImage_00000.jpg";

  /** A COCO-style Roboflow export, 2048×1371 baseline JPEG. */
  static final String COCO =
      "coco_example/test/0b47311f426ff926578c9d738d683e76_jpg.rf.0b55f43ac16aa65c889558d8ea757072.jpg";

  /** A one-component (grayscale) JPEG, 275×183. */
  static final String GRAY = "voc_edge_cases/depth1_grayscale/raccoon-150.jpg";

  /** An RGBA PNG (named .jpg), 1280×720. */
  static final String PNG =
      "voc_edge_cases/vott_float_coords_png_named_jpg/nightride_type3_001.mp4#t=715.jpg";

  private SharedPhotos() {}

  /** The file's bytes. */
  static byte[] bytes(String relative) {
    try {
      return Files.readAllBytes(DATA.resolve(relative));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The file decoded by the training pipeline's {@link ImageDecoder}. */
  static ImageBoxes decoded(String relative) {
    try {
      return ImageDecoder.decode(bytes(relative), relative);
    } catch (DatasetFormatException e) {
      throw new UncheckedIOException(e);
    }
  }
}
