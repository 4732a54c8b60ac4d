package dev.detect.core.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code train_input_reader} / {@code eval_input_reader} (input_reader.proto) with its defaults.
 *
 * @param labelMapPath label_map_path (default "")
 * @param inputPaths {@code tf_record_input_reader.input_path}, possibly globs such as {@code
 *     train.record-?????-of-00010}
 * @param shuffle default true (eval readers should set false)
 * @param shuffleBufferSize default 2048
 * @param numEpochs 0 = forever (default 0)
 * @param maxNumberOfBoxes boxes per image padded to / cut at (default 100)
 */
public record InputReader(
    String labelMapPath,
    List<String> inputPaths,
    boolean shuffle,
    int shuffleBufferSize,
    long numEpochs,
    int maxNumberOfBoxes) {

  /** Copies the list. */
  public InputReader {
    Objects.requireNonNull(labelMapPath, "labelMapPath");
    inputPaths = List.copyOf(inputPaths);
  }
}
