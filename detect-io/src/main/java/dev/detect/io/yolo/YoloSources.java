package dev.detect.io.yolo;

import dev.detect.core.DatasetFormatException;
import dev.detect.io.internal.ImagePaths;
import dev.detect.io.internal.ImageSizes;
import dev.detect.io.internal.Utf8Text;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Stream;

/** Finds the (image, label file) pairs of a YOLO folder or darknet image list. */
final class YoloSources {
  private YoloSources() {}

  /**
   * One image to read.
   *
   * @param fileName the image file name for the annotation
   * @param image the image file, empty when it does not exist
   * @param label the label file, empty for a negative image
   * @param recordedPath the path to record in the annotation (list input), if any
   * @param origin where the image was named, for messages ({@code file} or {@code file:line})
   * @param missing why the image is missing (the paths tried), when it is
   */
  record Entry(
      String fileName,
      Optional<Path> image,
      Optional<Path> label,
      Optional<String> recordedPath,
      String origin,
      String missing) {}

  /**
   * The images of {@code imageDir} and the label files of {@code labelDir}, matched by base name
   * and sorted by it. Label files without an image give entries with no image.
   */
  static List<Entry> folder(Path labelDir, Path imageDir, Path classFile, boolean allowOutsideRoot)
      throws IOException {
    ImagePaths paths = new ImagePaths(imageDir, allowOutsideRoot);
    TreeMap<String, String> refused = new TreeMap<>();
    TreeMap<String, Path> refusedFiles = new TreeMap<>();
    TreeMap<String, Path> labels = new TreeMap<>();
    for (Path file : filesIn(labelDir)) {
      String name = file.getFileName().toString();
      if (name.toLowerCase(Locale.ROOT).endsWith(".txt")
          && !name.equals("classes.txt")
          && !sameFile(file, classFile)) {
        labels.put(ImageSizes.baseName(name), file);
      }
    }
    TreeMap<String, Path> images = new TreeMap<>();
    for (Path file : filesIn(imageDir)) {
      if (ImageSizes.isImage(file)) {
        try {
          paths.resolve(file.getFileName().toString());
        } catch (ImagePaths.Refused e) {
          refused.put(ImageSizes.baseName(file.getFileName().toString()), outside(e));
          refusedFiles.put(ImageSizes.baseName(file.getFileName().toString()), file);
          continue;
        }
        Path previous = images.put(ImageSizes.baseName(file.getFileName().toString()), file);
        if (previous != null) {
          throw new DatasetFormatException(
              file,
              "two images share the base name of one label file: "
                  + previous.getFileName()
                  + " and "
                  + file.getFileName()
                  + "; rename one of them");
        }
      }
    }
    TreeMap<String, Entry> entries = new TreeMap<>();
    images.forEach(
        (base, image) ->
            entries.put(
                base,
                new Entry(
                    image.getFileName().toString(),
                    Optional.of(image),
                    Optional.ofNullable(labels.get(base)),
                    Optional.empty(),
                    image.toString(),
                    "")));
    // A refused image is an error (or a reported skip) whether or not it has a label file: a
    // negative image must not vanish silently.
    refused.forEach(
        (base, why) -> {
          if (!entries.containsKey(base)) {
            Path label = labels.get(base);
            entries.put(
                base,
                new Entry(
                    refusedFiles.get(base).getFileName().toString(),
                    Optional.empty(),
                    Optional.ofNullable(label),
                    Optional.empty(),
                    (label != null ? label : refusedFiles.get(base)).toString(),
                    why));
          }
        });
    for (var label : labels.entrySet()) {
      if (!entries.containsKey(label.getKey())) {
        String missing =
            refused.getOrDefault(
                label.getKey(),
                "no image named " + label.getKey() + ".<jpg|jpeg|png|bmp|gif|webp> in " + imageDir);
        entries.put(
            label.getKey(),
            new Entry(
                label.getKey(),
                Optional.empty(),
                Optional.of(label.getValue()),
                Optional.empty(),
                label.getValue().toString(),
                missing));
      }
    }
    return new ArrayList<>(entries.values());
  }

