package dev.detect.io;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;

/** Tiny image fixtures for format tests. */
public final class TestImages {
  /** The shared test data folder. */
  public static final Path DATA =
      Path.of(System.getProperty("detect.shared.data", "../shared/data"));

  private TestImages() {}

  /** Writes a black RGB image of the given size; the format follows the extension (png/jpg). */
  public static Path write(Path file, int width, int height) {
    try {
      Files.createDirectories(file.toAbsolutePath().getParent());
      String name = file.getFileName().toString();
      String format = name.endsWith(".png") ? "png" : "jpg";
      BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
      if (!ImageIO.write(img, format, file.toFile())) {
        throw new IllegalStateException("no ImageIO writer for " + format);
      }
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
