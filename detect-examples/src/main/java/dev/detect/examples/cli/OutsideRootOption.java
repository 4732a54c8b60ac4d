package dev.detect.examples.cli;

import picocli.CommandLine.Option;

/** {@code --allow-outside-root}, shared by the commands that read images named by annotations. */
final class OutsideRootOption {
  @Option(
      names = "--allow-outside-root",
      description =
          "Allow annotations to name images outside the image folder (../, absolute paths,"
              + " symbolic links to elsewhere); refused by default.")
  boolean allowed;
}
