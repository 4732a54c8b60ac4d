package dev.detect.examples.cli;

import dev.detect.io.AnnotationReader;
import dev.detect.io.AnnotationWriter;
import dev.detect.io.coco.CocoReader;
import dev.detect.io.coco.CocoWriter;
import dev.detect.io.csv.CsvAnnotationReader;
import dev.detect.io.csv.CsvAnnotationWriter;
import dev.detect.io.via.ViaReader;
import dev.detect.io.voc.VocReader;
import dev.detect.io.voc.VocWriter;
import dev.detect.io.yolo.YoloReader;
import dev.detect.io.yolo.YoloWriter;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The annotation formats the command line reads and writes, with format sniffing. */
enum AnnotationFormat {
  VOC,
  YOLO,
  COCO,
  VIA,
  CSV;

  /** Parses a {@code --format}/{@code --from}/{@code --to} value. */
  static AnnotationFormat parse(String name) {
    try {
      return valueOf(name.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "unknown format '" + name + "': use one of voc, yolo, coco, via, csv");
    }
  }

  /**
   * A reader for this format; {@code images} is where images live, if given; {@code options}: the
   * command's --allow-outside-root and --class-names.
   */
  AnnotationReader reader(Optional<Path> images, ReaderOptions options) {
    dev.detect.io.ReaderOptions.Builder b =
        dev.detect.io.ReaderOptions.builder().allowPathsOutsideRoot(options.allowOutsideRoot);
    images.ifPresent(b::imageDirectory);
    if (options.classNames != null) {
      b.classNames(options.classNames);
    }
    dev.detect.io.ReaderOptions shared = b.build();
    return switch (this) {
      case VOC -> VocReader.builder().options(shared).build();
      case YOLO -> YoloReader.builder().options(shared).build();
      case COCO -> CocoReader.builder().options(shared).build();
      case VIA -> ViaReader.builder().options(shared).build();
      case CSV -> CsvAnnotationReader.create();
    };
  }

  /** A writer for this format. */
  AnnotationWriter writer(boolean keepNegatives) {
    return switch (this) {
      case VOC -> VocWriter.create();
      case YOLO -> YoloWriter.builder().build();
      case COCO -> CocoWriter.builder().build();
      case CSV -> CsvAnnotationWriter.builder().keepNegatives(keepNegatives).build();
      case VIA ->
          throw new IllegalArgumentException("writing VIA JSON is not supported by convert");
    };
  }

  /**
   * Guesses the format of {@code input}: {@code .xml} or a folder of them is VOC, {@code .csv} is
   * CSV, a COCO JSON has {@code images} and {@code annotations}, another JSON is VIA, a folder of
   * {@code .txt} label files (or a darknet {@code train.txt}) is YOLO.
   */
  static AnnotationFormat sniff(Path input) throws IOException {
    if (!Files.exists(input)) {
      throw new java.nio.file.NoSuchFileException(input.toString());
    }
    String name =
        input.getFileName() == null ? "" : input.getFileName().toString().toLowerCase(Locale.ROOT);
    if (Files.isDirectory(input)) {
      boolean txt = false;
      boolean json = false;
      try (DirectoryStream<Path> dir = Files.newDirectoryStream(input)) {
        for (Path p : dir) {
          String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
          if (n.endsWith(".xml")) {
            return VOC;
          }
          txt |= n.endsWith(".txt");
          json |= n.endsWith(".json");
        }
      }
      if (txt) {
        return YOLO;
      }
      if (json) {
        throw new IllegalArgumentException(
            input + " holds JSON files: pass the COCO or VIA JSON file itself as --input");
      }
      throw new IllegalArgumentException(
          "cannot tell the annotation format of folder "
              + input
              + ": no .xml or .txt files; pass --format");
    }
    if (name.endsWith(".xml")) {
      return VOC;
    }
    if (name.endsWith(".csv")) {
      return CSV;
    }
    if (name.endsWith(".txt")) {
      return YOLO;
    }
    if (name.endsWith(".json")) {
      String head;
      try (InputStream in = Files.newInputStream(input)) {
        head = new String(in.readNBytes(1 << 16), StandardCharsets.UTF_8);
      }
      return head.contains("\"annotations\"") && head.contains("\"images\"") ? COCO : VIA;
    }
    throw new IllegalArgumentException(
        "cannot tell the annotation format of " + input + " from its name; pass --format");
  }
}
