package dev.detect.io.voc;

import dev.detect.core.DatasetFormatException;
import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.ReaderOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Reads PASCAL VOC XML annotation files as labelImg (and VoTT, CVAT, Roboflow, the VOC devkit …)
 * write them. See <a
 * href="https://github.com/HumanSignal/labelImg/blob/master/libs/pascal_voc_io.py">labelImg's
 * pascal_voc_io.py</a>.
 *
 * <p>Elements are found by tag name, never by position; coordinates may be integers or decimals and
 * are kept as {@code double} pixels; extra elements are ignored with a warning. When the XML lacks
 * {@code <size>} (or has width/height 0) the size is read from the image's header. Files with a
 * {@code <!DOCTYPE>} are refused (no external entities, no entity expansion). Element text is
 * trimmed of surrounding white space.
 *
 * <p>Immutable and thread-safe. A folder is read with all available cores; the result is ordered by
 * XML file name, so it does not depend on the file system or the thread timing.
 */
public final class VocReader implements AnnotationReader {
  /** Below this many files, a folder is read on the calling thread only. */
  private static final int PARALLEL_THRESHOLD = 64;

  private final ReaderOptions options;
  private final VocFileParser parser;

  private VocReader(Builder b) {
    this.options = b.options;
    this.parser =
        new VocFileParser(options.imageDirectory().orElse(null), options.allowPathsOutsideRoot());
  }

  /** A builder with the defaults: images are looked up next to each XML file. */
  public static Builder builder() {
    return new Builder();
  }

  /** A reader with the defaults ({@code builder().build()}). */
  public static VocReader defaults() {
    return builder().build();
  }

