package dev.detect.core.config;

/**
 * TFRecord files an input reader of a pipeline.config reads, as the writer that made them reports
 * them (e.g. {@code dev.detect.io.tfrecord.TfRecordWriteResult}), so that {@link
 * PipelineConfig.Builder#trainInput(RecordInput)} takes what was written without paths turned into
 * strings by hand or a shard count repeated.
 */
public interface RecordInput {
  /**
   * The {@code input_path} value: the file, or the pattern of its shards ({@code
   * train.record-?????-of-00004}) that the OD API's readers expand.
   */
  String inputPath();
}
