package dev.detect.examples.bench;

import dev.detect.core.config.Preset;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The command-line plumbing the benchmark mains share: each bench is a picocli command, as the
 * {@code detect} CLI's are (exit code 0 on success, 2 on a usage error, 1 on a failure).
 */
final class BenchCli {
  private BenchCli() {}

  /**
   * Runs {@code command} with {@code args}; exits the JVM only with a non-zero code, so that a
   * successful bench ends as before, when its last thread does.
   */
  static void main(Object command, String[] args) {
    int code = new CommandLine(command).execute(args);
    if (code != 0) {
      System.exit(code);
    }
  }

  /** The presets a bench measures, in order: one option value, not a repeatable option. */
  record Presets(List<Preset> list) {
    Presets {
      list = List.copyOf(list);
    }
  }

  /** {@code tiny}, {@code standard} or {@code both} (tiny first). */
  static final class PresetsConverter implements ITypeConverter<Presets> {
    @Override
    public Presets convert(String value) {
      return new Presets(
          switch (value) {
            case "tiny" -> List.of(Preset.TINY);
            case "standard" -> List.of(Preset.SSD_MOBILENET_V2_320X320);
            case "both" -> List.of(Preset.TINY, Preset.SSD_MOBILENET_V2_320X320);
            default ->
                throw new TypeConversionException(
                    "'" + value + "' is not one of tiny, standard, both");
          });
    }
  }

  /** {@code tiny} or {@code standard}. */
  static final class PresetConverter implements ITypeConverter<Preset> {
    @Override
    public Preset convert(String value) {
      return switch (value) {
        case "tiny" -> Preset.TINY;
        case "standard" -> Preset.SSD_MOBILENET_V2_320X320;
        default ->
            throw new TypeConversionException("'" + value + "' is not one of tiny, standard");
      };
    }
  }
}
