package dev.detect.examples.cli;

import dev.detect.core.annotation.AnnotationSet;
import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.labelmap.LabelMap;
import dev.detect.io.tfrecord.TfRecordReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reports the invalid boxes (inverted, empty, outside the image) of the ground truth {@code eval}
 * scores against, each located in the input: a TFRecord's file and 0-based record index ({@code
 * eval.record#3}), else the annotation input and the image's file name. They are evaluated as
 * given, as the OD API does, but an inverted or empty box can never be matched, so each is a miss
 * that lowers the recall without a word.
 */
final class GroundTruthBoxes {
  private static final int SHOWN = 3;

  private GroundTruthBoxes() {}

  /** Adds one warning to {@code warnings} when {@code truth} has invalid boxes. */
  static void report(
      Path input,
      boolean tfrecord,
      Optional<LabelMap> classes,
      AnnotationSet truth,
      List<String> warnings)
      throws IOException {
    List<ValidationIssue> issues = truth.validateBoxes();
    if (issues.isEmpty()) {
      return;
    }
    List<ValidationIssue> shown = issues.subList(0, Math.min(SHOWN, issues.size()));
    Map<String, String> where = new HashMap<>();
    if (tfrecord) {
      // only when something is wrong: find the records of the images shown
      for (ValidationIssue i : shown) {
        where.put(i.file(), null);
      }
      TfRecordReader reader =
          classes.map(TfRecordReader::withLabelMap).orElseGet(TfRecordReader::defaults);
      reader.forEach(
          input,
          (file, index, ex) -> {
            String name = ex.annotation().fileName();
            if (where.containsKey(name) && where.get(name) == null) {
              where.put(name, file + "#" + index + " (image '" + name + "')");
            }
          });
    }
    StringBuilder sb =
        new StringBuilder()
            .append(issues.size())
            .append(" invalid ground-truth box(es) in ")
            .append(input)
            .append(" are evaluated as given (an inverted or empty box can never be matched: a")
            .append(" miss each); fix them or check with detect validate. First: ");
    for (int k = 0; k < shown.size(); k++) {
      ValidationIssue i = shown.get(k);
      String at = where.get(i.file());
      sb.append(k == 0 ? "" : "; ")
          .append(at != null ? at : input + " (image '" + i.file() + "')")
          .append(": ")
          .append(i.message());
    }
    warnings.add(sb.toString());
  }
}
