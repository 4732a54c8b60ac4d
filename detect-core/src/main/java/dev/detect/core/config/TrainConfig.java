package dev.detect.core.config;

import java.util.List;
import java.util.Objects;

/**
 * {@code train_config} (train.proto) with its defaults.
 *
 * @param batchSize images per step (default 32)
 * @param numSteps training steps; 0 = forever (default 0)
 * @param optimizer the optimizer and learning-rate schedule
 * @param fineTuneCheckpoint checkpoint prefix to start from, e.g. {@code …/checkpoint/ckpt-0}
 *     (default "": train from scratch)
 * @param fineTuneCheckpointType {@code detection}, {@code classification}, {@code full}; when the
 *     field is missing, what the TF1 OD API derives from the deprecated {@code
 *     from_detection_checkpoint} ({@code true}: detection, {@code false}: classification), else ""
 * @param fineTuneCheckpointVersion default V1, which TF2 refuses
 * @param gradientClippingByNorm 0 = no clipping (default 0)
 * @param maxNumberOfBoxes deprecated, default 100
 * @param unpadGroundtruthTensors default true (TF2 configs set false)
 * @param useBfloat16 TPU only (default false)
 * @param dataAugmentationOptions the augmentation steps in order
 */
public record TrainConfig(
    int batchSize,
    long numSteps,
    Optimizer optimizer,
    String fineTuneCheckpoint,
    String fineTuneCheckpointType,
    CheckpointVersion fineTuneCheckpointVersion,
    double gradientClippingByNorm,
    int maxNumberOfBoxes,
    boolean unpadGroundtruthTensors,
    boolean useBfloat16,
    List<AugmentationStep> dataAugmentationOptions) {

  /** Checks for nulls, copies the list. */
  public TrainConfig {
    Objects.requireNonNull(optimizer, "optimizer");
    Objects.requireNonNull(fineTuneCheckpoint, "fineTuneCheckpoint");
    Objects.requireNonNull(fineTuneCheckpointType, "fineTuneCheckpointType");
    Objects.requireNonNull(fineTuneCheckpointVersion, "fineTuneCheckpointVersion");
    dataAugmentationOptions = List.copyOf(dataAugmentationOptions);
  }
}
