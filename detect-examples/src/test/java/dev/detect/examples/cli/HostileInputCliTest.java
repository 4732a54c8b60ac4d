package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.config.PipelineConfig;
import dev.detect.core.config.Preset;
import dev.detect.examples.cli.DetectCliTest.Run;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Images outside the image folder are refused unless --allow-outside-root; absurd configs fail. */
class HostileInputCliTest {
  @TempDir Path tmp;
  Path images;
  Path csv;
  Path labelMap;

  @BeforeEach
  void dataset() throws Exception {
    images = Files.createDirectories(tmp.resolve("images"));
    ImageIO.write(
        new BufferedImage(20, 10, BufferedImage.TYPE_INT_RGB),
        "jpeg",
        tmp.resolve("secret.jpg").toFile());
    csv =
        Files.writeString(
            tmp.resolve("all.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\n../secret.jpg,20,10,cat,1,1,5,5\n");
    labelMap = Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'cat' }\n");
  }

  private Run tfrecord(String... extra) {
    String[] base = {
      "tfrecord",
      "--input",
      csv.toString(),
      "--images",
      images.toString(),
      "--label-map",
      labelMap.toString(),
      "--output",
      tmp.resolve("t.record").toString()
    };
    return DetectCliTest.runWith(base, extra);
  }

  @Test
  void tfrecord_imageOutsideTheFolder_isRefusedUnlessAllowed() {
    Run refused = tfrecord();
    assertTrue(refused.code() != 0, refused.out());
    assertTrue(refused.err().contains("outside the image folder"), refused.err());
    assertTrue(refused.err().contains("'../secret.jpg'"), refused.err());
    Run allowed = tfrecord("--allow-outside-root");
    assertEquals(0, allowed.code(), allowed.err());
  }

  @Test
  void validate_imageOutsideTheFolder_isAnErrorUnlessAllowed() {
    Run refused = run("validate", "--input", csv.toString(), "--images", images.toString());
    assertEquals(DetectCli.EXIT_INVALID_DATA, refused.code(), refused.err());
    assertTrue(refused.out().contains("path-escapes"), refused.out());
    Run allowed =
        run(
            "validate",
            "--input",
            csv.toString(),
            "--images",
            images.toString(),
            "--allow-outside-root");
    assertEquals(0, allowed.code(), allowed.out() + allowed.err());
  }

  @Test
  void configValidate_absurdNumClasses_isAnErrorWithRange() throws Exception {
    String text =
        PipelineConfig.preset(Preset.TINY)
            .print()
            .replaceFirst("num_classes: \\d+", "num_classes: 1000000000");
    Path config = Files.writeString(tmp.resolve("hostile.config"), text);
    Run r = run("config", "--input", config.toString(), "--validate");
    assertEquals(DetectCli.EXIT_INVALID_DATA, r.code(), r.out() + r.err());
    assertTrue(
        (r.out() + r.err()).contains("num_classes is 1000000000, outside the allowed range"),
        r.out() + r.err());
  }
}
