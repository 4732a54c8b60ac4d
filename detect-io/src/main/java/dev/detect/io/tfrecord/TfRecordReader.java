package dev.detect.io.tfrecord;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ImageAnnotation;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.AnnotationReader;
import dev.detect.io.ReadResult;
import dev.detect.io.ReadResult.Warning;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads OD API TFRecord files back into annotations (and image bytes): plain or GZIP, sharded or
 * not, every CRC checked.
 *
 * <p>As an {@link AnnotationReader}, {@link #read(Path)} accepts a record file, a shard pattern or
 * glob in the file name ({@code train.record-?????-of-00010}), or the base name of shards written
 * by {@link TfRecordWriter} ({@code train.record} when only {@code train.record-0000N-of-…} exist).
 */
public final class TfRecordReader implements AnnotationReader {
  private final Optional<LabelMap> labelMap;

  private TfRecordReader(Optional<LabelMap> labelMap) {
    this.labelMap = labelMap;
  }

  /** A reader that names objects by {@code class/text}, or by their id when there is no text. */
  public static TfRecordReader defaults() {
    return new TfRecordReader(Optional.empty());
  }

  /** A reader that names objects with no {@code class/text} from {@code labelMap}. */
  public static TfRecordReader withLabelMap(LabelMap labelMap) {
    return new TfRecordReader(Optional.of(Objects.requireNonNull(labelMap, "labelMap")));
  }

  /** Receives decoded records. */
  @FunctionalInterface
  public interface RecordConsumer {
    /** Called for each record in file order; {@code file} and 0-based {@code index} locate it. */
    void accept(Path file, long index, DecodedExample example) throws IOException;
  }

  /** Decodes every record of the files matched by {@code input}, in order. */
  public void forEach(Path input, RecordConsumer consumer) throws IOException {
    for (Path file : expand(input)) {
      try (TfRecordFileReader r = TfRecordFileReader.open(file)) {
        for (Optional<byte[]> rec = r.next(); rec.isPresent(); rec = r.next()) {
          long index = r.index() - 1;
          consumer.accept(
              file, index, OdApiExampleCodec.decode(rec.get(), file + "#" + index, labelMap));
        }
      }
    }
  }

  /** Reads all records as annotations; images whose file name repeats are reported and renamed. */
  @Override
  public ReadResult read(Path input) throws IOException {
    List<ImageAnnotation> images = new ArrayList<>();
    List<Warning> warnings = new ArrayList<>();
    Set<String> names = new HashSet<>();
    List<Path> files = expand(input);
    List<String> byId = new ArrayList<>();
    List<Long> firstIds = new ArrayList<>();
    forEach(
        input,
        (file, index, ex) -> {
          ImageAnnotation a = ex.annotation();
          if (ex.namedByClassId() && labelMap.isEmpty()) {
            byId.add(file + "#" + index);
            if (firstIds.isEmpty()) {
              firstIds.addAll(ex.classIds());
            }
          }
          if (!names.add(a.fileName())) {
            String renamed = a.fileName() + "#" + file.getFileName() + ":" + index;
            warnings.add(
                new Warning(
                    file + "#" + index,
                    "file name '" + a.fileName() + "' repeats; kept as '" + renamed + "'"));
            a = a.toBuilder().fileName(renamed).build();
            names.add(renamed);
          }
          images.add(a);
        });
    if (!byId.isEmpty()) {
      warnings.add(
          new Warning(
              byId.get(0),
              byId.size()
                  + " record(s) have class/label ids but no class/text, and no label map was"
                  + " given: their objects are named by the id (e.g. '"
                  + (firstIds.isEmpty() ? "1" : firstIds.get(0))
                  + "'); give the label map (--label-map) to name them as the OD API does (first: "
                  + String.join(", ", byId.subList(0, Math.min(3, byId.size())))
                  + ")"));
    }
    return new ReadResult(AnnotationSet.of(images), warnings, files.size());
  }

  /**
   * The record files {@code input} names: the file itself, the files matching a glob in its file
   * name ({@code *}, {@code ?}, {@code [..]}), or the shards {@code input-NNNNN-of-MMMMM}.
   *
   * @throws NoSuchFileException when nothing matches
   */
  public static List<Path> expand(Path input) throws IOException {
    if (Files.isRegularFile(input)) {
      return List.of(input);
    }
    Path dir = input.toAbsolutePath().getParent();
    String name = String.valueOf(input.getFileName());
    String glob =
        name.matches(".*[*?\\[].*")
            ? name
            : name + "-[0-9][0-9][0-9][0-9][0-9]-of-[0-9][0-9][0-9][0-9][0-9]";
    List<Path> out = new ArrayList<>();
    if (dir != null && Files.isDirectory(dir)) {
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, glob)) {
        for (Path p : ds) {
          if (Files.isRegularFile(p)) {
            out.add(p);
          }
        }
      }
    }
    if (out.isEmpty()) {
      throw new NoSuchFileException(input.toString(), null, "no TFRecord file or shard matches");
    }
    out.sort(null);
    return out;
  }
}
