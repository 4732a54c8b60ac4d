package dev.detect.examples.cli;

import dev.detect.io.ReadResult.Warning;
import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;

/** Output conventions of the command line: summaries on stdout, warnings on stderr. */
final class Console {
  private static final int MAX_LISTED = 10;
  private final PrintWriter out;
  private final PrintWriter err;
  private final String name;

  Console(CommandSpec spec) {
    this.out = spec.commandLine().getOut();
    this.err = spec.commandLine().getErr();
    this.name = spec.qualifiedName();
  }

  void out(String line) {
    out.println(line);
    out.flush();
  }

  void err(String line) {
    err.println(line);
    err.flush();
  }

  /** Prints warnings on stderr, the first few in full and then a count. */
  void warnings(List<Warning> warnings) {
    list(warnings, "warning");
  }

  /** Prints what a writer could not express. */
  void notWritten(List<Warning> notWritten, String what) {
    if (notWritten.isEmpty()) {
      return;
    }
    err(name + ": " + notWritten.size() + " " + what + ":");
    list(notWritten, "left out");
  }

  private void list(List<Warning> items, String kind) {
    for (int i = 0; i < items.size() && i < MAX_LISTED; i++) {
      err(name + ": " + kind + ": " + items.get(i));
    }
    if (items.size() > MAX_LISTED) {
      err(name + ": ... and " + (items.size() - MAX_LISTED) + " more");
    }
  }
}
