package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code detect csv} on every reader whose annotation names an image outside the image folder:
 * refused naming the file and {@code --allow-outside-root}, with and without {@code --images};
 * written as given with {@code --allow-outside-root}.
 */
class OutsideRootCliTest {
  @TempDir Path tmp;
  Path images;

  @BeforeEach
  void folders() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    BufferedImage img = new BufferedImage(8, 6, BufferedImage.TYPE_INT_RGB);
    assertTrue(ImageIO.write(img, "jpeg", images.resolve("a.jpg").toFile()));
    assertTrue(ImageIO.write(img, "jpeg", tmp.resolve("secret.jpg").toFile()));
  }

  /** One annotation file per format, each naming ../secret.jpg (relative to the images folder). */
  private List<Path> hostileInputs() throws Exception {
    Path voc = Files.createDirectories(tmp.resolve("voc"));
    Files.writeString(
        voc.resolve("a.xml"),
        "<annotation>\n<filename>../secret.jpg</filename>\n<size><width>8</width>"
            + "<height>6</height></size>\n<object><name>cat</name><bndbox><xmin>1</xmin>"
            + "<ymin>1</ymin><xmax>4</xmax><ymax>4</ymax></bndbox></object></annotation>\n");
    Path coco =
        Files.writeString(
            images.resolve("coco.json"),
            "{\"images\": [{\"id\": 1, \"file_name\": \"../secret.jpg\", \"width\": 8,"
                + " \"height\": 6}], \"annotations\": [], \"categories\": [{\"id\": 1,"
                + " \"name\": \"cat\"}]}");
    Path via =
        Files.writeString(
            images.resolve("via.json"),
            "{\"x\": {\"filename\": \"../secret.jpg\", \"size\": 1, \"regions\": []}}");
    Files.writeString(images.resolve("obj.names"), "cat\n");
    Path yolo = Files.writeString(images.resolve("train.txt"), "../secret.jpg\n");
    return List.of(voc, coco, via, yolo);
  }

  private static String format(Path input) {
    String name = input.getFileName().toString();
    return name.equals("voc") ? "voc" : name.replace(".json", "").replace("train.txt", "yolo");
  }

  @Test
  void csv_imageOutsideTheRoot_isRefusedByEveryReaderWithAndWithoutImages() throws Exception {
    List<String> failures = new ArrayList<>();
    for (Path input : hostileInputs()) {
      String format = format(input);
      // The VOC files lie outside images/: without --images their names are relative to their
      // own folder, where ../secret.jpg also leads out.
      for (boolean withImages : new boolean[] {false, true}) {
        List<String> args =
            new ArrayList<>(
                List.of("csv", "--input", input.toString(), "--format", format, "--output"));
        args.add(tmp.resolve("out-" + format + ".csv").toString());
        if (withImages) {
          args.addAll(List.of("--images", images.toString()));
        }
        Run r = run(args.toArray(String[]::new));
        if (r.code() == 0
            || !r.err().contains(input.toString())
            || !r.err().contains("--allow-outside-root")) {
          failures.add(format + (withImages ? " --images" : "") + ": " + r.code() + " " + r.err());
        }
        assertFalse(Files.exists(tmp.resolve("out-" + format + ".csv")), format);
      }
      assertAllowedWritesTheName(input, format);
    }
    assertEquals(List.of(), failures);
  }

  private void assertAllowedWritesTheName(Path input, String format) throws Exception {
    Path out = tmp.resolve("allowed-" + format + ".csv");
    Run ok =
        run(
            "csv",
            "--input",
            input.toString(),
            "--format",
            format,
            "--output",
            out.toString(),
            "--images",
            images.toString(),
            "--allow-outside-root",
            "--keep-negatives");
    assertEquals(0, ok.code(), format + ": " + ok.err());
    assertTrue(Files.readString(out).contains("secret.jpg"), format);
  }
}
