package dev.detect.io.validate;

import dev.detect.core.annotation.ValidationIssue;
import dev.detect.core.annotation.ValidationIssue.Severity;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Formats a {@link ValidationReport} for people. */
final class ValidationReportText {
  private static final int BAR = 40;

  private ValidationReportText() {}

  static String format(ValidationReport r, int maxExamples) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            Locale.ROOT,
            "Dataset: %d images, %d objects, %d negative images, %d classes%s\n",
            r.images(),
            r.objects(),
            r.negatives(),
            r.classCounts().size(),
            r.imageFilesChecked() > 0
                ? "; " + r.imageFilesChecked() + " image files checked"
                : "; image files not checked"));
    histogram(sb, r.classCounts());
    sb.append(
        String.format(
            Locale.ROOT,
            "Result: %s, %d error(s), %d warning(s)\n",
            r.hasErrors() ? "INVALID" : "valid",
            r.errorCount(),
            r.warningCount()));
    for (Severity severity : List.of(Severity.ERROR, Severity.WARNING)) {
      for (Map.Entry<String, Integer> e : r.issueCounts().entrySet()) {
        List<ValidationIssue> group =
            r.issues(e.getKey()).stream().filter(i -> i.severity() == severity).toList();
        if (!group.isEmpty()) {
          section(sb, severity, e.getKey(), group, maxExamples);
        }
      }
    }
    return sb.toString();
  }

  private static void histogram(StringBuilder sb, Map<String, Integer> counts) {
    int labelWidth = 5;
    int max = 1;
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      labelWidth = Math.max(labelWidth, e.getKey().length());
      max = Math.max(max, e.getValue());
    }
    int numberWidth = Integer.toString(max).length();
    for (Map.Entry<String, Integer> e : counts.entrySet()) {
      int bar = Math.max(1, (int) Math.round((double) BAR * e.getValue() / max));
      sb.append("  ")
          .append(e.getKey())
          .append(" ".repeat(labelWidth - e.getKey().length()))
          .append(' ')
          .append(" ".repeat(numberWidth - Integer.toString(e.getValue()).length()))
          .append(e.getValue())
          .append(' ')
          .append("#".repeat(bar))
          .append('\n');
    }
  }

  private static void section(
      StringBuilder sb,
      Severity severity,
      String code,
      List<ValidationIssue> group,
      int maxExamples) {
    sb.append(severity)
        .append(' ')
        .append(code)
        .append(": ")
        .append(group.size())
        .append(group.size() == 1 ? " issue" : " issues")
        .append('\n');
    for (int i = 0; i < Math.min(maxExamples, group.size()); i++) {
      ValidationIssue issue = group.get(i);
      sb.append("  ")
          .append(issue.file())
          .append(mentionsObject(issue) ? "" : " object " + issue.objectIndex())
          .append(": ")
          .append(issue.message())
          .append('\n');
    }
    if (group.size() > maxExamples) {
      sb.append("  ... and ").append(group.size() - maxExamples).append(" more\n");
    }
  }

  /** Whole-image issues, and box issues whose message already starts with "object N". */
  private static boolean mentionsObject(ValidationIssue issue) {
    return issue.objectIndex() < 0 || issue.message().startsWith("object " + issue.objectIndex());
  }
}
