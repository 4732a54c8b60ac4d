package dev.detect.examples.cli;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.eval.Detection;
import dev.detect.core.eval.ImageDetections;
import dev.detect.core.labelmap.LabelMapFormat;
import dev.detect.train.detector.DetectionDrawer;
import dev.detect.train.detector.Detector;
import dev.detect.train.detector.DetectorOptions;
import dev.detect.train.input.ImageBoxes;
import dev.detect.train.input.ImageDecoder;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code detect detect}: run an exported model on an image or a folder of images. */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    description = {
      "Detect objects in an image or a folder of images with an exported model.",
      "Runs a model exported by detect export or by the Python OD API (a SavedModel from"
          + " exporter_main_v2.py or export_inference_graph.py, or a TF1 frozen graph such as"
          + " frozen_inference_graph.pb) on an image or on every .jpg/.jpeg/.png/.bmp/.gif of a folder (not its"
          + " subfolders), in name order.",
      "Prints the detections of each image counted by label, then a total.",
      "--output-dir writes annotated copies (boxes, label and score; PNG for PNG input, else"
          + " JPEG). --json writes one JSON array of {filename, label, label_id, score, box:"
          + " {xmin, ymin, xmax, ymax}} with boxes in pixels, which detect eval --detections reads."
    })
final class DetectCommand implements Callable<Integer> {
  private static final Set<String> EXTENSIONS = Set.of("jpg", "jpeg", "png", "bmp", "gif");

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--model",
      required = true,
      paramLabel = "DIR|FILE.pb",
      description =
          "The model: an export folder (saved_model/ or frozen_inference_graph.pb inside; a"
              + " SavedModel wins), a SavedModel folder, or a .pb file (frozen graph or"
              + " saved_model.pb).")
  Path model;

  @Option(
      names = "--label-map",
      paramLabel = "FILE",
      description =
          "The classes (default: label_map.pbtxt, *label_map*.pbtxt or the pipeline.config's"
              + " label_map_path beside the model; else classes are named 'class N').")
  Path labelMap;

  @Option(
      names = {"-i", "--input"},
      required = true,
      paramLabel = "IMAGE|DIR",
      description = "An image, or a folder of images.")
  Path input;

  @Option(
      names = "--min-score",
      defaultValue = "0.5",
      paramLabel = "S",
      description = "Minimum score kept, in [0, 1] (default: ${DEFAULT-VALUE}).")
  float minScore;

  @Option(
      names = "--max-results",
      defaultValue = "100",
      paramLabel = "N",
      description = "Maximum detections per image (default: ${DEFAULT-VALUE}).")
  int maxResults;

  @Option(
      names = "--output-dir",
      paramLabel = "DIR",
      description = "Write annotated copies of the images here (not the input folder).")
  Path outputDir;

  @Option(
      names = "--json",
      paramLabel = "FILE",
      description = "Write every detection to this JSON file (pixels; see detect eval).")
  Path json;

  @Option(
      names = "--skip-invalid-images",
      description = "List images that cannot be decoded and go on, instead of stopping.")
  boolean skipInvalidImages;

  @Override
  public Integer call() throws Exception {
    if (!(minScore >= 0 && minScore <= 1)) {
      throw new ParameterException(
          spec.commandLine(), "--min-score must be in [0, 1], got " + minScore);
    }
    if (maxResults < 1) {
      throw new ParameterException(
          spec.commandLine(), "--max-results must be >= 1, got " + maxResults);
    }
    DetectorOptions.Builder builder =
        DetectorOptions.builder().minScore(minScore).maxResults(maxResults);
    if (labelMap != null) {
      builder.labelMap(LabelMapFormat.read(labelMap));
    }
    DetectorOptions options = builder.build();
    List<Path> images = images(input);
    Path root = Files.isDirectory(input) ? input : input.toAbsolutePath().getParent();
    checkOutputDir(root);
    Console console = new Console(spec);
    List<ImageDetections> all = new ArrayList<>();
    List<String> skipped = new ArrayList<>();
    Map<String, Integer> totals = new TreeMap<>();
    try (Detector detector = Detector.load(model, options)) {
      if (labelMap == null && detector.labelMapFile().isEmpty()) {
        console.err(
            spec.qualifiedName()
                + ": warning: no label map given or found beside "
                + model
                + "; classes are named 'class N' (pass --label-map)");
      }
      for (Path image : images) {
        String name = relativeName(root, image);
        BufferedImage decoded;
        try {
          decoded = decode(image);
        } catch (DatasetFormatException e) {
          if (!skipInvalidImages) {
            throw e;
          }
          skipped.add(e.getMessage());
          continue;
        }
        List<Detection> found = detector.detect(decoded);
        all.add(new ImageDetections(name, found));
        Map<String, Integer> counts = countByLabel(found);
        counts.forEach((label, n) -> totals.merge(label, n, Integer::sum));
        console.out(name + ": " + describe(counts));
        if (outputDir != null) {
          DetectionDrawer.write(
              DetectionDrawer.draw(decoded, found), outputDir.resolve(annotatedName(name)));
        }
      }
    }
    for (String s : skipped) {
      console.err(spec.qualifiedName() + ": skipped: " + s);
    }
    if (json != null) {
      DetectionsJson.write(json, all);
    }
    console.out(summary(all.size(), skipped.size(), totals));
    return 0;
  }

  private String summary(int done, int skippedCount, Map<String, Integer> totals) {
    int detections = totals.values().stream().mapToInt(Integer::intValue).sum();
    StringBuilder sb = new StringBuilder();
    sb.append(done).append(" image(s), ").append(detections).append(" detection(s)");
    if (!totals.isEmpty()) {
      sb.append(" (").append(describe(totals)).append(')');
    }
    if (skippedCount > 0) {
      sb.append(", ").append(skippedCount).append(" image(s) skipped");
    }
    if (outputDir != null) {
      sb.append("; annotated images in ").append(outputDir);
    }
    if (json != null) {
      sb.append("; wrote ").append(json);
    }
    return sb.toString();
  }

  /** The image files of {@code input}: itself, or the folder's images sorted by name. */
  static List<Path> images(Path input) throws IOException {
    if (!Files.exists(input)) {
      throw new NoSuchFileException(input.toString());
    }
    if (!Files.isDirectory(input)) {
      return List.of(input);
    }
    List<Path> out;
    try (Stream<Path> s = Files.list(input)) {
      out =
          s.filter(Files::isRegularFile)
              .filter(p -> EXTENSIONS.contains(extension(p.getFileName().toString())))
              .sorted()
              .toList();
    }
    if (out.isEmpty()) {
      throw new IllegalArgumentException(
          "no images in " + input + " (looked for " + String.join(", ", EXTENSIONS) + ")");
    }
    return out;
  }

  private void checkOutputDir(Path root) throws IOException {
    if (outputDir == null || !Files.exists(outputDir) || root == null) {
      return;
    }
    if (Files.isSameFile(outputDir, root)) {
      throw new IllegalArgumentException(
          "--output-dir "
              + outputDir
              + " is the input folder: the annotated copies would replace the images;"
              + " choose another folder");
    }
  }

  private static BufferedImage decode(Path file) throws IOException {
    ImageBoxes img = ImageDecoder.decode(Files.readAllBytes(file), file.toString());
    int w = img.width();
    int h = img.height();
    float[] px = img.pixels();
    int[] rgb = new int[w * h];
    for (int i = 0; i < rgb.length; i++) {
      int r = Math.round(px[3 * i]);
      int g = Math.round(px[3 * i + 1]);
      int b = Math.round(px[3 * i + 2]);
      rgb[i] = (r << 16) | (g << 8) | b;
    }
    BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
    out.setRGB(0, 0, w, h, rgb, 0, w);
    return out;
  }

  private static String relativeName(Path root, Path image) {
    Path rel =
        root == null
            ? image.getFileName()
            : root.toAbsolutePath().relativize(image.toAbsolutePath());
    return rel.toString().replace('\\', '/');
  }

  /** The annotated file's name: the same for PNG and JPEG input, else {@code name.jpg}. */
  static String annotatedName(String name) {
    String ext = extension(name);
    return ext.equals("png") || ext.equals("jpg") || ext.equals("jpeg") ? name : name + ".jpg";
  }

  private static String extension(String name) {
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  private static Map<String, Integer> countByLabel(List<Detection> found) {
    Map<String, Integer> counts = new TreeMap<>();
    for (Detection d : found) {
      counts.merge(d.labelName(), 1, Integer::sum);
    }
    return counts;
  }

  private static String describe(Map<String, Integer> counts) {
    if (counts.isEmpty()) {
      return "no detections";
    }
    List<String> parts = new ArrayList<>();
    counts.forEach((label, n) -> parts.add(n + " " + label));
    return String.join(", ", parts);
  }
}
