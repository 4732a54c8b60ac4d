package dev.detect.train;

import java.nio.file.Path;

/**
 * A checkpoint that was written.
 *
 * @param prefix the checkpoint prefix ({@code model_dir/ckpt-1000})
 * @param step its global step
 */
public record CheckpointInfo(Path prefix, long step) {}