  /**
   * The images named by a darknet list file (one path per line), in list order. Relative paths are
   * tried against {@code imageDirectory} (default: the list's folder), then its parent (darknet
   * runs from the folder above {@code data/}), then with leading folders dropped one by one against
   * it (so a copied {@code data/} folder under another name still works).
   */
  static List<Entry> list(Path listFile, Path imageDirectory, boolean allowOutsideRoot)
      throws IOException {
    String[] lines = Utf8Text.read(listFile).split("\n", -1);
    Path dir =
        imageDirectory != null
            ? imageDirectory.toAbsolutePath()
            : listFile.toAbsolutePath().getParent();
    ImagePaths paths = new ImagePaths(dir, allowOutsideRoot);
    List<Entry> entries = new ArrayList<>();
    for (int i = 0; i < lines.length; i++) {
      String line = lines[i].strip();
      if (line.isEmpty()) {
        continue;
      }
      List<Path> tried = candidates(dir, line.replace('\\', '/'));
      Optional<Path> image = Optional.empty();
      String refusal = null;
      for (Path candidate : tried) {
        if (Files.isRegularFile(candidate)) {
          try {
            image = Optional.of(paths.resolve(candidate.toString()));
            break;
          } catch (ImagePaths.Refused e) {
            refusal = refusal == null ? "list entry '" + line + "': " + outside(e) : refusal;
          }
        }
      }
      String missing =
          refusal != null ? refusal : "image " + line + " not found (tried " + tried + ")";
      String fileName = Path.of(line.replace('\\', '/')).getFileName().toString();
      entries.add(
          new Entry(
              fileName,
              image,
              image.flatMap(YoloSources::labelFor),
              image.map(p -> p.normalize().toString()),
              listFile + ":" + (i + 1),
              missing));
    }
    return entries;
  }

  /** A refusal's message with how to allow paths outside the image folder. */
  private static String outside(ImagePaths.Refused e) {
    return e.getMessage()
        + (e.outsideRoot()
            ? " (or ReaderOptions.builder().allowPathsOutsideRoot(true), --allow-outside-root)"
            : "");
  }

  private static List<Path> candidates(Path dir, String entry) {
    Path p = Path.of(entry);
    if (p.isAbsolute()) {
      return List.of(p);
    }
    List<Path> out = new ArrayList<>();
    out.add(dir.resolve(p).normalize());
    if (dir.getParent() != null) {
      out.add(dir.getParent().resolve(p).normalize());
    }
    for (int k = 1; k < p.getNameCount(); k++) {
      out.add(dir.resolve(p.subpath(k, p.getNameCount())).normalize());
    }
    return out;
  }

  /**
   * The label file of an image: {@code <base>.txt} beside it, else in the matching {@code labels}
   * folder (darknet and Ultralytics replace {@code images} or {@code JPEGImages} with {@code
   * labels}).
   */
  static Optional<Path> labelFor(Path image) {
    String txt = ImageSizes.baseName(image.getFileName().toString()) + ".txt";
    Path beside = image.resolveSibling(txt);
    if (Files.isRegularFile(beside)) {
      return Optional.of(beside);
    }
    Path abs = image.toAbsolutePath();
    for (int k = abs.getNameCount() - 2; k >= 0; k--) {
      String part = abs.getName(k).toString();
      if (part.equals("images") || part.equals("JPEGImages")) {
        Path root = abs.getRoot() == null ? Path.of("") : abs.getRoot();
        Path prefix = k == 0 ? root : root.resolve(abs.subpath(0, k));
        Path rest = abs.subpath(k + 1, abs.getNameCount()).resolveSibling(txt);
        Path label = prefix.resolve("labels").resolve(rest);
        if (Files.isRegularFile(label)) {
          return Optional.of(label);
        }
      }
    }
    return Optional.empty();
  }

  private static List<Path> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.filter(Files::isRegularFile).sorted().toList();
    }
  }

  private static boolean sameFile(Path a, Path b) {
    return b != null && a.toAbsolutePath().normalize().equals(b.toAbsolutePath().normalize());
  }
}
