package dev.detect.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The CLI as users call it: exit codes, one-line errors, summaries and the files written. */
class DetectCliTest {
  static final Path DATA = Path.of(System.getProperty("detect.shared.data", "../shared/data"));
  @TempDir Path tmp;

  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    StringWriter out = new StringWriter();
    StringWriter err = new StringWriter();
    CommandLine cl = DetectCli.newCommandLine();
    cl.setOut(new PrintWriter(out, true));
    cl.setErr(new PrintWriter(err, true));
    int code = cl.execute(args);
    return new Run(code, out.toString(), err.toString());
  }

  /** Runs {@code base} followed by {@code extra} (a command's fixed arguments plus a variation). */
  static Run runWith(String[] base, String... extra) {
    String[] all = Arrays.copyOf(base, base.length + extra.length);
    System.arraycopy(extra, 0, all, base.length, extra.length);
    return run(all);
  }

  static Set<String> rows(Path csv) throws Exception {
    List<String> lines = Files.readAllLines(csv);
    return new HashSet<>(lines.subList(1, lines.size()));
  }

  @Test
  void help_listsEveryCommand() {
    Run r = run("--help");
    assertEquals(0, r.code());
    for (String c :
        List.of(
            "csv",
            "split",
            "labelmap",
            "validate",
            "convert",
            "tfrecord",
            "inspect",
            "config",
            "train",
            "export",
            "detect",
            "eval")) {
      assertTrue(r.out().contains(c), c);
      assertEquals(0, run(c, "--help").code(), c);
    }
  }

  @Test
  void csv_onRaccoon_matchesTheAuthorsCsvRows() throws Exception {
    Path out = tmp.resolve("all.csv");
    Run r =
        run(
            "csv",
            "--input",
            DATA.resolve("raccoon/annotations").toString(),
            "--output",
            out.toString());
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("160 images, 173 objects"), r.out());
    assertEquals(rows(DATA.resolve("raccoon/train_labels.csv")), rows(out));
  }

  @Test
  void csv_negativesAreListedOrKept() throws Exception {
    Path xml = Files.createDirectories(tmp.resolve("xml"));
    Files.writeString(
        xml.resolve("neg.xml"),
        "<annotation><filename>neg.jpg</filename><size><width>10</width><height>8</height><depth>3</depth></size></annotation>");
    Files.writeString(
        xml.resolve("pos.xml"),
        "<annotation><filename>pos.jpg</filename><size><width>10</width><height>8</height><depth>3</depth></size>"
            + "<object><name>a</name><bndbox><xmin>1</xmin><ymin>1</ymin><xmax>5</xmax><ymax>5</ymax></bndbox></object></annotation>");
    Run dropped =
        run("csv", "--input", xml.toString(), "--output", tmp.resolve("a.csv").toString());
    assertEquals(0, dropped.code());
    assertTrue(dropped.err().contains("neg.jpg"), dropped.err());
    assertEquals(Set.of("pos.jpg,10,8,a,1,1,5,5"), rows(tmp.resolve("a.csv")));
    Run kept =
        run(
            "csv",
            "--input",
            xml.toString(),
            "--output",
            tmp.resolve("b.csv").toString(),
            "--keep-negatives");
    assertEquals(0, kept.code());
    assertEquals(Set.of("pos.jpg,10,8,a,1,1,5,5", "neg.jpg,10,8,,,,,"), rows(tmp.resolve("b.csv")));
  }

  @Test
  void split_isPerImageDeterministicAndReportsClasses() throws Exception {
    Path all = tmp.resolve("all.csv");
    assertEquals(
        0,
        run(
                "csv",
                "--input",
                DATA.resolve("bccd/annotations").toString(),
                "--output",
                all.toString())
            .code());
    Run r =
        run(
            "split",
            "--input",
            all.toString(),
            "--train-output",
            tmp.resolve("t.csv").toString(),
            "--eval-output",
            tmp.resolve("e.csv").toString(),
            "--seed",
            "7");
    assertEquals(0, r.code(), r.err());
    assertTrue(
        r.out().contains("RBC") && r.out().contains("WBC") && r.out().contains("Platelets"),
        r.out());
    Set<String> trainImages = images(tmp.resolve("t.csv"));
    Set<String> evalImages = images(tmp.resolve("e.csv"));
    assertTrue(trainImages.stream().noneMatch(evalImages::contains), "an image on both sides");
    assertEquals(292, trainImages.size() + evalImages.size());
    byte[] first = Files.readAllBytes(tmp.resolve("e.csv"));
    run(
        "split",
        "--input",
        all.toString(),
        "--train-output",
        tmp.resolve("t.csv").toString(),
        "--eval-output",
        tmp.resolve("e.csv").toString(),
        "--seed",
        "7");
    assertEquals(new String(first), Files.readString(tmp.resolve("e.csv")));
  }

  static Set<String> images(Path csv) throws Exception {
    Set<String> names = new HashSet<>();
    for (String row : rows(csv)) {
      names.add(row.substring(0, row.indexOf(',')));
    }
    return names;
  }

  @Test
  void labelmap_fromCsvAndFromClassList() throws Exception {
    Path all = tmp.resolve("all.csv");
    run("csv", "--input", DATA.resolve("bccd/annotations").toString(), "--output", all.toString());
    Run r =
        run("labelmap", "--input", all.toString(), "--output", tmp.resolve("map.pbtxt").toString());
    assertEquals(0, r.code(), r.err());
    String map = Files.readString(tmp.resolve("map.pbtxt"));
    assertTrue(
        map.indexOf("'Platelets'") < map.indexOf("'RBC'")
            && map.indexOf("'RBC'") < map.indexOf("'WBC'"),
        map);
    Run names =
        run(
            "labelmap",
            "--input",
            DATA.resolve("yolo_example/obj.names").toString(),
            "--output",
            tmp.resolve("y.pbtxt").toString());
    assertEquals(0, names.code(), names.err());
    assertTrue(Files.readString(tmp.resolve("y.pbtxt")).contains("name: 'air'"));
  }

  @Test
  void validate_exitCode3OnErrors_jsonOutput() {
    Run bad =
        run(
            "validate",
            "--input",
            DATA.resolve("voc_edge_cases/zero_area_box").toString(),
            "--images",
            DATA.resolve("voc_edge_cases/zero_area_box").toString(),
            "--json");
    assertEquals(DetectCli.EXIT_INVALID_DATA, bad.code(), bad.err());
    assertTrue(bad.out().contains("box-zero-area") && bad.out().contains("\"errors\""), bad.out());
    Run good =
        run(
            "validate",
            "--input",
            DATA.resolve("raccoon/annotations").toString(),
            "--images",
            DATA.resolve("raccoon/images").toString());
    assertEquals(0, good.code(), good.err());
  }

  @Test
  void convert_yoloToCocoToCsv_keepsObjects() throws Exception {
    Path coco = tmp.resolve("coco.json");
    Run r =
        run(
            "convert",
            "--input",
            DATA.resolve("yolo_example/img").toString(),
            "--from",
            "yolo",
            "--to",
            "coco",
            "--output",
            coco.toString(),
            "--images",
            DATA.resolve("yolo_example/img").toString());
    assertEquals(0, r.code(), r.err());
    Run c =
        run(
            "convert",
            "--input",
            coco.toString(),
            "--from",
            "coco",
            "--to",
            "csv",
            "--output",
            tmp.resolve("y.csv").toString());
    assertEquals(0, c.code(), c.err());
    assertEquals(35, rows(tmp.resolve("y.csv")).size());
  }

  @Test
  void convert_cocoWithoutImageSizes_measuresTheImagesInTheImagesFolder() throws Exception {
    Path coco = tmp.resolve("sizeless.json");
    Files.writeString(
        coco,
        """
        {"images": [{"id": 1, "file_name": "raccoon-1.jpg"}],
         "annotations": [{"id": 1, "image_id": 1, "category_id": 1,
                          "bbox": [81, 88, 441, 320], "area": 141120, "iscrowd": 0}],
         "categories": [{"id": 1, "name": "raccoon"}]}
        """);
    Path csv = tmp.resolve("sizeless.csv");
    Run noImages =
        run(
            "convert",
            "--input",
            coco.toString(),
            "--from",
            "coco",
            "--to",
            "csv",
            "--output",
            csv.toString());
    assertEquals(DetectCli.EXIT_FAILURE, noImages.code(), noImages.err());
    assertTrue(noImages.err().contains("no width/height for 'raccoon-1.jpg'"), noImages.err());
    Run r =
        run(
            "convert",
            "--input",
            coco.toString(),
            "--from",
            "coco",
            "--to",
            "csv",
            "--output",
            csv.toString(),
            "--images",
            DATA.resolve("raccoon/images").toString());
    assertEquals(0, r.code(), r.err());
    assertEquals(Set.of("raccoon-1.jpg,650,417,raccoon,81,88,522,408"), rows(csv));
  }

  @Test
  void failures_areOneLineOnStderrWithNonZeroExit() {
    Run missing =
        run(
            "csv",
            "--input",
            tmp.resolve("nope").toString(),
            "--output",
            tmp.resolve("x.csv").toString());
    assertEquals(DetectCli.EXIT_FAILURE, missing.code());
    assertEquals(1, missing.err().strip().lines().count(), missing.err());
    assertTrue(missing.err().contains("no such file"), missing.err());
    assertFalse(Files.exists(tmp.resolve("x.csv")));
    Run usage = run("split", "--input", "a.csv");
    assertEquals(2, usage.code());
  }

  @Test
  void tfrecord_thenInspect_onRaccoon() throws Exception {
    Path all = tmp.resolve("all.csv");
    run(
        "csv",
        "--input",
        DATA.resolve("raccoon/annotations").toString(),
        "--output",
        all.toString());
    run("labelmap", "--input", all.toString(), "--output", tmp.resolve("map.pbtxt").toString());
    Run r =
        run(
            "tfrecord",
            "--input",
            all.toString(),
            "--images",
            DATA.resolve("raccoon/images").toString(),
            "--label-map",
            tmp.resolve("map.pbtxt").toString(),
            "--output",
            tmp.resolve("train.record").toString(),
            "--shards",
            "2");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(tmp.resolve("train.record-00001-of-00002")));
    Run i = run("inspect", "--input", tmp.resolve("train.record").toString(), "--limit", "1");
    assertEquals(0, i.code(), i.err());
    assertTrue(i.out().contains("160 records in 2 file(s), all CRCs valid"), i.out());
    assertTrue(i.out().contains("image/object/class/text"), i.out());
  }
}
