package dev.detect.train.detector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.box.NormalizedBox;
import dev.detect.core.eval.Detection;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DetectionDrawerTest {
  @TempDir Path tmp;

  static BufferedImage gray(int w, int h, int type) {
    BufferedImage img = new BufferedImage(w, h, type);
    var g = img.createGraphics();
    g.setColor(new Color(128, 128, 128));
    g.fillRect(0, 0, w, h);
    g.dispose();
    return img;
  }

  static final Detection CAT =
      Detection.of(1, "cat", 0.87f, NormalizedBox.ofYxyx(0.25, 0.25, 0.75, 0.75), 200, 100);

  @Test
  void draw_paintsTheBoxOnACopy_inTheClassColour() {
    BufferedImage original = gray(200, 100, BufferedImage.TYPE_3BYTE_BGR);
    int background = original.getRGB(50, 50);
    BufferedImage drawn = DetectionDrawer.draw(original, List.of(CAT));
    assertEquals(BufferedImage.TYPE_INT_RGB, drawn.getType());
    assertEquals(background, original.getRGB(50, 50), "input left unchanged");
    Color expected = DetectionDrawer.colorOf(CAT);
    // Left edge of the box at x = 50, half-way down; inside and outside keep the background.
    assertEquals(expected.getRGB(), drawn.getRGB(50, 50));
    assertEquals(background, drawn.getRGB(100, 50));
    assertEquals(background, drawn.getRGB(10, 90));
    BufferedImage fromGray =
        DetectionDrawer.draw(gray(200, 100, BufferedImage.TYPE_BYTE_GRAY), List.of(CAT));
    assertEquals(expected.getRGB(), fromGray.getRGB(50, 50), "colour boxes on a gray image");
  }

  @Test
  void draw_labelSitsAboveTheBox_orInsideAtTheTop() {
    BufferedImage drawn =
        DetectionDrawer.draw(gray(200, 100, BufferedImage.TYPE_INT_RGB), List.of(CAT));
    assertNotEquals(0xFF808080, drawn.getRGB(52, 22), "label background above the box");
    Detection top = Detection.of(2, "dog", 0.5f, NormalizedBox.ofYxyx(0, 0, 0.5, 0.5), 200, 100);
    BufferedImage atTop =
        DetectionDrawer.draw(gray(200, 100, BufferedImage.TYPE_INT_RGB), List.of(top));
    assertNotEquals(0xFF808080, atTop.getRGB(3, 5), "label inside the box");
    assertEquals("dog 50%", DetectionDrawer.label(top));
    assertNotEquals(DetectionDrawer.colorOf(CAT), DetectionDrawer.colorOf(top));
  }

  @Test
  void write_choosesTheFormatFromTheExtension_atomically() throws Exception {
    BufferedImage drawn =
        DetectionDrawer.draw(gray(64, 48, BufferedImage.TYPE_INT_ARGB), List.of(CAT));
    Path png = tmp.resolve("out/a.png");
    Path jpg = tmp.resolve("out/a.jpg");
    DetectionDrawer.write(drawn, png);
    DetectionDrawer.write(drawn, jpg);
    assertTrue(ImageIO.getImageReadersBySuffix("png").hasNext());
    assertEquals(64, ImageIO.read(png.toFile()).getWidth());
    assertEquals(48, ImageIO.read(jpg.toFile()).getHeight());
    byte[] head = Files.readAllBytes(jpg);
    assertEquals((byte) 0xFF, head[0]);
    assertEquals((byte) 0xD8, head[1]);
    try (Stream<Path> files = Files.list(tmp.resolve("out"))) {
      assertFalse(files.anyMatch(p -> p.getFileName().toString().endsWith(".tmp")));
    }
    assertThrows(
        IllegalArgumentException.class, () -> DetectionDrawer.write(drawn, tmp.resolve("a.tiff")));
  }
}
