package dev.detect.spark.cli;

import java.io.PrintWriter;
import java.util.Locale;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParameterException;

/**
 * The {@code detect spark} command line: the two jobs that scale out, run on a Spark master ({@code
 * local[*]} by default, or any master URL; under {@code spark-submit}, the one it sets).
 *
 * <p>Exit codes: 0 success; 1 failure (a one-line reason on stderr); 2 usage error.
 */
@Command(
    name = "detect spark",
    mixinStandardHelpOptions = true,
    description = "Sharded TFRecords and batch detection on Spark.",
    subcommands = {
      SparkTfRecordCommand.class,
      SparkDetectCommand.class,
      CommandLine.HelpCommand.class
    })
public final class SparkCli implements Runnable {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** Runs the command line and exits with its code. */
  public static void main(String[] args) {
    System.exit(run(args));
  }

  /** Runs the command line and returns the exit code (for tests and embedding). */
  public static int run(String... args) {
    return newCommandLine().execute(args);
  }

  /** A configured picocli command line (output streams can be redirected by the caller). */
  public static CommandLine newCommandLine() {
    CommandLine cl = new CommandLine(new SparkCli());
    cl.setExecutionExceptionHandler(
        (e, line, parsed) -> {
          line.getErr()
              .println(
                  line.getCommandSpec().qualifiedName()
                      + ": error: "
                      + (e.getMessage() == null ? e.toString() : e.getMessage()));
          return 1;
        });
    cl.setParameterExceptionHandler(SparkCli::usageError);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("detect spark: " + e.getMessage());
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    return 2;
  }

  /** Milliseconds as seconds with one decimal. */
  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }
}
