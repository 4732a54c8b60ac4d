package dev.detect.examples.cli;

import static dev.detect.examples.cli.DetectCliTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.detect.core.internal.AtomicFiles;
import dev.detect.examples.cli.DetectCliTest.Run;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A command that cannot write its output says so naming the output the user gave and why (a parent
 * that is a file "is not a folder", a folder where a file goes), never a hidden temporary file or a
 * bare file-system exception.
 */
class OutputMessagesCliTest {
  static final Path DATA = DetectCliTest.DATA;

  @TempDir Path tmp;
  Path csv;
  Path labelMap;
  Path file;

  @BeforeEach
  void files() throws Exception {
    csv =
        Files.writeString(
            tmp.resolve("all.csv"),
            "filename,width,height,class,xmin,ymin,xmax,ymax\n"
                + "raccoon-1.jpg,650,417,raccoon,81,88,522,408\n"
                + "raccoon-2.jpg,640,480,raccoon,10,10,200,200\n");
    labelMap = Files.writeString(tmp.resolve("map.pbtxt"), "item { id: 1 name: 'raccoon' }\n");
    file = Files.writeString(tmp.resolve("notes.txt"), "a file, not a folder\n");
  }

  private static void failsNaming(Run r, String output, String reason) {
    assertEquals(DetectCli.EXIT_FAILURE, r.code(), r.err());
    String err = r.err();
    assertTrue(err.contains("cannot write " + output), err);
    assertTrue(err.contains(reason), err);
    assertFalse(err.contains(AtomicFiles.TEMP_PREFIX), err);
    assertFalse(err.contains("Exception"), err);
    assertEquals(1, err.strip().lines().count(), err);
  }

  @Test
  void anOutputWhoseParentIsAFile_saysTheFileIsNotAFolder_inEveryCommandThatWrites() {
    String notAFolder = file + " is not a folder";
    String out = file.resolve("out").toString();
    failsNaming(run("csv", "--input", csv.toString(), "--output", out + ".csv"), out, notAFolder);
    failsNaming(
        run(
            "split",
            "--input",
            csv.toString(),
            "--train-output",
            out + ".csv",
            "--eval-output",
            tmp.resolve("eval.csv").toString()),
        out,
        notAFolder);
    failsNaming(
        run("labelmap", "--input", csv.toString(), "--output", out + ".pbtxt"), out, notAFolder);
    for (String to : List.of("voc", "yolo", "coco", "csv")) {
      failsNaming(
          run(
              "convert",
              "--input",
              csv.toString(),
              "--from",
              "csv",
              "--to",
              to,
              "--output",
              out + (to.equals("coco") ? ".json" : to.equals("csv") ? ".csv" : "")),
          out,
          notAFolder);
    }
    for (String shards : List.of("1", "2")) {
      failsNaming(
          run(
              "tfrecord",
              "--input",
              csv.toString(),
              "--images",
              DATA.resolve("raccoon/images").toString(),
              "--label-map",
              labelMap.toString(),
              "--output",
              out + ".record",
              "--shards",
              shards,
              "--skip-invalid-images"),
          out,
          notAFolder);
    }
    failsNaming(run("config", "--preset", "tiny", "--output", out + ".config"), out, notAFolder);
    failsNaming(run("demo", "--work-dir", out, "--images", "4", "--steps", "1"), out, notAFolder);
  }

  @Test
  void aFileOutputWhereAFolderIs_saysItIsAFolder_notATemporaryName() throws Exception {
    Path folder = Files.createDirectories(tmp.resolve("outdir/inside"));
    String out = folder.getParent().toString();
    failsNaming(
        run(
            "tfrecord",
            "--input",
            csv.toString(),
            "--images",
            DATA.resolve("raccoon/images").toString(),
            "--label-map",
            labelMap.toString(),
            "--output",
            out,
            "--skip-invalid-images"),
        out,
        "it is a folder");
    failsNaming(run("config", "--preset", "tiny", "--output", out), out, "it is a folder");
    failsNaming(run("labelmap", "--input", csv.toString(), "--output", out), out, "it is a folder");
    assertTrue(Files.isDirectory(folder));
  }
}