  /** A builder holding this reader's settings. */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.options = options;
    return b;
  }

  /**
   * The shared reader settings; its image folder, if set, is where images are looked up, otherwise
   * each XML file's folder is used.
   */
  public ReaderOptions options() {
    return options;
  }

  /**
   * Reads a folder of {@code *.xml} files (not recursive; sorted by file name) or one XML file.
   *
   * @param input a folder or a single XML file
   * @return the annotations in file-name order, with warnings and the number of files read
   * @throws DatasetFormatException naming the file, line:column and element of the first malformed
   *     file (others are attached as suppressed exceptions)
   */
  @Override
  public ReadResult read(Path input) throws IOException {
    Objects.requireNonNull(input, "input");
    if (!Files.isDirectory(input)) {
      VocFileParser.Parsed parsed = parser.parse(input, new VocFileParser.ThreadState());
      return new ReadResult(AnnotationSet.of(parsed.image()), parsed.warnings(), 1);
    }
    Path[] files = listXml(input);
    Object[] results = parseAll(files);
    List<ImageAnnotation> images = new ArrayList<>(files.length);
    List<ReadResult.Warning> warnings = new ArrayList<>();
    for (Object r : results) {
      VocFileParser.Parsed parsed = (VocFileParser.Parsed) r;
      images.add(parsed.image());
      warnings.addAll(parsed.warnings());
    }
    if (files.length == 0) {
      warnings.add(new ReadResult.Warning(input.toString(), "no *.xml files in this folder"));
    }
    return new ReadResult(toSet(images, files), warnings, files.length);
  }

  /**
   * Reads one XML file. Warnings (e.g. a {@code <filename>} that differs from the XML name) are
   * logged; use {@link #read(Path)} on the file to receive them as values.
   *
   * @throws DatasetFormatException naming the file, line:column and element when it is malformed
   */
  public ImageAnnotation readFile(Path xml) throws IOException {
    Objects.requireNonNull(xml, "xml");
    VocFileParser.Parsed parsed = parser.parse(xml, new VocFileParser.ThreadState());
    if (!parsed.warnings().isEmpty()) {
      org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(VocReader.class);
      for (ReadResult.Warning w : parsed.warnings()) {
        log.warn("{}", w);
      }
    }
    return parsed.image();
  }

  private static Path[] listXml(Path dir) throws IOException {
    List<String> names = new ArrayList<>();
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(dir)) {
      for (Path p : stream) {
        String name = p.getFileName().toString();
        int n = name.length();
        if (n > 4 && name.regionMatches(true, n - 4, ".xml", 0, 4)) {
          names.add(name);
        }
      }
    }
    String[] sorted = names.toArray(new String[0]);
    Arrays.sort(sorted);
    Path[] files = new Path[sorted.length];
    for (int i = 0; i < sorted.length; i++) {
      files[i] = dir.resolve(sorted[i]);
    }
    return files;
  }

  /** Parses every file, in parallel when there are many; throws the first failure in order. */
  private Object[] parseAll(Path[] files) throws IOException {
    Object[] results = new Object[files.length];
    int threads =
        files.length < PARALLEL_THRESHOLD
            ? 1
            : Math.min(Runtime.getRuntime().availableProcessors(), files.length / 32);
    Worker worker = new Worker(parser, files, results);
    Thread[] helpers = new Thread[Math.max(0, threads - 1)];
    for (int i = 0; i < helpers.length; i++) {
      helpers[i] = new Thread(worker, "voc-reader-" + i);
      helpers[i].setDaemon(true);
      helpers[i].start();
    }
    worker.run();
    for (Thread t : helpers) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new InterruptedIOException("interrupted while reading " + files.length + " files");
      }
    }
    throwFailures(results);
    return results;
  }

  private static void throwFailures(Object[] results) throws IOException {
    IOException first = null;
    int failed = 0;
    for (Object r : results) {
      if (r instanceof RuntimeException e) {
        throw e;
      }
      if (r instanceof Error e) {
        throw e;
      }
      if (r instanceof IOException e) {
        failed++;
        if (first == null) {
          first = e;
        } else if (failed <= 100) {
          first.addSuppressed(e);
        }
      }
    }
    if (first == null) {
      return;
    }
    if (failed > 1 && first instanceof DatasetFormatException d) {
      DatasetFormatException all =
          new DatasetFormatException(
              d.source(),
              d.line().orElse(0),
              d.column().orElse(0),
              d.reason() + " (and " + (failed - 1) + " more malformed files, see suppressed)",
              d);
      for (Throwable s : d.getSuppressed()) {
        all.addSuppressed(s);
      }
      throw all;
    }
    throw first;
  }

  private static AnnotationSet toSet(List<ImageAnnotation> images, Path[] files)
      throws DatasetFormatException {
    try {
      return AnnotationSet.of(images);
    } catch (IllegalArgumentException e) {
      Map<String, Integer> seen = new HashMap<>();
      for (int i = 0; i < images.size(); i++) {
        Integer previous = seen.putIfAbsent(images.get(i).fileName(), i);
        if (previous != null) {
          throw new DatasetFormatException(
              files[i],
              "image "
                  + images.get(i).fileName()
                  + " is also annotated by "
                  + files[previous]
                  + ": each image may have one annotation file; remove or rename one of them");
        }
      }
      throw e;
    }
  }

  /** Claims file indexes from a shared counter; stores each result or failure at its index. */
  private static final class Worker implements Runnable {
    private final VocFileParser parser;
    private final Path[] files;
    private final Object[] results;
    private final AtomicInteger next = new AtomicInteger();

    Worker(VocFileParser parser, Path[] files, Object[] results) {
      this.parser = parser;
      this.files = files;
      this.results = results;
    }

    @Override
    public void run() {
      VocFileParser.ThreadState state = new VocFileParser.ThreadState();
      int i;
      while ((i = next.getAndIncrement()) < files.length) {
        try {
          results[i] = parser.parse(files[i], state);
        } catch (IOException | RuntimeException | Error e) {
          results[i] = e;
        }
      }
    }
  }

  /** Builds {@link VocReader}s; {@link #build()} snapshots, so a builder can be reused. */
  public static final class Builder {
    private ReaderOptions options = ReaderOptions.defaults();

    private Builder() {}

    /**
     * Sets the shared reader settings (default {@link ReaderOptions#defaults()}): the {@linkplain
     * ReaderOptions#imageDirectory() image folder}, used when an XML lacks {@code <size>} or {@code
     * <filename>} (by default each XML file's own folder), and {@linkplain
     * ReaderOptions#allowPathsOutsideRoot() whether} an image that the XML names outside that
     * folder ({@code <filename>} with {@code ../}, a symbolic link to elsewhere) may be read for
     * its size. The class-name file is ignored: VOC names its classes.
     */
    public Builder options(ReaderOptions options) {
      this.options = Objects.requireNonNull(options, "options");
      return this;
    }

    /** A reader with the current settings. */
    public VocReader build() {
      return new VocReader(this);
    }
  }
}
