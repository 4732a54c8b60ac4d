package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Errors a command-line user sees speak of the file and the flags, not of Jackson's parser features
 * ({@code JsonReadFeature.ALLOW_…}) or Java builder calls.
 */
class UserTermsCliTest {
  @TempDir Path tmp;

  private static void noInternals(Run r) {
    assertEquals(DetectCli.EXIT_FAILURE, r.code(), r.err());
    for (String internal :
        List.of("Feature", "ALLOW_", "JsonReadFeature", "[Source:", "(code ", "policy")) {
      assertFalse(r.err().contains(internal), internal + " in: " + r.err());
    }
  }

  @Test
  void malformedJson_isDescribedInJsonTerms_withTheFileAndLine() throws Exception {
    Map<String, String> bad =
        Map.of(
            "comment.json", "{// a comment\n\"images\": []}",
            "nan.json", "{\"images\": [{\"id\": 1, \"width\": NaN}]}",
            "trailing.json", "{\"images\": [{\"id\": 1},]}",
            "quotes.json", "{'images': []}");
    for (var e : bad.entrySet()) {
      Path f = Files.writeString(tmp.resolve(e.getKey()), e.getValue());
      for (String format : List.of("coco", "via")) {
        Run r = run("csv", "--input", f.toString(), "--format", format, "--output", s("o.csv"));
        noInternals(r);
        assertTrue(r.err().contains(f + ":1:"), r.err());
      }
    }
    Run comment = run("csv", "--input", s("comment.json"), "--format", "coco", "--output", s("o"));
    assertTrue(comment.err().contains("comments are not allowed in JSON"), comment.err());
    Run nan = run("csv", "--input", s("nan.json"), "--format", "coco", "--output", s("o"));
    assertTrue(nan.err().contains("JSON has no NaN or Infinity"), nan.err());
  }

  @Test
  void malformedDetectionsJson_isDescribedInJsonTerms() throws Exception {
    Path gt =
        Files.writeString(
            tmp.resolve("gt.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\na.jpg,100,100,cat,10,10,50,50\n");
    for (String json :
        List.of(
            "[{\"filename\": \"a.jpg\", \"score\": NaN}]",
            "[// detections\n{\"filename\": \"a.jpg\"}]",
            "[{\"filename\": \"a.jpg\",}]",
            "[{'filename': 'a.jpg'}]")) {
      Path d = Files.writeString(tmp.resolve("d.json"), json);
      Run r = run("eval", "--ground-truth", gt.toString(), "--detections", d.toString());
      noInternals(r);
      assertTrue(r.err().contains(d + ":"), r.err());
    }
  }

  @Test
  void anImageOfTheWrongSize_inTfrecord_namesTheFlagThatSkipsIt() throws Exception {
    Path images = Files.createDirectories(tmp.resolve("images"));
    javax.imageio.ImageIO.write(
        new java.awt.image.BufferedImage(20, 10, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png",
        images.resolve("a.png").toFile());
    Path csv =
        Files.writeString(
            tmp.resolve("gt.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\na.png,100,100,cat,10,10,50,50\n");
    Path map = Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'cat' }\n");
    Run r =
        run(
            "tfrecord",
            "--input",
            csv.toString(),
            "--images",
            images.toString(),
            "--label-map",
            map.toString(),
            "--output",
            s("t.record"));
    noInternals(r);
    assertTrue(r.err().contains("--skip-invalid-images"), r.err());
  }

  @Test
  void aCocoOutputThatIsAFolder_isDescribedWithoutJavaClassNames() throws Exception {
    Path csv =
        Files.writeString(
            tmp.resolve("gt.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\na.png,100,100,cat,10,10,50,50\n");
    Path folder = Files.createDirectories(tmp.resolve("out"));
    Run r =
        run(
            "convert",
            "--input",
            csv.toString(),
            "--from",
            "csv",
            "--to",
            "coco",
            "--output",
            folder.toString());
    noInternals(r);
    assertFalse(r.err().contains("Writer"), r.err());
    assertTrue(r.err().contains(folder + " is a folder"), r.err());
  }

  private String s(String name) {
    return tmp.resolve(name).toString();
  }
}
