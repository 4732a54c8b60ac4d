package dev.detect.core.config;

/**
 * {@code train_config.fine_tune_checkpoint_version} ({@code CheckpointVersion} in train.proto). The
 * proto default is {@link #V1}, which the TF2 trainer refuses ("Checkpoint version should be V2").
 */
public enum CheckpointVersion {
  /** 0: unknown. */
  UNKNOWN,
  /** 1: a TF1 name-based checkpoint (the proto default). */
  V1,
  /**
   * 2: a TF2 object-based checkpoint ({@code ckpt-0}); what the TF2 trainer needs. detect restores
   * by variable name and reads both kinds whatever this field says.
   */
  V2
}
