/**
 * The Object Detection API {@code pipeline.config}: {@link dev.detect.core.config.PipelineConfig}
 * reads real model-zoo configs losslessly (over {@link dev.detect.core.textproto}), gives typed
 * values with the proto defaults, edits them in place, validates the common mistakes, lists what
 * the trainer does not honour ({@link dev.detect.core.config.PipelineConfig#TRAINER_SUPPORTED}),
 * and ships presets ({@link dev.detect.core.config.Preset}).
 */
package dev.detect.core.config;
