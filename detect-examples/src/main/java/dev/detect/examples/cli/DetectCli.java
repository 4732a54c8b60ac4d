package dev.detect.examples.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParameterException;

/**
 * The {@code detect} command line: the TensorFlow Object Detection workflow in Java.
 *
 * <p>Exit codes: 0 success; 1 failure (a one-line reason on stderr); 2 usage error; 3 validation
 * found errors.
 */
@Command(
    name = "detect",
    mixinStandardHelpOptions = true,
    versionProvider = DetectCli.Version.class,
    description =
        "TensorFlow object detection workflow in Java: labelImg XML -> CSV -> split ->"
            + " label map -> TFRecord -> pipeline.config -> train -> export -> detect.",
    subcommands = {
      CsvCommand.class,
      SplitCommand.class,
      LabelMapCommand.class,
      ValidateCommand.class,
      ConvertCommand.class,
      TfRecordCommand.class,
      InspectCommand.class,
      ConfigCommand.class,
      DemoCommand.class,
      TrainCommand.class,
      ExportCommand.class,
      DetectCommand.class,
      EvalCommand.class,
      WarmupCommand.class,
      CommandLine.HelpCommand.class
    })
public final class DetectCli implements Runnable {
  /** Exit code of a failed command. */
  public static final int EXIT_FAILURE = 1;

  /** Exit code of a validation that found errors. */
  public static final int EXIT_INVALID_DATA = 3;

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
    CommandLine cl = new CommandLine(new DetectCli());
    cl.setExecutionExceptionHandler(new OneLineErrors());
    cl.setParameterExceptionHandler(DetectCli::usageError);
    return cl;
  }

  @Override
  public void run() {
    spec.commandLine().usage(spec.commandLine().getOut());
  }

  private static int usageError(ParameterException e, String[] args) {
    CommandLine cl = e.getCommandLine();
    PrintWriter err = cl.getErr();
    err.println("detect: " + e.getMessage());
    err.println("Try '" + cl.getCommandSpec().qualifiedName() + " --help' for more information.");
    return cl.getCommandSpec().exitCodeOnInvalidInput();
  }

  /** Prints a failure as one line on stderr ({@code detect <cmd>: reason}) and returns 1. */
  static final class OneLineErrors implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(
        Exception e, CommandLine cl, CommandLine.ParseResult parseResult) {
      String message = e.getMessage() == null ? e.toString() : e.getMessage();
      if (e instanceof java.nio.file.NoSuchFileException) {
        message = "no such file: " + e.getMessage();
      } else if (e instanceof java.nio.file.AccessDeniedException) {
        message = "permission denied: " + e.getMessage();
      }
      cl.getErr().println(cl.getCommandSpec().qualifiedName() + ": " + message.replace('\n', ' '));
      if (Boolean.getBoolean("detect.debug")) {
        e.printStackTrace(cl.getErr());
      }
      return EXIT_FAILURE;
    }
  }

  /** Version from the jar manifest, or "dev". */
  static final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      String v = DetectCli.class.getPackage().getImplementationVersion();
      return new String[] {"detect " + (v == null ? "0.1.0-SNAPSHOT" : v)};
    }
  }
}
